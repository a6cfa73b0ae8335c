/**
 * What every facet module shares: the checker interface, outcomes with their cardinality
 * rules, and conversion of STEP values to the typed values IDS matching works on.
 *
 * @module
 */
import type { Cardinality, IdsValue } from "../../ids/model.ts";
import type { Actual } from "../../ids/match.ts";
import { actualText, nameMatches } from "../../ids/match.ts";
import type { IfcModel } from "../model.ts";
import { DERIVED, Enum, Ref, type StepValue, Typed } from "../step.ts";
import type { AttrType, Primitive, Schema } from "../../schema/schema.ts";
import { remembered } from "../remembered.ts";

/**
 * The raw result of evaluating a facet on one element, before cardinality. `absent` marks
 * failures where the thing asked for is not there at all (no property set, no property, no
 * classification …): an optional facet passes those, and only fails on present-but-wrong.
 */
export interface Outcome {
  readonly ok: boolean;
  readonly reason?: string;
  readonly absent?: boolean;
}

export const PASS: Outcome = { ok: true };

export function fail(reason: string, absent = false): Outcome {
  return { ok: false, reason, absent };
}

/** A facet compiled for one model: applicability filter and requirement check. */
export interface FacetChecker {
  /**
   * Elements this facet could apply to when it is the first applicability facet (a superset
   * is fine: `applies` filters them).
   */
  candidates(): number[];
  /** Applicability: does the element have what the facet describes? */
  applies(id: number): boolean;
  /** Requirement: the outcome with the facet's cardinality applied. */
  check(id: number): Outcome;
}

/** Applies a requirement cardinality to a raw outcome. */
export function withCardinality(
  o: Outcome,
  cardinality: Cardinality | undefined,
  prohibitedReason: string,
): Outcome {
  switch (cardinality ?? "required") {
    case "required":
      return o;
    case "optional":
      return o.ok || o.absent ? PASS : o;
    case "prohibited":
      return o.ok ? fail(prohibitedReason) : PASS;
  }
}

/**
 * A checker from a facet's raw evaluation: applicability is the outcome as if required,
 * requirements apply the facet's cardinality.
 */
export function checkerOf(
  candidates: () => number[],
  evaluate: (id: number) => Outcome,
  cardinality: Cardinality | undefined,
  prohibitedReason: string,
): FacetChecker {
  return {
    candidates,
    applies: (id) => evaluate(id).ok,
    check: (id) => withCardinality(evaluate(id), cardinality, prohibitedReason),
  };
}

const BOUND_WORDS: Record<string, string> = {
  minInclusive: "at least",
  maxInclusive: "at most",
  minExclusive: "greater than",
  maxExclusive: "less than",
};

/**
 * Short text of an IDS value for failure reasons, worded like the facet descriptions:
 * `'X'`, `one of 'A', 'B'`, `a value matching 'p'`, `at least 3 and less than 10` …
 */
export function showIds(v: IdsValue): string {
  if (v.kind === "simple") return `'${v.value}'`;
  const parts: string[] = [];
  const enums = v.facets.filter((f) => f.kind === "enumeration").map((f) => `'${f.value}'`);
  if (enums.length) parts.push(enums.length === 1 ? enums[0] : `one of ${enums.join(", ")}`);
  const patterns = v.facets.filter((f) => f.kind === "pattern").map((f) => `'${f.value}'`);
  if (patterns.length) parts.push(`a value matching ${patterns.join(" or ")}`);
  for (const f of v.facets) {
    if (f.kind in BOUND_WORDS) parts.push(`${BOUND_WORDS[f.kind]} ${f.value}`);
    else if (f.kind === "length") parts.push(`exactly ${f.value} characters long`);
    else if (f.kind === "minLength") parts.push(`at least ${f.value} characters long`);
    else if (f.kind === "maxLength") parts.push(`at most ${f.value} characters long`);
    else if (f.kind === "totalDigits") parts.push(`at most ${f.value} digits`);
    else if (f.kind === "fractionDigits") parts.push(`at most ${f.value} decimal places`);
  }
  return parts.join(" and ") || "any value";
}

/**
 * "property set 'Pset_X'", or "property set whose name is a value matching 'Pset_.*'" (with
 * `article`: "a property set whose …", for sentences that need one).
 */
