/**
 * Property facet: a property (or quantity) in a named property set (or quantity set),
 * optionally with a data type and a value.
 *
 * - Property sets of an occurrence are those of its type object overlaid by its own
 *   (occurrence properties override type properties of the same set and name).
 * - Every matching property in every matching set must satisfy the requirement.
 * - Null values, empty strings and logical UNKNOWN count as no value.
 * - Single, enumerated, list, bounded and table values are supported (a value requirement
 *   passes when any of a multi-valued property's values matches); reference and complex
 *   properties are not values and fail. Predefined property sets (e.g. door panel
 *   properties) expose their attributes as properties.
 * - Measures are converted to SI units (the property's own unit, else the project unit).
 *
 * @module
 */
import type { IdsValue, PropertyFacet } from "../../ids/model.ts";
import { type Actual, nameMatches, valueMatches } from "../../ids/match.ts";
import { type IfcModel, refs } from "../model.ts";
import { IdMap, IntList } from "../int_index.ts";
import { Ref, type StepValue, Typed } from "../step.ts";
import { convertToSi, QUANTITY_MEASURE } from "../units.ts";
import {
  attributeValue,
  checkerOf,
  type FacetChecker,
  fail,
  named,
  nameMatchesMemo,
  type Outcome,
  PASS,
  primitiveValue,
  showActual,
  showIds,
  UNKNOWN,
} from "./common.ts";

/** A property as found in a set: its entity id, or a predefined-set attribute value. */
type PropRef = number | { readonly predefined: StepValue; readonly type: string };

/** A property set of an element as a facet sees it (type and occurrence sets merged). */
interface PsetView {
  readonly name: string;
  /** Property names (indexes into the model's {@linkcode PsetTable} names), unique. */
  readonly propNames: number[];
  readonly refs: PropRef[];
}

const ROOT_ATTRS = new Set(["GlobalId", "OwnerHistory", "Name", "Description"]);

/** Properties of one property set definition, by name (the last of a repeated name wins). */
function propsOf(model: IfcModel, pset: number): Map<string, PropRef> {
  const m = new Map<string, PropRef>();
  const t = model.typeOf(pset);
  let list: number[] | undefined;
  if (model.isA(pset, "IFCPROPERTYSET")) list = refs(model.attr(pset, "HasProperties"));
  else if (model.isA(pset, "IFCELEMENTQUANTITY")) list = refs(model.attr(pset, "Quantities"));
  else if (model.hasAttribute(pset, "Properties")) list = refs(model.attr(pset, "Properties"));
  else if (model.hasAttribute(pset, "ExtendedProperties")) {
    list = refs(model.attr(pset, "ExtendedProperties"));
  }
  if (list) {
    for (const p of list) {
      const name = model.str(p, "Name");
      if (name !== undefined) m.set(name, p);
    }
    return m;
  }
  // Predefined property sets: attributes are the properties.
  const def = model.schema.entity(t);
  const raw = model.step.attributes(pset) ?? [];
  for (const a of def?.attributes ?? []) {
    if (ROOT_ATTRS.has(a.name)) continue;
    const v = raw[a.index] ?? null;
    if (v instanceof Ref || Array.isArray(v)) continue;
    const typeName = a.type.kind === "defined" || a.type.kind === "enum" ? a.type.name : "";
    m.set(a.name, { predefined: v, type: typeName });
  }
  return m;
}

const UNSEEN = -2;

/**
 * Per model: every property set definition a check looked at, with its name and properties,
 * in typed arrays (a model has hundreds of thousands of sets; objects and Maps per set made
 * the garbage collector trace them all). Set and property names are interned.
 */
class PsetTable {
  readonly names: string[] = [];
  private readonly nameIndex = new Map<string, number>();
  private readonly slots = new IdMap();
  /** Per slot: the set's interned name, or -1 when it has none. */
  private readonly setName = new IntList();
  /** Per slot: where its properties start / end in `propName`/`propId` (UNSEEN: not read). */
  private readonly propStart = new IntList();
  private readonly propEnd = new IntList();
  private readonly propName = new IntList();
  private readonly propId = new IntList();
  /** Properties of predefined sets (attribute values, rare), by slot. */
  private readonly predefined = new Map<number, PropRef[]>();
  /** Per type index of the file: where an element of that type finds its property sets. */
  readonly kinds: ("type" | "material" | "occurrence")[] = [];
  /** Property sets of type objects (few, shared by many occurrences). */
  readonly typeSets = new Map<number, number[]>();
  /**
   * Per element looked at: its property sets (slot and id, in `psetIdsOf` order) at
   * `elemSlot`/`elemPset[elemStart[e]…elemEnd[e]]`. Each specification's property facets visit
   * the same elements again; this spares them the relationship look-ups.
   */
  private readonly elements = new IdMap();
  private readonly elemStart = new IntList();
  private readonly elemEnd = new IntList();
  private readonly elemSlot = new IntList();
  private readonly elemPset = new IntList();

