/**
 * The indexed model view the facets query: instance types with schema inheritance, attribute
 * access by name, and the inverse relationships IDS needs (properties, types, classifications,
 * materials, aggregation, containment, nesting, groups, voids/fills) plus project units.
 * Each relationship index is built on first use from one pass over that relationship's
 * instances, so a check only pays for the facets it uses.
 *
 * @module
 */
import {
  Enum,
  readStepHeader,
  Ref,
  StepFile,
  type StepProgress,
  type StepValue,
  Typed,
} from "./step.ts";
import {
  type EntityDef,
  getSchema,
  type Schema,
  schemaFamily,
  type SchemaName,
} from "../schema/schema.ts";
import { runSync, type Sliced } from "../ids/time_slice.ts";
import { IntList, Inverse, NONE } from "./int_index.ts";
import { ModelReadError } from "./read_error.ts";

export { ModelReadError };

/** The inverse relationships the facets use: relationship type, related side, relating side. */
const REL = {
  definesByProperties: [
    "IFCRELDEFINESBYPROPERTIES",
    "RelatedObjects",
    "RelatingPropertyDefinition",
  ],
  definesByType: ["IFCRELDEFINESBYTYPE", "RelatedObjects", "RelatingType"],
  classification: ["IFCRELASSOCIATESCLASSIFICATION", "RelatedObjects", "RelatingClassification"],
  material: ["IFCRELASSOCIATESMATERIAL", "RelatedObjects", "RelatingMaterial"],
  aggregates: ["IFCRELAGGREGATES", "RelatedObjects", "RelatingObject", "exact"],
  nests: ["IFCRELNESTS", "RelatedObjects", "RelatingObject", "exact"],
  contained: ["IFCRELCONTAINEDINSPATIALSTRUCTURE", "RelatedElements", "RelatingStructure"],
  groups: ["IFCRELASSIGNSTOGROUP", "RelatedObjects", "RelatingGroup"],
  voids: ["IFCRELVOIDSELEMENT", "RelatedOpeningElement", "RelatingBuildingElement"],
  fills: ["IFCRELFILLSELEMENT", "RelatedBuildingElement", "RelatingOpeningElement"],
  materialProperties: ["IFCMATERIALPROPERTIES", "Material", "__self"],
  profileProperties: ["IFCPROFILEPROPERTIES", "ProfileDefinition", "__self"],
  materialClassifications: [
    "IFCMATERIALCLASSIFICATIONRELATIONSHIP",
    "ClassifiedMaterial",
    "MaterialClassifications",
  ],
  externalReferences: [
    "IFCEXTERNALREFERENCERELATIONSHIP",
    "RelatedResourceObjects",
    "RelatingReference",
  ],
} as const satisfies Record<string, readonly [string, string, string, "exact"?]>;
type RelKey = keyof typeof REL;

/** The refs inside a value that may be a single ref or a (nested) list of refs. */
export function refs(v: StepValue | undefined): number[] {
  const out: number[] = [];
  addRefs(v, out);
  return out;
}

function addRefs(v: StepValue | undefined, out: number[]): void {
  if (v instanceof Ref) out.push(v.id);
  else if (Array.isArray(v)) { for (const x of v) addRefs(x, out); }
}

function familyOf(schemaIdentifier: string): SchemaName {
  const fam = schemaFamily(schemaIdentifier);
  if (!fam) {
    throw new ModelReadError(
      `unsupported IFC schema '${schemaIdentifier}' in FILE_SCHEMA; expected IFC2X3, IFC4 or IFC4X3`,
    );
  }
  return fam;
}

/**
 * Throws what `new IfcModel(bytes)` would throw when the header alone shows the model cannot
 * be read (not STEP, unsupported schema), without indexing it: lets a caller that stops
 * before reading the model (an invalid IDS) still name a bad model.
 */
export function probeModelHeader(bytes: Uint8Array): void {
  familyOf(readStepHeader(bytes).schemaIdentifier);
}

export class IfcModel {
  readonly step: StepFile;
  readonly family: SchemaName;
  readonly schema: Schema;
  private rels: Partial<Record<RelKey, Inverse>> = {};
  private units?: Map<string, number>;
  /** Entity definitions by the file's type index (resolved once per type, not per call). */
  private defs: (EntityDef | null | undefined)[] = [];

  /** Reads `bytes` at once, or wraps a file already indexed (see {@linkcode open}). */
  constructor(bytes: Uint8Array | StepFile, onProgress?: StepProgress) {
    this.step = bytes instanceof StepFile ? bytes : new StepFile(bytes, onProgress);
    this.family = familyOf(this.step.schemaIdentifier);
    this.schema = getSchema(this.family);
  }

