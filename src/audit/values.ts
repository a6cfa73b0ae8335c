/**
 * Audit of IDS values (`ids:simpleValue` and `xs:restriction`): restrictions must be well
 * formed for their base (known base, facets XSD allows for it, facet values in the base's
 * lexical space, bounds and lengths that leave room for a value, patterns that are XSD regular
 * expressions), and a value compared with an IFC attribute or data type must be of a kind that
 * can match it (a date for IfcDateTime, a number for IfcLengthMeasure …).
 *
 * @module
 */
import type { IdsValue, RestrictionFacetKind, RestrictionValue } from "../ids/model.ts";
import { parseNumber } from "../ids/match.ts";
import { analyzeXsdPattern } from "../ids/xsd_pattern.ts";
import type { Primitive } from "../schema/schema.ts";
import type { AuditContext } from "./context.ts";

/** The value spaces IDS values are compared in. */
export type XsFamily =
  | "string"
  | "anyURI"
  | "integer"
  | "decimal"
  | "boolean"
  /** IfcLogical: true, false or UNKNOWN (so a string restriction can match it too). */
  | "logical"
  | "date"
  | "dateTime"
  | "time"
  | "duration";

const BASES: Record<string, XsFamily> = {
  "xs:string": "string",
  "xs:normalizedString": "string",
  "xs:token": "string",
  "xs:anyURI": "anyURI",
  "xs:boolean": "boolean",
  "xs:decimal": "decimal",
  "xs:double": "decimal",
  "xs:float": "decimal",
  "xs:integer": "integer",
  "xs:int": "integer",
  "xs:long": "integer",
  "xs:short": "integer",
  "xs:byte": "integer",
  "xs:nonNegativeInteger": "integer",
  "xs:positiveInteger": "integer",
  "xs:nonPositiveInteger": "integer",
  "xs:negativeInteger": "integer",
  "xs:unsignedInt": "integer",
  "xs:unsignedLong": "integer",
  "xs:unsignedShort": "integer",
  "xs:unsignedByte": "integer",
  "xs:date": "date",
  "xs:dateTime": "dateTime",
  "xs:time": "time",
  "xs:duration": "duration",
};

/** The XSD base to suggest for a value space. */
const BASE_OF: Record<XsFamily, string> = {
  string: "xs:string",
  anyURI: "xs:anyURI",
  integer: "xs:integer",
  decimal: "xs:double",
  boolean: "xs:boolean",
  logical: "xs:boolean",
  date: "xs:date",
  dateTime: "xs:dateTime",
  time: "xs:time",
  duration: "xs:duration",
};

const BOUNDS: RestrictionFacetKind[] = [
  "minInclusive",
  "maxInclusive",
  "minExclusive",
  "maxExclusive",
];
const LENGTHS: RestrictionFacetKind[] = ["length", "minLength", "maxLength"];
const DIGITS: RestrictionFacetKind[] = ["totalDigits", "fractionDigits"];

/** The constraining facets XSD allows per value space. */
const ALLOWED: Record<XsFamily, ReadonlySet<RestrictionFacetKind>> = {
  string: new Set(["enumeration", "pattern", ...LENGTHS]),
  anyURI: new Set(["enumeration", "pattern", ...LENGTHS]),
  integer: new Set(["enumeration", "pattern", ...BOUNDS, ...DIGITS]),
  decimal: new Set(["enumeration", "pattern", ...BOUNDS, ...DIGITS]),
  boolean: new Set(["pattern"]),
  logical: new Set(["pattern"]),
  date: new Set(["enumeration", "pattern", ...BOUNDS]),
  dateTime: new Set(["enumeration", "pattern", ...BOUNDS]),
  time: new Set(["enumeration", "pattern", ...BOUNDS]),
  duration: new Set(["enumeration", "pattern", ...BOUNDS]),
};