  constructor(readonly model: IfcModel) {}

  /** Where element `id`'s property sets are listed (see `elements`), read on first sight. */
  element(id: number): number {
    let e = this.elements.get(id);
    if (e < 0) {
      e = this.elemStart.length;
      this.elements.set(id, e);
      this.elemStart.push(this.elemSlot.length);
      for (const pset of psetIdsOf(this.model, this, id)) {
        this.elemSlot.push(this.slot(pset));
        this.elemPset.push(pset);
      }
      this.elemEnd.push(this.elemSlot.length);
    }
    return e;
  }

  /** Element `e`'s first listed set; its sets are `setSlot(i)`/`setId(i)` up to `lastOf`. */
  firstOf(e: number): number {
    return this.elemStart.data[e];
  }

  lastOf(e: number): number {
    return this.elemEnd.data[e];
  }

  setSlot(i: number): number {
    return this.elemSlot.data[i];
  }

  setId(i: number): number {
    return this.elemPset.data[i];
  }

  intern(name: string): number {
    let k = this.nameIndex.get(name);
    if (k === undefined) {
      k = this.names.length;
      this.names.push(name);
      this.nameIndex.set(name, k);
    }
    return k;
  }

  /** The slot of set `pset`, reading its name on first sight. */
  slot(pset: number): number {
    let s = this.slots.get(pset);
    if (s < 0) {
      s = this.setName.length;
      this.slots.set(pset, s);
      const name = this.model.str(pset, "Name");
      this.setName.push(name === undefined ? -1 : this.intern(name));
      this.propStart.push(UNSEEN);
      this.propEnd.push(UNSEEN);
    }
    return s;
  }

  /** The interned name of the set in `slot`, or -1. */
  nameOf(slot: number): number {
    return this.setName.data[slot];
  }

  /** Appends the properties of the set in `slot` (pset id `pset`) to a view's lists. */
  addProps(slot: number, pset: number, view: PsetView): void {
    if (this.propStart.data[slot] === UNSEEN) {
      const props = propsOf(this.model, pset);
      this.propStart.data[slot] = this.propName.length;
      const pre: PropRef[] = [];
      for (const [name, ref] of props) {
        this.propName.push(this.intern(name));
        this.propId.push(typeof ref === "number" ? ref : -1);
        if (typeof ref !== "number") pre.push(ref);
      }
      this.propEnd.data[slot] = this.propName.length;
      if (pre.length) this.predefined.set(slot, pre);
    }
    const pre = this.predefined.get(slot);
    let k = 0;
    for (let i = this.propStart.data[slot], e = this.propEnd.data[slot]; i < e; i++) {
      const name = this.propName.data[i];
      const id = this.propId.data[i];
      const ref: PropRef = id >= 0 ? id : pre![k++];
      const at = view.propNames.indexOf(name);
      if (at >= 0) view.refs[at] = ref;
      else {
        view.propNames.push(name);
        view.refs.push(ref);
      }
    }
  }
}

const tables = new WeakMap<IfcModel, PsetTable>();

function tableOf(model: IfcModel): PsetTable {
  let t = tables.get(model);
  if (!t) {
    t = new PsetTable(model);
    tables.set(model, t);
  }
  return t;
}

/** Property set definition ids of an element: its type's first, then its own. */
function psetIdsOf(model: IfcModel, table: PsetTable, id: number): readonly number[] {
  const t = model.step.typeIndexOf(id);
  let kind = table.kinds[t];
  if (kind === undefined) {
    kind = model.isA(id, "IFCTYPEOBJECT")
      ? "type"
      : model.isA(id, "IFCMATERIALDEFINITION") || model.isA(id, "IFCPROFILEDEF") ||
          model.isA(id, "IFCMATERIAL") // IFC2X3: IfcExtendedMaterialProperties
      ? "material"
      : "occurrence";
    if (t >= 0) table.kinds[t] = kind;
  }
  if (kind === "type") return refs(model.attr(id, "HasPropertySets"));
  if (kind === "material") return model.materialPropertiesOf(id);
  const typeObj = model.typeObjectOf(id);
  const own = model.propertyDefinitionsOf(id);
  if (typeObj === undefined) return own;
  let typeSets = table.typeSets.get(typeObj);
  if (!typeSets) {
    typeSets = refs(model.attr(typeObj, "HasPropertySets"));
    table.typeSets.set(typeObj, typeSets);
  }
  return own.length ? [...typeSets, ...own] : typeSets;
}

