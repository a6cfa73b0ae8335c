/**
 * What a real IFC model contains, summarised so an agent can write an IDS that fits it: the
 * classes with their instance counts and (effective) predefined types, the property and
 * quantity sets with each property's data types, counts and example values, the
 * classification systems, the materials and the spatial structure with element counts.
 *
 * Pure over the lazy model view (`model.ts`): it walks relationship instances and the property
 * set definitions they name, not every element, so each shared set is decoded once and
 * geometry is never decoded — a 100 MB model takes about as long as indexing it twice.
 *
 * @module
 */
import { IfcModel, refs } from "./model.ts";
import { Enum, Typed } from "./step.ts";
import type { EntityDef, SchemaName } from "../schema/schema.ts";
import { QUANTITY_MEASURE } from "./units.ts";
import { predefinedTypeOf } from "./facets/entity.ts";
import { systemOf } from "./facets/classification.ts";
import { primitiveValue, UNKNOWN } from "./facets/common.ts";
import { runSliced, runSync, type Sliced } from "../ids/time_slice.ts";
import { IdMap, IntList } from "./int_index.ts";

/** Example values kept per property. */
const EXAMPLES = 5;

export interface EntitySummary {
  [key: string]: unknown;
  /** Upper case, as IDS entity facets spell it. */
  entity: string;
  count: number;
  /** Effective predefined types (type object first, USERDEFINED resolved) with counts. */
  predefined_types: { value: string; count: number }[];
}

export interface PropertySummary {
  [key: string]: unknown;
  name: string;
  /** The IFC data types its values carry (upper case), usually one. */
  data_types: string[];
  /** The first data type, or null when no value has one (references, empty values). */
  data_type: string | null;
  /** Objects that carry it: occurrences (also through their type) and type objects. */
  count: number;
  /** A few distinct values as found. */
  examples: (string | number | boolean)[];
}

export interface PropertySetSummary {
  [key: string]: unknown;
  name: string;
  kind: "pset" | "qto";
  /** Objects carrying the set: occurrences (also through their type) and type objects. */
  count: number;
  properties: PropertySummary[];
  /** Classes (upper case) of the elements and type objects that carry it. */
  entities: string[];
}

export interface ClassificationSummary {
  [key: string]: unknown;
  /** The classification's Name, or null for references that name no system. */
  system: string | null;
  edition: string | null;
  /** Distinct classification references used. */
  references: number;
  /** Objects associated with a reference of the system. */
  elements: number;
  examples: string[];
}

export interface MaterialSummary {
  [key: string]: unknown;
  name: string;
  category: string | null;
  /** Objects associated with it (directly, or through a layer/profile/constituent set). */
  elements: number;
}

export interface SpatialSummary {
  [key: string]: unknown;
  entity: string;
  name: string | null;
  global_id: string | null;
  /** Index of the parent in `spatial_structure`, null for the top. */
  parent: number | null;
  depth: number;
  /** Elements directly contained (IfcRelContainedInSpatialStructure), by class. */
  elements: number;
  element_classes: Record<string, number>;
  /** Spaces aggregated into it (spaces are counted, not listed). */
  spaces: number;
}

export interface ModelInspection {
  [key: string]: unknown;
  schema: SchemaName;
  /** The FILE_SCHEMA identifier as written, e.g. IFC4X3_ADD2. */
  schema_identifier: string;
  instances: number;
  /** Classes of objects and types (IfcObjectDefinition subtypes): what IDS facets select. */
  entities: EntitySummary[];
  /** Every other class with instances (relationships, properties, geometry, resources). */
  other_classes: { entity: string; count: number }[];
  property_sets: PropertySetSummary[];
  classifications: ClassificationSummary[];
  materials: MaterialSummary[];
  spatial_structure: SpatialSummary[];
}

/** Summarises `model` at once; see {@linkcode ModelInspection}. */
export function inspectModel(model: IfcModel): ModelInspection {
  return runSync(inspection(model));
}