const INTEGER_RE = /^\s*[+-]?\d+\s*$/;
const TZ = "(Z|[+-]\\d{2}:\\d{2})?";
const DATE = "-?\\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])";
const TIME = "([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d+)?";
const LEXICAL: Partial<Record<XsFamily, RegExp>> = {
  date: new RegExp(`^${DATE}${TZ}$`),
  time: new RegExp(`^${TIME}${TZ}$`),
  dateTime: new RegExp(`^${DATE}T${TIME}${TZ}$`),
  duration: /^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/,
};

/** True when `text` is in the lexical space of the value space. */
export function lexicallyValid(text: string, family: XsFamily): boolean {
  switch (family) {
    case "string":
    case "anyURI":
      return true;
    case "integer":
      return INTEGER_RE.test(text);
    case "decimal":
      return parseNumber(text) !== undefined;
    case "boolean":
      return ["true", "false", "1", "0"].includes(text.trim());
    case "logical":
      return ["true", "false", "1", "0", "UNKNOWN"].includes(text.trim());
    default:
      return LEXICAL[family]!.test(text.trim());
  }
}

function describeFamily(f: XsFamily): string {
  switch (f) {
    case "integer":
      return "an integer";
    case "decimal":
      return "a number";
    case "boolean":
      return "a boolean ('true' or 'false')";
    case "logical":
      return "a logical ('true', 'false' or 'UNKNOWN')";
    case "string":
    case "anyURI":
      return "a string";
    default:
      return `an xs:${f}`;
  }
}

/** What a name or value is compared with: a value space and a label for messages. */
export interface ValueTarget {
  readonly family: XsFamily;
  /** e.g. `attribute Name (IfcLabel)` or `data type IFCLENGTHMEASURE`. */
  readonly label: string;
}

/**
 * The value space of an IFC defined type or primitive (by type name when known), or undefined
 * when the tables cannot tell (values of such types are not type-checked).
 */
export function familyOf(primitive: Primitive, typeName?: string): XsFamily | undefined {
  switch (typeName?.toUpperCase()) {
    case "IFCDATE":
      return "date";
    case "IFCDATETIME":
      return "dateTime";
    case "IFCTIME":
      return "time";
    case "IFCDURATION":
      return "duration";
  }
  switch (primitive) {
    case "real":
    case "number":
      return "decimal";
    case "integer":
      return "integer";
    case "boolean":
      return "boolean";
    case "logical":
      return "logical";
    case "string":
      return "string";
    default:
      return undefined;
  }
}

function compatible(base: XsFamily, target: XsFamily): boolean {
  if (base === target) return true;
  if (target === "logical") return base === "boolean" || base === "string";
  const numeric = (f: XsFamily) => f === "integer" || f === "decimal";
  if (numeric(base) && numeric(target)) return true;
  const text = (f: XsFamily) => f === "string" || f === "anyURI";
  return text(base) && text(target);
}

/** Options of {@linkcode auditRestriction}. */
export interface RestrictionAuditOptions {
  /**
   * An empty simpleValue or pattern is not reported here: it is allowed (an empty predefined
   * type) or another finding already says it (an optional facet without a value).
   */
  readonly emptyAllowed?: boolean;
}

/**
 * Audits a value on its own: an empty simpleValue; for a restriction its base, allowed facets,
 * facet values, ranges and patterns (an empty pattern or text enumeration value is an error,
 * as in IDS-Audit-tool).
 * `role` "name" (entity, property set, property, system names) requires a string base.
 * Returns true when the value is an empty simpleValue, so the caller does not also look the
 * empty name up (one cause, one finding).
 */