/**
 * The property sets of an element whose name matches `filter` (all when absent), occurrence
 * properties overriding type properties of the same set, by set name, in order of first
 * appearance.
 */
function psetsOf(
  model: IfcModel,
  id: number,
  filter?: (name: number) => boolean,
): PsetView[] {
  const table = tableOf(model);
  const out: PsetView[] = [];
  let names: number[] | undefined;
  const e = table.element(id);
  for (let i = table.firstOf(e), end = table.lastOf(e); i < end; i++) {
    const slot = table.setSlot(i);
    const pset = table.setId(i);
    const name = table.nameOf(slot);
    if (name < 0 || (filter && !filter(name))) continue;
    names ??= [];
    const at = names.indexOf(name);
    let view: PsetView;
    if (at >= 0) view = out[at];
    else {
      view = { name: table.names[name], propNames: [], refs: [] };
      names.push(name);
      out.push(view);
    }
    table.addProps(slot, pset, view);
  }
  return out;
}

interface PropValues {
  /** Values to match (already in SI units); empty: the property has no value. */
  readonly values: Actual[];
  /** The IFC data type (upper case) of the values, when known. */
  readonly dataType?: string;
  /** Set when the property kind cannot hold IDS-checkable values. */
  readonly unsupported?: string;
  /** The property holds a value that counts as empty ('' or UNKNOWN), not null. */
  readonly emptyPresent?: boolean;
  /** A bounded value's bounds (SI units); a missing side is open. */
  readonly bounds?: { readonly lower?: Actual; readonly upper?: Actual };
}

function typedValues(
  model: IfcModel,
  v: StepValue | undefined,
  unit: number | undefined,
): { values: Actual[]; types: string[]; emptyPresent: boolean } {
  const values: Actual[] = [];
  const types: string[] = [];
  let emptyPresent = false;
  const items = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  for (const item of items) {
    if (!(item instanceof Typed)) continue;
    let p = primitiveValue(model.schema, item.type, item.value);
    if (p === UNKNOWN || p === "") {
      emptyPresent = true;
      types.push(item.type);
      continue;
    }
    if (p === undefined) continue;
    if (typeof p === "number") p = convertToSi(model, p, item.type, unit);
    values.push(p);
    types.push(item.type);
  }
  return { values, types, emptyPresent };
}

function valuesOf(model: IfcModel, ref: PropRef, dataType?: string): PropValues {
  if (typeof ref !== "number") {
    const v = ref.predefined;
    const p = v === null ? undefined : primitiveValue(model.schema, ref.type || undefined, v);
    if (p === undefined || p === UNKNOWN || p === "") return { values: [] };
    return { values: [p as Actual], dataType: ref.type.toUpperCase() || undefined };
  }
  const id = ref;
  const t = model.typeOf(id);
  const unit = model.hasAttribute(id, "Unit") ? model.ref(id, "Unit") : undefined;
  switch (t) {
    case "IFCPROPERTYSINGLEVALUE": {
      const { values, types, emptyPresent } = typedValues(
        model,
        model.attr(id, "NominalValue"),
        unit,
      );
      return { values, dataType: types[0], emptyPresent };
    }
    case "IFCPROPERTYENUMERATEDVALUE": {
      const enumRef = model.ref(id, "EnumerationReference");
      const enumUnit = enumRef !== undefined ? model.ref(enumRef, "Unit") : undefined;
      const { values, types } = typedValues(model, model.attr(id, "EnumerationValues"), enumUnit);
      return { values, dataType: types[0] };
    }
    case "IFCPROPERTYLISTVALUE": {
      const { values, types } = typedValues(model, model.attr(id, "ListValues"), unit);
      return { values, dataType: types[0] };
    }
    case "IFCPROPERTYBOUNDEDVALUE": {
      const values: Actual[] = [];
      let type: string | undefined;
      const bounds: { lower?: Actual; upper?: Actual } = {};
      for (const a of ["UpperBoundValue", "LowerBoundValue", "SetPointValue"]) {
        if (!model.hasAttribute(id, a)) continue;
        const r = typedValues(model, model.attr(id, a), unit);
        values.push(...r.values);
        if (r.types.length) type = r.types[0];
        if (a === "UpperBoundValue") bounds.upper = r.values[0];
        if (a === "LowerBoundValue") bounds.lower = r.values[0];
      }
      return { values, dataType: type, bounds };
    }
    case "IFCPROPERTYTABLEVALUE": {
      const values: Actual[] = [];
      let type: string | undefined;
      for (
        const [col, unitAttr] of [["DefiningValues", "DefiningUnit"], [
          "DefinedValues",
          "DefinedUnit",
        ]]
      ) {
        const r = typedValues(model, model.attr(id, col), model.ref(id, unitAttr));
        if (!r.types.length) continue;
        type ??= r.types[0];
        if (dataType && r.types[0] !== dataType) continue;
        values.push(...r.values);
        type = r.types[0];
      }
      return { values, dataType: type };
    }
  }
  const measure = QUANTITY_MEASURE[t];
  if (measure) {
    const raw = model.step.param(id, 3) ?? null;
    const def = model.schema.entity(t)?.attributes[3];
    let p = def ? attributeValue(model.schema, def.type, raw) : undefined;
    if (p === UNKNOWN || p === undefined || typeof p === "object") return { values: [] };
    if (typeof p === "number") p = convertToSi(model, p, measure, unit);
    const declared = def?.type.kind === "defined" ? def.type.name.toUpperCase() : measure;
    return { values: [p as Actual], dataType: declared };
  }
  return { values: [], unsupported: t };
}