/** Progress of an inspection: `done` of `total` (a fixed scale), reported now and then. */
export type InspectProgress = (done: number, total: number) => void;

/**
 * Summarises `model` giving the event loop a turn about every 10 ms (other clients of a
 * server are served meanwhile); rejects with the signal's reason when it aborts.
 * `onProgress` hears the parts done (of {@linkcode INSPECT_STEPS}), ending with all of them.
 */
export function inspectModelAsync(
  model: IfcModel,
  options: { signal?: AbortSignal; onProgress?: InspectProgress } = {},
): Promise<ModelInspection> {
  return runSliced(inspection(model, options.onProgress), options);
}

/** The progress scale of {@linkcode inspectStepBytes}, and the part of it reading takes. */
export const INSPECT_SCALE = 1000;
const READ_SHARE = 600;

/**
 * Indexes STEP bytes and summarises the model, both sliced (see
 * {@linkcode inspectModelAsync}): what the CLI `inspect` and the MCP tool share. `onProgress`
 * hears 0…{@linkcode INSPECT_SCALE}, indexing being the first 60 %. Throws
 * `ModelReadError`/`StepSyntaxError` for bytes that are not a readable model.
 */
export async function inspectStepBytes(
  bytes: Uint8Array,
  options: { signal?: AbortSignal; onProgress?: InspectProgress } = {},
): Promise<ModelInspection> {
  const report = options.onProgress;
  const model = await IfcModel.open(bytes, {
    signal: options.signal,
    onProgress: report &&
      ((done, total) => report(Math.floor((done / total) * READ_SHARE), INSPECT_SCALE)),
  });
  return await inspectModelAsync(model, {
    signal: options.signal,
    onProgress: report &&
      ((done, total) =>
        report(
          READ_SHARE + Math.floor((done / total) * (INSPECT_SCALE - READ_SHARE)),
          INSPECT_SCALE,
        )),
  });
}

/** Items (instances, relationships, sets) between two chances to pause. */
const STEP = 256;

/** The scale of {@linkcode InspectProgress}: the parts of an inspection, as weights. */
export const INSPECT_STEPS = 100;

function* inspection(model: IfcModel, onProgress?: InspectProgress): Sliced<ModelInspection> {
  const report = (done: number) => onProgress?.(done, INSPECT_STEPS);
  report(0);
  const { entities, other } = yield* classes(model);
  report(30);
  const property_sets = yield* propertySets(model);
  report(80);
  const classifications_ = yield* classifications(model);
  report(85);
  const materials_ = yield* materials(model);
  report(90);
  const spatial_structure = yield* spatialStructure(model);
  report(INSPECT_STEPS);
  return {
    schema: model.family,
    schema_identifier: model.step.schemaIdentifier,
    instances: model.step.count,
    entities,
    other_classes: other,
    property_sets,
    classifications: classifications_,
    materials: materials_,
    spatial_structure,
  };
}

function increment<K>(m: Map<K, number>, k: K, by = 1): void {
  m.set(k, (m.get(k) ?? 0) + by);
}

function append<K>(m: Map<K, number[]>, k: K, values: readonly number[]): void {
  const l = m.get(k);
  if (!l) m.set(k, values.slice());
  // Not push(...values): a type object typing ~125,000 occurrences in one relationship (a
  // big model) overflows the call stack with that many arguments.
  else for (const v of values) l.push(v);
}

