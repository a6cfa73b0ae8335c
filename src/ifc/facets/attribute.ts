/**
 * Attribute facet: an explicit (forward) IFC attribute by name, optionally with a value.
 * Empty strings, empty lists, null and logical UNKNOWN count as no value. Only simple values
 * (strings, numbers, booleans, enumerations, defined types in selects) can match a value;
 * entity references and lists never do.
 *
 * @module
 */
import type { AttributeFacet } from "../../ids/model.ts";
import { type Actual, nameMatches, valueMatches } from "../../ids/match.ts";
import type { IfcModel } from "../model.ts";
import type { AttributeDef as AttrDef, EntityDef } from "../../schema/schema.ts";
import { Ref, Typed } from "../step.ts";
import {
  attributeValue,
  checkerOf,
  type FacetChecker,
  fail,
  type Outcome,
  PASS,
  primitiveValue,
  showActual,
  showIds,
  UNKNOWN,
} from "./common.ts";

/** "Name", or "an attribute whose name is a value matching '.*Name.*'". */
function label(facet: AttributeFacet): string {
  return facet.name.kind === "simple"
    ? facet.name.value
    : `an attribute whose name is ${showIds(facet.name)}`;
}

/** Per facet: the attributes of each entity whose name matches (entities are few). */
const matchingAttrs = new WeakMap<AttributeFacet, Map<EntityDef | undefined, AttrDef[]>>();

function attrsOf(facet: AttributeFacet, def: EntityDef | undefined): AttrDef[] {
  let byDef = matchingAttrs.get(facet);
  if (!byDef) {
    byDef = new Map();
    matchingAttrs.set(facet, byDef);
  }
  let attrs = byDef.get(def);
  if (!attrs) {
    attrs = def
      ? def.attributes.filter((a) =>
        facet.name.kind === "simple" ? a.name === facet.name.value : nameMatches(facet.name, a.name)
      )
      : [];
    byDef.set(def, attrs);
  }
  return attrs;
}

function evaluate(model: IfcModel, facet: AttributeFacet, id: number): Outcome {
  const attrs = attrsOf(facet, model.schema.entity(model.typeOf(id)));
  if (!attrs.length) {
    return fail(
      facet.name.kind === "simple"
        ? `${facet.name.value} does not exist on ${model.typeOf(id)}`
        : `${model.typeOf(id)} has no attribute whose name is ${showIds(facet.name)}`,
      true,
    );
  }
  const values: { name: string; value: NonNullable<ReturnType<typeof attributeValue>> }[] = [];
  // Null counts as absent (an optional facet passes); an empty string, an empty list or a
  // logical UNKNOWN is a value that is empty, which fails even an optional facet.
  let emptyButPresent = false;
  for (const a of attrs) {
    const v = attributeValue(model.schema, a.type, model.step.param(id, a.index) ?? null);
    if (v === undefined) continue;
    if (v === UNKNOWN || v === "" || (Array.isArray(v) && v.length === 0)) {
      emptyButPresent = true;
      continue;
    }
    values.push({ name: a.name, value: v });
  }
  if (!values.length) {
    const what = facet.name.kind === "simple" ? facet.name.value : `every ${label(facet).slice(3)}`;
    return fail(`${what} is empty`, !emptyButPresent);
  }
  if (!facet.value) return PASS;
  for (const { name, value } of values) {
    let actual: Actual | undefined;
    if (value instanceof Typed) {
      const p = primitiveValue(model.schema, value.type, value.value);
      actual = p === UNKNOWN ? undefined : p;
    } else if (value instanceof Ref || Array.isArray(value)) {
      actual = undefined;
    } else actual = value as Actual;
    if (actual === undefined || !valueMatches(facet.value, actual)) {
      const shown = actual === undefined
        ? value instanceof Ref ? `#${value.id} (an object)` : "a list or object"
        : showActual(actual);
      return fail(`${name} is ${shown}, expected ${showIds(facet.value)}`);
    }
  }
  return PASS;
}

/**
 * A prohibited attribute without a value is violated by any attribute that is set, even to an
 * empty string or list (IDS attribute-facet documentation: "must not exist … even if empty";
 * IfcTester's attribute_prohibited_empty_string). Null and derived values are not set.
 */
function presentEvenIfEmpty(
  model: IfcModel,
  facet: AttributeFacet,
  id: number,
): string | undefined {
  const def = model.schema.entity(model.typeOf(id));
  const raw = model.step.attributes(id) ?? [];
  for (const a of def?.attributes ?? []) {
    if (!nameMatches(facet.name, a.name)) continue;
    if (attributeValue(model.schema, a.type, raw[a.index] ?? null) !== undefined) return a.name;
  }
  return undefined;
}

export function attributeChecker(model: IfcModel, facet: AttributeFacet): FacetChecker {
  // Instances of every entity (present in the file) that has a matching attribute.
  const candidates = () =>
    model.step.idsOfTypes(
      model.step.typeNames.filter((t) =>
        model.schema.entity(t)?.attributes.some((a) => nameMatches(facet.name, a.name))
      ),
    );
  const checker = checkerOf(
    candidates,
    (id) => evaluate(model, facet, id),
    facet.cardinality,
    facet.value
      ? `${label(facet)} is ${showIds(facet.value)}, which is prohibited`
      : `${label(facet)} is present, which is prohibited`,
  );
  if (facet.cardinality !== "prohibited" || facet.value) return checker;
  return {
    ...checker,
    check: (id) => {
      const name = presentEvenIfEmpty(model, facet, id);
      return name === undefined ? PASS : fail(`${name} is present, which is prohibited`);
    },
  };
}