  /**
   * Reads a model without blocking: the index scan yields to the event loop every few MiB
   * (other calls are served meanwhile) and stops when `signal` aborts.
   */
  static async open(
    bytes: Uint8Array,
    options: { onProgress?: StepProgress; signal?: AbortSignal } = {},
  ): Promise<IfcModel> {
    return new IfcModel(await StepFile.open(bytes, options));
  }

  /** Upper-case entity name of `#id`. */
  typeOf(id: number): string {
    return this.step.typeOf(id) ?? "";
  }

  /** True when `#id` is an instance of `ancestor` (upper case) or one of its subtypes. */
  isA(id: number, ancestor: string): boolean {
    return this.defOf(id)?.ancestry.has(ancestor) ?? false;
  }

  /** The schema definition of `#id`'s entity (undefined for unknown types or ids). */
  defOf(id: number): EntityDef | undefined {
    const t = this.step.typeIndexOf(id);
    if (t < 0) return undefined;
    let d = this.defs[t];
    if (d === undefined) {
      d = this.schema.entities.get(this.step.typeNames[t]) ?? null;
      this.defs[t] = d;
    }
    return d ?? undefined;
  }

  /** True when the entity of `#id` declares an explicit attribute `name`. */
  hasAttribute(id: number, name: string): boolean {
    return this.defOf(id)?.byName.has(name) ?? false;
  }

  /** Attribute `name` of `#id`: undefined when the entity has no such attribute. */
  attr(id: number, name: string): StepValue | undefined {
    const def = this.defOf(id)?.byName.get(name);
    if (!def) return undefined;
    return this.step.param(id, def.index) ?? null;
  }

  /** A string attribute (labels, identifiers, texts), else undefined. */
  str(id: number, name: string): string | undefined {
    let v = this.attr(id, name);
    if (v instanceof Typed) v = v.value;
    return typeof v === "string" ? v : undefined;
  }

  /** An enumeration attribute's value, else undefined. */
  enumValue(id: number, name: string): string | undefined {
    const v = this.attr(id, name);
    return v instanceof Enum ? v.value : undefined;
  }

  /** A single-reference attribute, else undefined. */
  ref(id: number, name: string): number | undefined {
    const v = this.attr(id, name);
    return v instanceof Ref ? v.id : undefined;
  }

  /** Ids of instances of `name` (upper case), with or without subtypes, in file order. */
  instancesOf(name: string, includeSubtypes = true): number[] {
    return this.step.idsOfTypes(includeSubtypes ? this.schema.withSubtypes(name) : [name]);
  }

  /** Ids of all instances whose type is any of the given names, with subtypes. */
  instancesOfAny(names: readonly string[]): number[] {
    const all = new Set<string>();
    for (const n of names) for (const s of this.schema.withSubtypes(n)) all.add(s);
    return this.step.idsOfTypes(all);
  }

  /** The inverse relationship `key`, built on first use. */
  private inverse(key: RelKey): Inverse {
    return this.rels[key] ?? runSync(this.inverseSliced(key));
  }

  /**
   * Builds the relationship indexes the given facet kinds use, as sliced work (time_slice.ts):
   * a check runs it before its element loop, so that building an index over a big model (half
   * a second for the property relationships of 30 MB) does not block the event loop at once.
   */
  *prepareSliced(facetKinds: ReadonlySet<string>): Sliced<void> {
    const needs = (...kinds: string[]) => kinds.some((k) => facetKinds.has(k));
    if (needs("entity", "property", "classification", "material")) {
      yield* this.inverseSliced("definesByType");
    }
    if (needs("property")) yield* this.inverseSliced("definesByProperties");
    if (needs("classification")) yield* this.inverseSliced("classification");
    if (needs("material")) yield* this.inverseSliced("material");
    if (needs("partOf")) {
      yield* this.inverseSliced("aggregates");
      yield* this.inverseSliced("nests");
      yield* this.inverseSliced("contained");
      yield* this.inverseSliced("groups");
    }
  }