export function named(noun: string, v: IdsValue, field = "name", article = ""): string {
  return v.kind === "simple"
    ? `${noun} '${v.value}'`
    : `${article ? `${article} ` : ""}${noun} whose ${field} is ${showIds(v)}`;
}

/** A list of model values for reasons: `'A', 'B'` (or "none"). */
export function showList(values: readonly string[]): string {
  return values.length ? values.map((v) => `'${v}'`).join(", ") : "none";
}

/** Text of a model value for messages. */
export function showActual(v: Actual | Actual[] | null | undefined): string {
  if (v === null || v === undefined) return "empty";
  if (Array.isArray(v)) return `[${v.map((x) => showActual(x)).join(", ")}]`;
  return typeof v === "string" ? `'${v}'` : actualText(v);
}

/** Per schema: the primitive of each defined type name asked for (a few dozen names). */
const primitives = new WeakMap<Schema, Map<string, Primitive | null>>();

/** `schema.primitiveOf`, remembered: it upper-cases the name for every value converted. */
function primitiveOfType(schema: Schema, typeName: string): Primitive | undefined {
  return remembered(primitives, schema, typeName, () => schema.primitiveOf(typeName) ?? null) ??
    undefined;
}

/** The marker for a logical UNKNOWN (IDS treats it as no value). */
export const UNKNOWN = "\u0000UNKNOWN";

/**
 * Converts a STEP value of a known defined type (e.g. IFCLABEL, IFCBOOLEAN) to an Actual.
 * Returns UNKNOWN for logical unknown, undefined for null/derived/unsupported values.
 */
export function primitiveValue(
  schema: Schema,
  typeName: string | undefined,
  v: StepValue,
): Actual | typeof UNKNOWN | undefined {
  if (v instanceof Typed) return primitiveValue(schema, v.type, v.value);
  if (v === null || v === DERIVED || v instanceof Ref || Array.isArray(v)) return undefined;
  const prim = typeName ? primitiveOfType(schema, typeName) : undefined;
  if (v instanceof Enum) {
    if (v.value === "T") return prim === "boolean" || prim === "logical" || !prim ? true : "T";
    if (v.value === "F") return prim === "boolean" || prim === "logical" || !prim ? false : "F";
    if (v.value === "U" && (prim === "logical" || !prim)) return UNKNOWN;
    return v.value;
  }
  if (typeof v === "bigint") {
    if (prim === "real") return Number(v);
    return v;
  }
  if (typeof v === "number") {
    if (prim === "integer" && Number.isInteger(v)) return BigInt(v);
    return v;
  }
  return v;
}

/** Converts an attribute value according to its declared attribute type. */
export function attributeValue(
  schema: Schema,
  type: AttrType,
  v: StepValue,
): Actual | typeof UNKNOWN | Ref | StepValue[] | Typed | undefined {
  if (v === null || v === DERIVED) return undefined;
  switch (type.kind) {
    case "defined":
      return primitiveValue(schema, type.name, v);
    case "primitive":
      return primitiveValue(schema, undefined, v);
    case "enum":
      return v instanceof Enum ? v.value : primitiveValue(schema, undefined, v);
    case "entity":
      return v instanceof Ref ? v : undefined;
    case "list":
      return Array.isArray(v) ? v : undefined;
    case "select":
      if (v instanceof Typed) return v;
      if (v instanceof Ref) return v;
      return primitiveValue(schema, undefined, v);
  }
}

/** The Name attribute of an element when it has one. */
export function nameOf(model: IfcModel, id: number): string | undefined {
  return model.str(id, "Name");
}

/** Texts remembered per IDS value by {@linkcode nameMatchesMemo} (bounded: values like names vary). */
const MEMO_MAX = 4096;
const nameMemos = new WeakMap<IdsValue, Map<string, boolean>>();

/**
 * `nameMatches`, remembered per IDS value and text: a check asks the same question (is
 * IFCWALL one of these classes, is this set name Pset_WallCommon) for every element, and a
 * restriction (enumeration, pattern) costs far more than a lookup.
 */
export function nameMatchesMemo(expected: IdsValue, actual: string): boolean {
  if (expected.kind === "simple") return nameMatches(expected, actual);
  let memo = nameMemos.get(expected);
  if (!memo) {
    memo = new Map();
    nameMemos.set(expected, memo);
  }
  let m = memo.get(actual);
  if (m === undefined) {
    m = nameMatches(expected, actual);
    if (memo.size < MEMO_MAX) memo.set(actual, m);
  }
  return m;
}