export function auditRestriction(
  ctx: AuditContext,
  v: IdsValue | undefined,
  path: string,
  role: "name" | "value",
  options: RestrictionAuditOptions = {},
): boolean {
  if (v?.kind === "simple" && v.value === "") {
    if (!options.emptyAllowed) {
      ctx.error(
        path,
        "empty_value",
        role === "name"
          ? "the name is an empty simpleValue: write the name to match"
          : "the value is an empty simpleValue: write the value to match, or leave the value " +
            "out to only require that it is given",
      );
    }
    return true;
  }
  if (!v || v.kind !== "restriction") return false;
  const family = v.base === undefined ? undefined : BASES[v.base];
  if (v.base !== undefined && family === undefined) {
    ctx.error(
      path,
      "bad_restriction_base",
      `unknown restriction base '${v.base}'; IDS uses xs:string, xs:boolean, xs:integer, xs:double, xs:decimal, xs:date, xs:dateTime, xs:time, xs:duration or xs:anyURI`,
    );
  }
  if (role === "name" && family !== undefined && family !== "string") {
    ctx.error(
      path,
      "bad_restriction_base",
      `names are strings: the restriction base must be xs:string, not '${v.base}'`,
      "xs:string",
    );
  }
  const f = family ?? "string";
  const allowed = ALLOWED[f];
  for (const facet of v.facets) {
    if (DIGITS.includes(facet.kind)) {
      ctx.warning(
        path,
        "digits_facet",
        `xs:${facet.kind} is outside IDS 1.0 and is not enforced when checking`,
      );
    }
    if (!allowed.has(facet.kind)) {
      ctx.error(
        path,
        "facet_not_allowed",
        `xs:${facet.kind} does not apply to base ${v.base ?? "xs:string (the default)"}; ` +
          `allowed: ${[...allowed].map((k) => `xs:${k}`).join(", ")}`,
      );
      continue;
    }
    if (facet.kind === "enumeration" && facet.value === "" && (f === "string" || f === "anyURI")) {
      // IDS-Audit-tool refuses it ("uri cannot be null"); text types would accept it silently.
      if (!options.emptyAllowed) {
        ctx.error(
          path,
          "empty_value",
          "the xs:enumeration value is empty, so it matches only an empty text: write the value " +
            "to match, or remove it",
        );
      }
    } else if (facet.kind === "pattern" && facet.value === "") {
      if (!options.emptyAllowed) {
        ctx.error(
          path,
          "empty_pattern",
          "the xs:pattern is empty, so it matches only an empty text: write the pattern, or " +
            "remove it",
        );
      }
    } else if (facet.kind === "pattern") {
      for (const p of analyzeXsdPattern(facet.value).problems) {
        const message = `pattern '${facet.value}': ${p.message}`;
        if (p.severity === "error" && p.code === "pattern_syntax" && isJsPattern(facet.value)) {
          ctx.error(
            path,
            "pattern_dialect",
            `${message} (it reads as a JavaScript pattern, but checking uses XSD rules, so it matches nothing)`,
          );
        } else if (p.severity === "error") ctx.error(path, p.code, message);
        else ctx.warning(path, p.code, message);
      }
    } else if (LENGTHS.includes(facet.kind) || DIGITS.includes(facet.kind)) {
      if (!/^\s*\+?\d+\s*$/.test(facet.value)) {
        ctx.error(
          path,
          "bad_restriction_value",
          `xs:${facet.kind} must be a non-negative integer, not '${facet.value}'`,
        );
      }
    } else if (family !== undefined && !lexicallyValid(facet.value, family)) {
      ctx.error(
        path,
        "bad_restriction_value",
        `xs:${facet.kind} value '${facet.value}' is not a valid ${v.base}: expected ${
          describeFamily(family)
        }`,
      );
    }
  }
  auditRanges(ctx, v, path, family);
  return false;
}

/** Whether a pattern that is not XSD is at least a JavaScript (Unicode) regular expression. */
function isJsPattern(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}

function num(v: RestrictionValue, kind: RestrictionFacetKind): number | undefined {
  const f = v.facets.find((x) => x.kind === kind);
  return f ? parseNumber(f.value) : undefined;
}