function label(facet: PropertyFacet): string {
  const ps = facet.propertySet.kind === "simple"
    ? facet.propertySet.value
    : showIds(facet.propertySet);
  const bn = facet.baseName.kind === "simple" ? facet.baseName.value : showIds(facet.baseName);
  return `${ps}.${bn}`;
}

/**
 * Evaluates the facet on one property set. `any`: passes when one matching property meets
 * the facet (a prohibition is violated by any one); otherwise every matching property must.
 */
function evaluateSet(
  model: IfcModel,
  facet: PropertyFacet,
  pset: PsetView,
  dataType: string | undefined,
  any: boolean,
): Outcome {
  const matching: [string, PropValues, PropRef][] = [];
  const names = tableOf(model).names;
  for (let i = 0; i < pset.propNames.length; i++) {
    const name = names[pset.propNames[i]];
    const ref = pset.refs[i];
    if (!nameMatchesMemo(facet.baseName, name)) continue;
    const pv = valuesOf(model, ref, dataType);
    if (pv.unsupported) {
      const o = fail(
        `${pset.name}.${name} is an ${pv.unsupported}, which holds no checkable value`,
      );
      if (!any) return o;
      continue;
    }
    if (any && !facet.value && !pv.values.length && pv.emptyPresent) {
      // A prohibition without a value forbids the property even when it is empty
      // (IDS property-facet documentation; IfcTester's property_prohibited_empty_string).
      if (!dataType || pv.dataType === dataType) {
        return { ok: true, reason: `${pset.name}.${name} is present (empty)` };
      }
    }
    if (!pv.values.length && !(dataType && pv.dataType && pv.dataType !== dataType)) {
      continue;
    }
    matching.push([name, pv, ref]);
  }
  if (!matching.length) {
    return fail(`${pset.name} has no ${named("property", facet.baseName)} with a value`, true);
  }
  let firstFailure: Outcome | undefined;
  for (const [name, pv, ref] of matching) {
    const o = evaluateProperty(facet, pset, name, pv, ref, dataType);
    if (any && o.ok) {
      const shown = pv.values.length === 1 ? showActual(pv.values[0]) : showActual(pv.values);
      return { ok: true, reason: `${pset.name}.${name} is ${shown}` };
    }
    if (!any && !o.ok) return o;
    firstFailure ??= o;
  }
  return firstFailure ?? PASS;
}