function countsOf(m: Map<string, number>): { value: string; count: number }[] {
  return [...m].map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/**
 * `predefinedTypeOf` with the type objects' own predefined types remembered: thousands of
 * occurrences share a handful of type objects, whose answer is read once.
 */
function effectivePredefined(
  model: IfcModel,
  id: number,
  ofType: Map<number, string | undefined>,
): string | undefined {
  const typeObj = model.typeObjectOf(id);
  if (typeObj === undefined || typeObj === id) return predefinedTypeOf(model, id);
  let p = ofType.get(typeObj);
  if (p === undefined && !ofType.has(typeObj)) {
    // A type object typed by nothing: its effective predefined type is its own.
    p = model.typeObjectOf(typeObj) === undefined ? predefinedTypeOf(model, typeObj) : "";
    ofType.set(typeObj, p);
  }
  if (p === "") return predefinedTypeOf(model, id); // (an oddity: not remembered)
  // The type's own type wins unless it is NOTDEFINED or empty; then the occurrence's counts.
  return p && p !== "NOTDEFINED" ? p : predefinedTypeOf(model, id);
}

function* classes(
  model: IfcModel,
): Sliced<{ entities: EntitySummary[]; other: { entity: string; count: number }[] }> {
  const typePredefined = new Map<number, string | undefined>();
  const entities: EntitySummary[] = [];
  const other: { entity: string; count: number }[] = [];
  for (const t of [...model.step.typeNames].sort()) {
    // Counted, not listed: most instances are geometry whose ids are never needed.
    const count = model.step.countOfType(t);
    if (!count) continue;
    const def = model.schema.entity(t);
    if (!def?.ancestry.has("IFCOBJECTDEFINITION")) {
      other.push({ entity: t, count });
      continue;
    }
    const types = new Map<string, number>();
    // Predefined types mean something to IDS where the class or its type class has them.
    const typed = def.byName.has("PredefinedType") ||
      model.schema.entity(`${t}TYPE`)?.byName.has("PredefinedType");
    if (typed) {
      let n = 0;
      for (const id of model.instancesOf(t, false)) {
        if (++n % STEP === 0) yield;
        const p = effectivePredefined(model, id, typePredefined);
        if (p) increment(types, p);
      }
    }
    entities.push({ entity: t, count, predefined_types: countsOf(types) });
  }
  return { entities, other };
}

/** Reads `a` and `b` (attribute names) of every instance of `relType`: cheap, no decoding. */
function* relPairs(
  model: IfcModel,
  relType: string,
  a: string,
  b: string,
  each: (as: number[], bs: number[]) => void,
): Sliced<void> {
  let n = 0;
  // The two parameter positions per relationship class (subtypes may differ), looked up once.
  const at = new Map<EntityDef | undefined, [number, number] | null>();
  for (const rel of model.instancesOf(relType)) {
    if (++n % STEP === 0) yield;
    const def = model.defOf(rel);
    let pos = at.get(def);
    if (pos === undefined) {
      const ia = def?.byName.get(a)?.index;
      const ib = def?.byName.get(b)?.index;
      pos = ia === undefined || ib === undefined ? null : [ia, ib];
      at.set(def, pos);
    }
    if (pos === null) continue;
    const [as, bs] = model.step.refsOfParams(rel, pos[0], pos[1]);
    each(as, bs);
  }
}

interface SetAccumulator {
  name: string;
  kind: "pset" | "qto";
  count: number;
  entities: Set<string>;
  props: Map<string, PropAccumulator>;
}

function jsonValue(
  model: IfcModel,
  type: string,
  v: unknown,
): string | number | boolean | undefined {
  const p = primitiveValue(model.schema, type, v as Parameters<typeof primitiveValue>[2]);
  if (p === undefined || p === UNKNOWN || p === "") return undefined;
  return typeof p === "bigint" ? Number(p) : p;
}

type PropAccumulator = {
  types: string[];
  count: number;
  examples: Map<string, string | number | boolean>;
};

/** Notes a value of a property: its type always, the value while examples are wanted. */
function noteValue(model: IfcModel, prop: PropAccumulator, type: string, raw: unknown): void {
  if (!prop.types.includes(type)) prop.types.push(type);
  if (prop.examples.size >= EXAMPLES) return;
  const j = jsonValue(model, type, raw);
  if (j !== undefined) prop.examples.set(`${typeof j}:${j}`, j);
}

/**
 * Adds the properties of one property or quantity set definition, carried by `count` objects,
 * to its set's accumulator (values are converted only while examples are wanted).
 */
function addProperties(model: IfcModel, pset: number, acc: SetAccumulator, count: number): void {
  const listAttr = model.typeOf(pset) === "IFCELEMENTQUANTITY" ? "Quantities" : "HasProperties";
  const at = model.defOf(pset)?.byName.get(listAttr)?.index;
  // The member refs straight from the bytes: no list of Ref objects per set.
  const list = at === undefined ? [] : model.step.refsOfParams(pset, at, -1)[0];
  for (const p of list) {
    const name = model.str(p, "Name");
    if (name === undefined) continue;
    let prop = acc.props.get(name);
    if (!prop) acc.props.set(name, prop = { types: [], count: 0, examples: new Map() });
    prop.count += count;
    const take = (v: unknown) => {
      for (const item of Array.isArray(v) ? v : [v]) {
        if (item instanceof Typed) noteValue(model, prop!, item.type, item.value);
      }
    };
    const pt = model.typeOf(p);
    const measure = QUANTITY_MEASURE[pt];
    if (measure) {
      // The data type is the quantity class's: the value is decoded only for examples.
      if (!prop.types.includes(measure)) prop.types.push(measure);
      if (prop.examples.size < EXAMPLES) {
        const raw = model.step.param(p, 3);
        noteValue(model, prop, measure, raw instanceof Enum ? null : raw);
      }
    } else if (pt === "IFCPROPERTYSINGLEVALUE") take(model.attr(p, "NominalValue"));
    else if (pt === "IFCPROPERTYENUMERATEDVALUE") take(model.attr(p, "EnumerationValues"));
    else if (pt === "IFCPROPERTYLISTVALUE") take(model.attr(p, "ListValues"));
    else if (pt === "IFCPROPERTYBOUNDEDVALUE") {
      for (const a of ["LowerBoundValue", "UpperBoundValue", "SetPointValue"]) {
        if (model.hasAttribute(p, a)) take(model.attr(p, a));
      }
    } else if (pt === "IFCPROPERTYTABLEVALUE") {
      take(model.attr(p, "DefiningValues"));
      take(model.attr(p, "DefinedValues"));
    }
  }
}

/**
 * The objects carrying each property set definition and their classes, in flat typed arrays:
 * a big model has millions of sets (a Map holds at most 2^24 entries, and an object per set
 * is garbage the collector traces). Classes are type indexes + 1 (0: an unknown id); a set
 * carried by objects of several classes (rare) keeps them in `multi`.
 */
class Carriers {
  /** Set ids in order of first sight. */
  readonly psets = new IntList();
  readonly counts = new IntList();
  /** Per slot: the one class (type index + 1), or -1 when several (see `multi`). */
  readonly classes = new IntList();
  readonly multi = new Map<number, Set<number>>();
  private readonly slots = new IdMap();

  constructor(private readonly model: IfcModel) {}

  /** One more object `obj` carrying set `pset`. */
  carry(pset: number, obj: number): void {
    const cls = this.model.step.typeIndexOf(obj) + 1;
    const s = this.slots.get(pset);
    if (s < 0) {
      this.slots.set(pset, this.psets.length);
      this.psets.push(pset);
      this.counts.push(1);
      this.classes.push(cls);
      return;
    }
    this.counts.data[s]++;
    const c = this.classes.data[s];
    if (c === cls) return;
    if (c >= 0) {
      this.multi.set(s, new Set([c, cls]));
      this.classes.data[s] = -1;
    } else this.multi.get(s)!.add(cls);
  }

  /** The class names of the objects carrying the set in `slot`. */
  classNames(slot: number): string[] {
    const c = this.classes.data[slot];
    const name = (k: number) => k === 0 ? "" : this.model.step.typeNames[k - 1];
    return c >= 0 ? [name(c)] : [...this.multi.get(slot)!].map(name);
  }
}

function* propertySets(model: IfcModel): Sliced<PropertySetSummary[]> {
  const carriers = new Carriers(model);
  yield* relPairs(
    model,
    "IFCRELDEFINESBYPROPERTIES",
    "RelatedObjects",
    "RelatingPropertyDefinition",
    (objs, psets) => {
      for (const o of objs) for (const p of psets) carriers.carry(p, o);
    },
  );
  // Type objects carry their HasPropertySets, and so does every occurrence typed by them.
  const occurrencesOfType = new Map<number, number[]>();
  yield* relPairs(model, "IFCRELDEFINESBYTYPE", "RelatedObjects", "RelatingType", (objs, types) => {
    for (const t of types) append(occurrencesOfType, t, objs);
  });
  let n = 0;
  for (const typeObj of model.instancesOf("IFCTYPEOBJECT")) {
    if (++n % STEP === 0) yield;
    const psets = refs(model.attr(typeObj, "HasPropertySets"));
    if (!psets.length) continue;
    const occurrences = occurrencesOfType.get(typeObj) ?? [];
    for (const p of psets) {
      carriers.carry(p, typeObj);
      for (const o of occurrences) carriers.carry(p, o);
    }
  }

  const sets = new Map<string, SetAccumulator>();
  for (let slot = 0; slot < carriers.psets.length; slot++) {
    if (++n % STEP === 0) yield;
    const pset = carriers.psets.data[slot];
    const count = carriers.counts.data[slot];
    const t = model.typeOf(pset);
    if (t !== "IFCPROPERTYSET" && t !== "IFCELEMENTQUANTITY") continue;
    const name = model.str(pset, "Name");
    if (name === undefined) continue;
    let acc = sets.get(name);
    if (!acc) {
      acc = {
        name,
        kind: t === "IFCELEMENTQUANTITY" ? "qto" : "pset",
        count: 0,
        entities: new Set(),
        props: new Map(),
      };
      sets.set(name, acc);
    }
    acc.count += count;
    for (const c of carriers.classNames(slot)) acc.entities.add(c);
    addProperties(model, pset, acc, count);
  }
  return [...sets.values()].sort((a, b) => a.name.localeCompare(b.name)).map((s) => ({
    name: s.name,
    kind: s.kind,
    count: s.count,
    properties: [...s.props].map(([name, p]) => ({
      name,
      data_types: p.types,
      data_type: p.types[0] ?? null,
      count: p.count,
      examples: [...p.examples.values()],
    })),
    entities: [...s.entities].sort(),
  }));
}

function* classifications(model: IfcModel): Sliced<ClassificationSummary[]> {
  const systems = new Map<
    number | null,
    { refs: Set<number>; elements: number; examples: Set<string> }
  >();
  yield* relPairs(
    model,
    "IFCRELASSOCIATESCLASSIFICATION",
    "RelatedObjects",
    "RelatingClassification",
    (objs, targets) => {
      for (const r of targets) {
        const system = systemOf(model, r) ?? null;
        let s = systems.get(system);
        if (!s) systems.set(system, s = { refs: new Set(), elements: 0, examples: new Set() });
        s.elements += objs.length;
        if (!model.isA(r, "IFCCLASSIFICATIONREFERENCE")) continue;
        s.refs.add(r);
        const code = model.hasAttribute(r, "Identification")
          ? model.str(r, "Identification")
          : model.str(r, "ItemReference");
        if (code !== undefined && s.examples.size < EXAMPLES * 2) s.examples.add(code);
      }
    },
  );
  return [...systems].map(([system, s]) => ({
    system: system === null ? null : model.str(system, "Name") ?? null,
    edition: system === null ? null : model.str(system, "Edition") ?? null,
    references: s.refs.size,
    elements: s.elements,
    examples: [...s.examples],
  })).sort((a, b) => b.elements - a.elements);
}

/** Attributes through which material selects (sets, usages, layers…) reach IfcMaterials. */
const MATERIAL_PATHS = [
  "ForLayerSet",
  "ForProfileSet",
  "MaterialLayers",
  "MaterialProfiles",
  "MaterialConstituents",
  "Materials",
  "Material",
];

function materialsIn(model: IfcModel, select: number, out: Set<number>, depth = 0): void {
  if (depth > 8) return;
  if (model.typeOf(select) === "IFCMATERIAL") {
    out.add(select);
    return;
  }
  const def = model.defOf(select);
  for (const a of MATERIAL_PATHS) {
    if (!def?.byName.has(a)) continue;
    for (const r of refs(model.attr(select, a))) materialsIn(model, r, out, depth + 1);
  }
}

function* materials(model: IfcModel): Sliced<MaterialSummary[]> {
  const counts = new Map<number, number>();
  const resolved = new Map<number, Set<number>>();
  yield* relPairs(
    model,
    "IFCRELASSOCIATESMATERIAL",
    "RelatedObjects",
    "RelatingMaterial",
    (objs, sel) => {
      for (const s of sel) {
        let mats = resolved.get(s);
        if (!mats) {
          mats = new Set();
          materialsIn(model, s, mats);
          resolved.set(s, mats);
        }
        for (const m of mats) increment(counts, m, objs.length);
      }
    },
  );
  for (const m of model.instancesOf("IFCMATERIAL")) if (!counts.has(m)) counts.set(m, 0);
  // Materials with the same name (exporters repeat them) are one material to an IDS.
  const byName = new Map<string, MaterialSummary>();
  let k = 0;
  for (const [m, n] of counts) {
    if (++k % STEP === 0) yield;
    const name = model.str(m, "Name") ?? "";
    const category = model.hasAttribute(m, "Category") ? model.str(m, "Category") ?? null : null;
    const key = `${name}\u0000${category ?? ""}`;
    const existing = byName.get(key);
    if (existing) existing.elements += n;
    else byName.set(key, { name, category, elements: n });
  }
  return [...byName.values()].sort((a, b) =>
    b.elements - a.elements || a.name.localeCompare(b.name)
  );
}

function* spatialStructure(model: IfcModel): Sliced<SpatialSummary[]> {
  const children = new Map<number, number[]>();
  yield* relPairs(model, "IFCRELAGGREGATES", "RelatingObject", "RelatedObjects", (whole, parts) => {
    for (const w of whole) append(children, w, parts);
  });
  const contained = new Map<number, Map<string, number>>();
  yield* relPairs(
    model,
    "IFCRELCONTAINEDINSPATIALSTRUCTURE",
    "RelatingStructure",
    "RelatedElements",
    (s, els) => {
      for (const structure of s) {
        let m = contained.get(structure);
        if (!m) contained.set(structure, m = new Map());
        for (const e of els) increment(m, model.typeOf(e));
      }
    },
  );
  const out: SpatialSummary[] = [];
  const seen = new Set<number>();
  const visit = (id: number, parent: number | null, depth: number) => {
    if (seen.has(id) || depth > 32) return;
    seen.add(id);
    const elementClasses = Object.fromEntries(
      [...(contained.get(id) ?? [])].sort((a, b) => b[1] - a[1]),
    );
    const kids = children.get(id) ?? [];
    const index = out.length;
    out.push({
      entity: model.typeOf(id),
      name: model.str(id, "Name") ?? null,
      global_id: model.str(id, "GlobalId") ?? null,
      parent,
      depth,
      elements: Object.values(elementClasses).reduce((a, b) => a + b, 0),
      element_classes: elementClasses,
      spaces: kids.filter((k) => model.typeOf(k) === "IFCSPACE").length,
    });
    for (const k of kids) {
      if (
        model.isA(k, "IFCSPATIALSTRUCTUREELEMENT") && model.typeOf(k) !== "IFCSPACE" ||
        model.isA(k, "IFCSPATIALELEMENT") && !model.isA(k, "IFCSPACE")
      ) {
        visit(k, index, depth + 1);
      }
    }
  };
  for (const p of model.instancesOf("IFCPROJECT")) visit(p, null, 0);
  return out;
}