/** Bounds and lengths must leave at least one value. */
function auditRanges(
  ctx: AuditContext,
  v: RestrictionValue,
  path: string,
  family: XsFamily | undefined,
): void {
  if (family === "integer" || family === "decimal") {
    const minI = num(v, "minInclusive");
    const minE = num(v, "minExclusive");
    const maxI = num(v, "maxInclusive");
    const maxE = num(v, "maxExclusive");
    const lo = minI ?? minE;
    const hi = maxI ?? maxE;
    if (lo !== undefined && hi !== undefined) {
      const strict = minE !== undefined || maxE !== undefined;
      if (lo > hi || (strict && lo === hi)) {
        ctx.error(
          path,
          "bounds_order",
          `the bounds leave no value: lower ${lo}${minE !== undefined ? " (exclusive)" : ""} ` +
            `is not below upper ${hi}${maxE !== undefined ? " (exclusive)" : ""}`,
        );
      }
    }
  }
  const len = num(v, "length");
  const minL = num(v, "minLength");
  const maxL = num(v, "maxLength");
  if (minL !== undefined && maxL !== undefined && minL > maxL) {
    ctx.error(path, "bounds_order", `minLength ${minL} is greater than maxLength ${maxL}`);
  }
  if (
    len !== undefined &&
    ((minL !== undefined && len < minL) || (maxL !== undefined && len > maxL))
  ) {
    ctx.error(path, "bounds_order", `length ${len} contradicts minLength/maxLength`);
  }
}

/**
 * Problems of a value compared with an IFC value of the target's value space (empty when it
 * can match): simple values must be in the target's lexical space, restriction bases must
 * fit it (an xs:string base never matches a date or a number), and a value restriction needs
 * a base.
 */
export function auditValueAgainst(
  ctx: AuditContext,
  value: IdsValue,
  target: ValueTarget,
  path: string,
): void {
  const problems = valueProblems(value, target);
  for (const p of problems) {
    ctx.error(path, p.code ?? "wrong_value_type", p.message, p.suggestion);
  }
}

/**
 * A value that does not suit its target. `code` is set when the problem is not that the value
 * cannot fit (`wrong_value_type`) but a rule of IDS-Audit-tool only (a restriction without
 * base: IfcTester compares its facets as they are).
 */
export interface ValueProblem {
  readonly message: string;
  readonly suggestion?: string;
  readonly code?: "restriction_without_base";
}

/** The problems {@linkcode auditValueAgainst} reports, without reporting them. */
export function valueProblems(
  value: IdsValue,
  target: ValueTarget,
): ValueProblem[] {
  const want = target.family;
  if (value.kind === "simple") {
    if (value.value === "" || lexicallyValid(value.value, want)) return [];
    // XSD booleans are lower case only (an official test case): 'TRUE' is a near miss.
    const lower = value.value.trim().toLowerCase();
    const suggestion = want === "boolean" && lexicallyValid(lower, want) ? lower : undefined;
    return [{
      message: `${target.label} holds ${describeFamily(want)}; '${value.value}' is not one` +
        (suggestion ? `; did you mean '${suggestion}'?` : ""),
      ...(suggestion ? { suggestion } : {}),
    }];
  }
  if (value.base === undefined) {
    return [{
      message: `the restriction has no base; ${target.label} needs base='${BASE_OF[want]}'`,
      suggestion: BASE_OF[want],
      code: "restriction_without_base",
    }];
  }
  const family = BASES[value.base];
  if (family === undefined) return []; // reported by auditRestriction
  if (!compatible(family, want)) {
    return [{
      message:
        `${target.label} holds ${describeFamily(want)}; a restriction on base ${value.base} ` +
        `can never match it (use base='${BASE_OF[want]}')`,
      suggestion: BASE_OF[want],
    }];
  }
  if (
    (want === "integer" || want === "decimal") && value.facets.some((f) => f.kind === "pattern")
  ) {
    return [{ message: `${target.label} is a number; patterns only apply to strings` }];
  }
  return [];
}