  private *inverseSliced(key: RelKey): Sliced<Inverse> {
    const built = this.rels[key];
    if (built) return built;
    const [relType, related, relating, exact] = REL[key] as readonly [
      string,
      string,
      string,
      "exact"?,
    ];
    const objs = new IntList();
    const targets = new IntList();
    const scratch: [number[], number[]] = [[], []];
    /** Per relationship type in the file: the related and relating parameter indexes. */
    const sides: [number, number][] = [];
    let n = 0;
    if (this.schema.entity(relType)) {
      for (const rel of this.instancesOf(relType, exact !== "exact")) {
        if (++n % 256 === 0) yield;
        const t = this.step.typeIndexOf(rel);
        let at = sides[t];
        if (at === undefined) {
          const def = this.defOf(rel);
          at = sides[t] = [
            def?.byName.get(related)?.index ?? -1,
            relating === "__self" ? -1 : def?.byName.get(relating)?.index ?? -1,
          ];
        }
        const [ri, gi] = at;
        if (ri < 0) continue;
        if (relating === "__self") {
          for (const obj of this.step.refsOfParams(rel, ri, -1, scratch)[0]) {
            objs.push(obj);
            targets.push(rel);
          }
          continue;
        }
        if (gi < 0) continue;
        const [os, ts] = this.step.refsOfParams(rel, ri, gi, scratch);
        for (const obj of os) {
          for (const target of ts) {
            objs.push(obj);
            targets.push(target);
          }
        }
      }
    }
    const inv = new Inverse(objs, targets);
    objs.free();
    targets.free();
    this.rels[key] = inv;
    return inv;
  }

  /** Property set definitions attached to an object occurrence (IfcRelDefinesByProperties). */
  propertyDefinitionsOf(id: number): readonly number[] {
    return this.inverse("definesByProperties").get(id);
  }

  /** The type object of an occurrence (IfcRelDefinesByType; IsTypedBy / IsDefinedBy). */
  typeObjectOf(id: number): number | undefined {
    return this.inverse("definesByType").first(id);
  }

  /** Classification references/classifications associated with an object. */
  classificationsOf(id: number): readonly number[] {
    return this.inverse("classification").get(id);
  }

  /** Material selects associated with an object (IfcRelAssociatesMaterial). */
  materialsOf(id: number): readonly number[] {
    return this.inverse("material").get(id);
  }

  /** The first material select associated with an object, or undefined. */
  materialOf(id: number): number | undefined {
    return this.inverse("material").first(id);
  }

  /** The whole this object is aggregated into (IfcRelAggregates only, not nests). */
  aggregateOf(id: number): number | undefined {
    return this.inverse("aggregates").first(id);
  }

  /** The whole this object is nested in (IfcRelNests). */
  nestOf(id: number): number | undefined {
    return this.inverse("nests").first(id);
  }

  /** The spatial structure element directly containing this element. */
  containerOf(id: number): number | undefined {
    return this.inverse("contained").first(id);
  }

  /** Groups this object is assigned to (IfcRelAssignsToGroup and subtypes). */
  groupsOf(id: number): readonly number[] {
    return this.inverse("groups").get(id);
  }

  /** The element an opening voids (IfcRelVoidsElement). */
  voidedElementOf(openingId: number): number | undefined {
    return this.inverse("voids").first(openingId);
  }

  /** The opening an element fills (IfcRelFillsElement). */
  filledOpeningOf(id: number): number | undefined {
    return this.inverse("fills").first(id);
  }

  /** Property sets of materials and profiles (IfcMaterialProperties, IfcProfileProperties). */
  materialPropertiesOf(id: number): number[] {
    const a = this.schema.entity("IFCMATERIALPROPERTIES")?.byName.has("Material")
      ? this.inverse("materialProperties").get(id)
      : NONE;
    const b = this.schema.entity("IFCPROFILEPROPERTIES")?.byName.has("ProfileDefinition")
      ? this.inverse("profileProperties").get(id)
      : NONE;
    return [...a, ...b];
  }

  /** IFC2X3 material classifications (IfcMaterialClassificationRelationship). */
  materialClassificationsOf(id: number): readonly number[] {
    if (!this.schema.entity("IFCMATERIALCLASSIFICATIONRELATIONSHIP")) return NONE;
    return this.inverse("materialClassifications").get(id);
  }

  /** External references attached to resources (IfcExternalReferenceRelationship, IFC4+). */
  externalReferencesOf(id: number): readonly number[] {
    if (!this.schema.entity("IFCEXTERNALREFERENCERELATIONSHIP")) return NONE;
    return this.inverse("externalReferences").get(id);
  }

  /** The project's default units by unit type (e.g. LENGTHUNIT → #id of the unit). */
  projectUnits(): Map<string, number> {
    return this.units ??= (() => {
      const m = new Map<string, number>();
      const project = this.instancesOf("IFCPROJECT")[0] ?? this.instancesOf("IFCCONTEXT")[0];
      if (project === undefined) return m;
      const assignment = this.ref(project, "UnitsInContext");
      if (assignment === undefined) return m;
      for (const u of refs(this.attr(assignment, "Units"))) {
        const t = this.enumValue(u, "UnitType");
        if (t && !m.has(t)) m.set(t, u);
      }
      return m;
    })();
  }
}
