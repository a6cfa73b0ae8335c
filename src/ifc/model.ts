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

/** Raised when the model cannot be read (not STEP, unknown schema). */
export class ModelReadError extends Error {
  override readonly name = "ModelReadError";
}

type Multi = Map<number, number[]>;

function push(m: Multi, k: number, v: number): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** The refs inside a value that may be a single ref or a (nested) list of refs. */
export function refs(v: StepValue | undefined): number[] {
  if (v instanceof Ref) return [v.id];
  if (Array.isArray(v)) return v.flatMap((x) => refs(x));
  return [];
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
  private rels = new Map<string, unknown>();
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
    const values = this.step.attributes(id);
    return values?.[def.index] ?? null;
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

  private relation<T>(key: string, build: () => T): T {
    let r = this.rels.get(key) as T | undefined;
    if (r === undefined) {
      r = build();
      this.rels.set(key, r);
    }
    return r;
  }

  /**
   * Maps each related object to the relating side(s) of `relType` (exact type and subtypes).
   * `related` and `relating` are attribute names of the relationship.
   */
  private inverse(relType: string, related: string, relating: string, exact = false): Multi {
    const built = this.rels.get(`${relType}/${related}/${relating}`) as Multi | undefined;
    return built ?? runSync(this.inverseSliced(relType, related, relating, exact));
  }

  /**
   * Builds the relationship indexes the given facet kinds use, as sliced work (time_slice.ts):
   * a check runs it before its element loop, so that building an index over a big model (half
   * a second for the property relationships of 30 MB) does not block the event loop at once.
   */
  *prepareSliced(facetKinds: ReadonlySet<string>): Sliced<void> {
    const needs = (...kinds: string[]) => kinds.some((k) => facetKinds.has(k));
    if (needs("entity", "property")) {
      yield* this.inverseSliced("IFCRELDEFINESBYTYPE", "RelatedObjects", "RelatingType");
    }
    if (needs("property")) {
      yield* this.inverseSliced(
        "IFCRELDEFINESBYPROPERTIES",
        "RelatedObjects",
        "RelatingPropertyDefinition",
      );
    }
    if (needs("classification")) {
      yield* this.inverseSliced(
        "IFCRELASSOCIATESCLASSIFICATION",
        "RelatedObjects",
        "RelatingClassification",
      );
    }
    if (needs("material")) {
      yield* this.inverseSliced("IFCRELASSOCIATESMATERIAL", "RelatedObjects", "RelatingMaterial");
    }
    if (needs("partOf")) {
      yield* this.inverseSliced("IFCRELAGGREGATES", "RelatedObjects", "RelatingObject", true);
      yield* this.inverseSliced("IFCRELNESTS", "RelatedObjects", "RelatingObject", true);
      yield* this.inverseSliced(
        "IFCRELCONTAINEDINSPATIALSTRUCTURE",
        "RelatedElements",
        "RelatingStructure",
      );
      yield* this.inverseSliced("IFCRELASSIGNSTOGROUP", "RelatedObjects", "RelatingGroup");
    }
  }

  private *inverseSliced(
    relType: string,
    related: string,
    relating: string,
    exact = false,
  ): Sliced<Multi> {
    const key = `${relType}/${related}/${relating}`;
    const built = this.rels.get(key) as Multi | undefined;
    if (built) return built;
    const m: Multi = new Map();
    let n = 0;
    for (const rel of this.instancesOf(relType, !exact)) {
      if (++n % 256 === 0) yield;
      const def = this.defOf(rel);
      const ri = def?.byName.get(related)?.index;
      if (ri === undefined) continue;
      if (relating === "__self") {
        for (const obj of this.step.refsOfParams(rel, ri, -1)[0]) push(m, obj, rel);
        continue;
      }
      const gi = def?.byName.get(relating)?.index;
      if (gi === undefined) continue;
      const [objs, targets] = this.step.refsOfParams(rel, ri, gi);
      for (const obj of objs) for (const t of targets) push(m, obj, t);
    }
    this.rels.set(key, m);
    return m;
  }

  /** Property set definitions attached to an object occurrence (IfcRelDefinesByProperties). */
  propertyDefinitionsOf(id: number): number[] {
    return this.inverse("IFCRELDEFINESBYPROPERTIES", "RelatedObjects", "RelatingPropertyDefinition")
      .get(id) ?? [];
  }

  /** The type object of an occurrence (IfcRelDefinesByType; IsTypedBy / IsDefinedBy). */
  typeObjectOf(id: number): number | undefined {
    return this.inverse("IFCRELDEFINESBYTYPE", "RelatedObjects", "RelatingType").get(id)?.[0];
  }

  /** Classification references/classifications associated with an object. */
  classificationsOf(id: number): number[] {
    return this.inverse(
      "IFCRELASSOCIATESCLASSIFICATION",
      "RelatedObjects",
      "RelatingClassification",
    ).get(id) ?? [];
  }

  /** Material selects associated with an object (IfcRelAssociatesMaterial). */
  materialsOf(id: number): number[] {
    return this.inverse("IFCRELASSOCIATESMATERIAL", "RelatedObjects", "RelatingMaterial").get(id) ??
      [];
  }

  /** The whole this object is aggregated into (IfcRelAggregates only, not nests). */
  aggregateOf(id: number): number | undefined {
    return this.inverse("IFCRELAGGREGATES", "RelatedObjects", "RelatingObject", true).get(id)?.[0];
  }

  /** The whole this object is nested in (IfcRelNests). */
  nestOf(id: number): number | undefined {
    return this.inverse("IFCRELNESTS", "RelatedObjects", "RelatingObject", true).get(id)?.[0];
  }

  /** The spatial structure element directly containing this element. */
  containerOf(id: number): number | undefined {
    return this.inverse(
      "IFCRELCONTAINEDINSPATIALSTRUCTURE",
      "RelatedElements",
      "RelatingStructure",
    ).get(id)?.[0];
  }

  /** Groups this object is assigned to (IfcRelAssignsToGroup and subtypes). */
  groupsOf(id: number): number[] {
    return this.inverse("IFCRELASSIGNSTOGROUP", "RelatedObjects", "RelatingGroup").get(id) ?? [];
  }

  /** The element an opening voids (IfcRelVoidsElement). */
  voidedElementOf(openingId: number): number | undefined {
    return this.inverse("IFCRELVOIDSELEMENT", "RelatedOpeningElement", "RelatingBuildingElement")
      .get(openingId)?.[0];
  }

  /** The opening an element fills (IfcRelFillsElement). */
  filledOpeningOf(id: number): number | undefined {
    return this.inverse("IFCRELFILLSELEMENT", "RelatedBuildingElement", "RelatingOpeningElement")
      .get(id)?.[0];
  }

  /** Property sets of materials and profiles (IfcMaterialProperties, IfcProfileProperties). */
  materialPropertiesOf(id: number): number[] {
    const a = this.schema.entity("IFCMATERIALPROPERTIES")?.byName.has("Material")
      ? this.inverse("IFCMATERIALPROPERTIES", "Material", "__self").get(id) ?? []
      : [];
    const b = this.schema.entity("IFCPROFILEPROPERTIES")?.byName.has("ProfileDefinition")
      ? this.inverse("IFCPROFILEPROPERTIES", "ProfileDefinition", "__self").get(id) ?? []
      : [];
    return [...a, ...b];
  }

  /** IFC2X3 material classifications (IfcMaterialClassificationRelationship). */
  materialClassificationsOf(id: number): number[] {
    if (!this.schema.entity("IFCMATERIALCLASSIFICATIONRELATIONSHIP")) return [];
    return this.inverse(
      "IFCMATERIALCLASSIFICATIONRELATIONSHIP",
      "ClassifiedMaterial",
      "MaterialClassifications",
    ).get(id) ?? [];
  }

  /** External references attached to resources (IfcExternalReferenceRelationship, IFC4+). */
  externalReferencesOf(id: number): number[] {
    if (!this.schema.entity("IFCEXTERNALREFERENCERELATIONSHIP")) return [];
    return this.inverse(
      "IFCEXTERNALREFERENCERELATIONSHIP",
      "RelatedResourceObjects",
      "RelatingReference",
    ).get(id) ?? [];
  }

  /** The project's default units by unit type (e.g. LENGTHUNIT → #id of the unit). */
  projectUnits(): Map<string, number> {
    return this.relation("units", () => {
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
    });
  }
}