function evaluateProperty(
  facet: PropertyFacet,
  pset: PsetView,
  name: string,
  pv: PropValues,
  ref: PropRef,
  dataType: string | undefined,
): Outcome {
  if (dataType && typeof ref !== "number") {
    // Predefined properties have no IFC data type to compare with.
  } else if (dataType && pv.dataType !== dataType) {
    return fail(
      `${pset.name}.${name} has data type ${pv.dataType ?? "unknown"}, expected ${dataType}`,
    );
  } else if (dataType && !pv.values.length) {
    return fail(`${pset.name}.${name} has no value of data type ${dataType}`);
  }
  if (facet.value && pv.bounds && facet.value.kind === "restriction") {
    const o = boundsOutcome(facet.value, pv.bounds, `${pset.name}.${name}`);
    if (o) return o;
  }
  if (facet.value && !pv.values.some((v) => valueMatches(facet.value!, v))) {
    const shown = pv.values.length === 1 ? showActual(pv.values[0]) : showActual(pv.values);
    return fail(`${pset.name}.${name} is ${shown}, expected ${showIds(facet.value)}`);
  }
  return PASS;
}

const MIN_BOUNDS = new Set(["minInclusive", "minExclusive"]);
const MAX_BOUNDS = new Set(["maxInclusive", "maxExclusive"]);

/**
 * A bounded property against a restriction with numeric bounds: its range must lie within
 * them, so an open side (no lower bound against a minimum) fails, as IfcTester does. Undefined
 * when the restriction has no bounds (other facets match any of the property's values).
 */
function boundsOutcome(
  value: Extract<IdsValue, { kind: "restriction" }>,
  bounds: { readonly lower?: Actual; readonly upper?: Actual },
  label: string,
): Outcome | undefined {
  const mins = value.facets.filter((f) => MIN_BOUNDS.has(f.kind));
  const maxs = value.facets.filter((f) => MAX_BOUNDS.has(f.kind));
  if (!mins.length && !maxs.length) return undefined;
  const side = (facets: typeof mins, v: Actual | undefined, what: string): Outcome => {
    if (!facets.length) return PASS;
    if (v === undefined) return fail(`${label} has no ${what} bound, expected ${showIds(value)}`);
    return valueMatches({ ...value, facets }, v)
      ? PASS
      : fail(`${label} has the ${what} bound ${showActual(v)}, expected ${showIds(value)}`);
  };
  const low = side(mins, bounds.lower, "lower");
  return low.ok ? side(maxs, bounds.upper, "upper") : low;
}

/** Per facet and model: which interned set names match the facet's property set. */
const filters = new WeakMap<PropertyFacet, { model: IfcModel; f: (name: number) => boolean }>();

function setFilter(model: IfcModel, facet: PropertyFacet): (name: number) => boolean {
  const known = filters.get(facet);
  if (known && known.model === model) return known.f;
  const names = tableOf(model).names;
  const memo: (boolean | undefined)[] = [];
  const f = (n: number) => memo[n] ??= nameMatches(facet.propertySet, names[n]);
  filters.set(facet, { model, f });
  return f;
}

/**
 * Evaluates the facet on an element. With `any` false (applicability, required, optional)
 * every property set whose name matches must hold a matching property; with `any` true (a
 * prohibited requirement) one set holding one is enough to violate it, whatever other
 * matching sets hold, so the verdict never depends on an unrelated set.
 */
function evaluate(model: IfcModel, facet: PropertyFacet, id: number, any = false): Outcome {
  const psets = psetsOf(model, id, setFilter(model, facet));
  if (!psets.length) {
    return fail(`the element has no ${named("property set", facet.propertySet)}`, true);
  }
  const dataType = facet.dataType?.toUpperCase();
  // A set holding a wrong value decides over a set merely lacking the property, so an
  // optional facet is not masked by an unrelated set (IfcTester does the same).
  let firstFailure: Outcome | undefined;
  for (const pset of psets) {
    const o = evaluateSet(model, facet, pset, dataType, any);
    if (any && o.ok) return o;
    if (!any && !o.ok && !o.absent) return o;
    if (!o.ok) firstFailure ??= o;
  }
  return firstFailure ?? PASS;
}

export function propertyChecker(model: IfcModel, facet: PropertyFacet): FacetChecker {
  const roots = ["IFCOBJECTDEFINITION"];
  if (model.family !== "IFC2X3") roots.push("IFCMATERIALDEFINITION", "IFCPROFILEDEF");
  const checker = checkerOf(
    () => model.instancesOfAny(roots),
    (id) => evaluate(model, facet, id),
    facet.cardinality,
    `property ${label(facet)} is present, which is prohibited`,
  );
  if (facet.cardinality !== "prohibited") return checker;
  return {
    ...checker,
    check: (id) => {
      // The outcome's reason names the set and property that violate the prohibition.
      const o = evaluate(model, facet, id, true);
      return o.ok
        ? fail(`${o.reason ?? `property ${label(facet)} is present`}, which is prohibited`)
        : PASS;
    },
  };
}
