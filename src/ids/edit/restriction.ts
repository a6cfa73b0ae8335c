/**
 * Restrictions on facet parameters: which parameters of a facet kind can hold an idsValue,
 * how an `xs:restriction` is built and checked from tool input, and setting or removing one.
 *
 * @module
 */
import { IdsError } from "../errors.ts";
import type {
  Facet,
  FacetKind,
  FacetLocation,
  IdsDocument,
  IdsValue,
  RestrictionFacet,
  RestrictionValue,
} from "../model.ts";
import { article, invalid } from "./common.ts";
import { isXsdDate } from "../xsd_types.ts";
import { type FacetEdit, locateFacet, replaceFacet } from "./facet.ts";
import { specLabel } from "./specification.ts";

/** Facet parameters that can hold an `idsValue`, per facet kind (IfcTester's names). */
const VALUE_PARAMS: Record<FacetKind, readonly string[]> = {
  entity: ["name", "predefinedType"],
  attribute: ["name", "value"],
  property: ["propertySet", "baseName", "value"],
  classification: ["value", "system"],
  material: ["value"],
  partOf: ["name", "predefinedType"],
};

/** Aliases agents use (snake_case, tool parameter names) → the canonical parameter. */
const PARAM_ALIASES: Record<FacetKind, Record<string, string>> = {
  entity: { name: "name", entityname: "name", entity: "name", predefinedtype: "predefinedType" },
  attribute: { name: "name", attributename: "name", value: "value" },
  property: {
    propertyset: "propertySet",
    pset: "propertySet",
    basename: "baseName",
    propertyname: "baseName",
    name: "baseName",
    value: "value",
  },
  classification: {
    value: "value",
    classificationvalue: "value",
    system: "system",
    classificationsystem: "system",
  },
  material: { value: "value", materialvalue: "value" },
  partOf: {
    name: "name",
    entity: "name",
    parententity: "name",
    predefinedtype: "predefinedType",
    parentpredefinedtype: "predefinedType",
  },
};

/** Resolves `parameter_name` for a facet kind, or throws naming the valid ones. */
export function resolveParameter(kind: FacetKind, parameterName: string): string {
  const key = String(parameterName).replace(/[_\s-]/g, "").toLowerCase();
  const found = PARAM_ALIASES[kind][key];
  if (!found) {
    throw invalid(
      `parameter_name '${parameterName}' is not a parameter of ${article(kind)} facet; use one of ${
        VALUE_PARAMS[kind].join(", ")
      }`,
    );
  }
  return found;
}

/** Reads a value parameter of a facet. */
export function getParameter(facet: Facet, param: string): IdsValue | undefined {
  if (facet.facet === "partOf") {
    return param === "name" ? facet.entity.name : facet.entity.predefinedType;
  }
  return (facet as unknown as Record<string, IdsValue | undefined>)[param];
}

function setParameter(facet: Facet, param: string, value: IdsValue | undefined): Facet {
  if (facet.facet === "partOf") {
    const entity: Record<string, unknown> = { ...facet.entity };
    if (value === undefined) delete entity[param];
    else entity[param] = value;
    return { ...facet, entity: entity as unknown as typeof facet.entity };
  }
  const next: Record<string, unknown> = { ...facet };
  if (value === undefined) delete next[param];
  else next[param] = value;
  return next as unknown as Facet;
}

/** A restriction as the four `add_*_restriction` tools describe it. */
export type RestrictionInput =
  | { readonly kind: "enumeration"; readonly values: readonly (string | number | boolean)[] }
  | { readonly kind: "pattern"; readonly pattern: string }
  | {
    readonly kind: "bounds";
    readonly minInclusive?: string | number;
    readonly maxInclusive?: string | number;
    readonly minExclusive?: string | number;
    readonly maxExclusive?: string | number;
  }
  | {
    readonly kind: "length";
    readonly length?: number;
    readonly minLength?: number;
    readonly maxLength?: number;
  };

/** Numeric XSD built-in types (the integer family plus decimal, double, float). */
const NUMERIC_TYPES = [
  "decimal",
  "integer",
  "nonPositiveInteger",
  "negativeInteger",
  "nonNegativeInteger",
  "positiveInteger",
  "long",
  "int",
  "short",
  "byte",
  "unsignedLong",
  "unsignedInt",
  "unsignedShort",
  "unsignedByte",
  "double",
  "float",
];
const NUMERIC = new Set(NUMERIC_TYPES);
/** Date and time types whose values are ordered, so bounds apply to them as to numbers. */
const ORDERED_TEMPORAL_TYPES = ["date", "dateTime", "time", "duration", "gYear", "gYearMonth"];
const XSD_TYPES = [
  "string",
  "normalizedString",
  "token",
  "language",
  "Name",
  "NCName",
  "NMTOKEN",
  "anyURI",
  "boolean",
  ...NUMERIC_TYPES,
  ...ORDERED_TEMPORAL_TYPES,
  "gMonth",
  "gMonthDay",
  "gDay",
  "hexBinary",
  "base64Binary",
];
const INTEGER = new Set(
  [...NUMERIC].filter((t) => t !== "decimal" && t !== "double" && t !== "float"),
);
const ORDERED = new Set([...NUMERIC, ...ORDERED_TEMPORAL_TYPES]);

/** `string`, `xsd:double`, `XS:Integer` → `xs:string`, `xs:double`, `xs:integer`. */
export function normalizeBaseType(baseType: string): string {
  const local = String(baseType).trim().replace(/^(xs|xsd):/i, "");
  const found = XSD_TYPES.find((t) => t.toLowerCase() === local.toLowerCase());
  if (!found) {
    throw invalid(
      `base_type '${baseType}' is not an XSD built-in type; use e.g. xs:string, xs:double, ` +
        `xs:integer, xs:boolean, xs:date`,
    );
  }
  return `xs:${found}`;
}

/** Builds and checks an `xs:restriction` value; throws `invalid_argument` when malformed. */
export function buildRestriction(baseType: string, input: RestrictionInput): {
  value: RestrictionValue;
  warnings: string[];
} {
  const base = normalizeBaseType(baseType);
  const local = base.slice(3);
  const warnings: string[] = [];
  const facets: RestrictionFacet[] = [];
  switch (input.kind) {
    case "enumeration": {
      if (!Array.isArray(input.values) || input.values.length === 0) {
        throw invalid("values must list at least one allowed value");
      }
      const seen = new Set<string>();
      for (const raw of input.values) {
        const v = lexical(raw, local, "values");
        if (seen.has(v)) continue;
        seen.add(v);
        facets.push({ kind: "enumeration", value: v });
      }
      break;
    }
    case "pattern": {
      checkPattern(input.pattern, warnings);
      facets.push({ kind: "pattern", value: input.pattern });
      break;
    }
    case "bounds": {
      if (!ORDERED.has(local)) {
        throw invalid(
          `bounds need an ordered base_type (xs:double, xs:integer, xs:decimal, xs:date…), not ${base}`,
        );
      }
      const bounds = [
        ["minInclusive", input.minInclusive],
        ["minExclusive", input.minExclusive],
        ["maxInclusive", input.maxInclusive],
        ["maxExclusive", input.maxExclusive],
      ] as const;
      const given = bounds.filter(([, v]) => v !== undefined && v !== null);
      if (given.length === 0) {
        throw invalid(
          "give at least one of min_inclusive, max_inclusive, min_exclusive, max_exclusive",
        );
      }
      if (input.minInclusive !== undefined && input.minExclusive !== undefined) {
        throw invalid("give min_inclusive or min_exclusive, not both");
      }
      if (input.maxInclusive !== undefined && input.maxExclusive !== undefined) {
        throw invalid("give max_inclusive or max_exclusive, not both");
      }
      const lo = input.minInclusive ?? input.minExclusive;
      const hi = input.maxInclusive ?? input.maxExclusive;
      const loS = lo === undefined ? undefined : lexical(lo, local, "lower bound");
      const hiS = hi === undefined ? undefined : lexical(hi, local, "upper bound");
      if (loS !== undefined && hiS !== undefined) {
        const cmp = NUMERIC.has(local) ? Number(loS) - Number(hiS) : loS.localeCompare(hiS);
        const strict = input.minExclusive !== undefined || input.maxExclusive !== undefined;
        if (cmp > 0 || (cmp === 0 && strict)) {
          throw invalid(`the bounds exclude every value: lower ${loS} vs upper ${hiS}`);
        }
      }
      for (const [kind, v] of given) {
        facets.push({ kind, value: lexical(v as string | number, local, kind) });
      }
      break;
    }
    case "length": {
      if (
        NUMERIC.has(local) || local === "boolean" || local.startsWith("date") || local === "time"
      ) {
        throw invalid(
          `length restrictions apply to string-like base types (xs:string…), not ${base}`,
        );
      }
      const given = (
        [["length", input.length], ["minLength", input.minLength], [
          "maxLength",
          input.maxLength,
        ]] as const
      ).filter(([, v]) => v !== undefined && v !== null);
      if (given.length === 0) throw invalid("give at least one of length, min_length, max_length");
      for (const [k, v] of given) {
        if (!Number.isInteger(v) || (v as number) < 0) {
          throw invalid(`${k} must be a non-negative integer, got ${v}`);
        }
      }
      if (
        input.length !== undefined &&
        (input.minLength !== undefined || input.maxLength !== undefined)
      ) {
        throw invalid("give length alone, or min_length/max_length — not both");
      }
      if (
        input.minLength !== undefined && input.maxLength !== undefined &&
        input.minLength > input.maxLength
      ) {
        throw invalid(
          `min_length (${input.minLength}) is greater than max_length (${input.maxLength})`,
        );
      }
      for (const [kind, v] of given) facets.push({ kind, value: String(v) });
      break;
    }
    default:
      throw invalid("unknown restriction kind");
  }
  return { value: { kind: "restriction", base, facets }, warnings };
}

function lexical(raw: string | number | boolean, local: string, what: string): string {
  const v = typeof raw === "string" ? raw.trim() : String(raw);
  const bad = (expect: string) =>
    invalid(`${what}: '${raw}' is not a valid xs:${local} (${expect})`);
  if (INTEGER.has(local)) {
    if (!/^[+-]?\d+$/.test(v)) throw bad("an integer like 3 or -12");
  } else if (NUMERIC.has(local)) {
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v) && !/^(-?INF|NaN)$/.test(v)) {
      throw bad("a number like 2.5");
    }
  } else if (local === "boolean") {
    if (!/^(true|false|1|0)$/.test(v)) throw bad("true, false, 1 or 0");
  } else if (local === "date") {
    if (!isXsdDate(v)) throw bad("a calendar date YYYY-MM-DD");
  } else if (local === "dateTime") {
    if (!/^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(v)) {
      throw bad("YYYY-MM-DDThh:mm:ss");
    }
  }
  return typeof raw === "string" && !NUMERIC.has(local) ? raw : v;
}

/** XSD regular expressions are implicitly anchored and lack lookaround, `\b`, lazy quantifiers. */
function checkPattern(pattern: string, warnings: string[]): void {
  if (typeof pattern !== "string" || pattern === "") {
    throw invalid("pattern must be a non-empty XSD regular expression, e.g. EW-[0-9]{3}");
  }
  if (/\(\?/.test(pattern)) {
    throw invalid(
      `pattern '${pattern}' uses '(?…)' (lookaround or non-capturing group), which XSD ` +
        `regular expressions do not support; use plain groups '(…)'`,
    );
  }
  if (/\\[bBAZzk]/.test(pattern) || /[*+?}]\?/.test(pattern)) {
    throw invalid(
      `pattern '${pattern}' uses \\b, \\A, \\Z or a lazy quantifier, which XSD regular ` +
        `expressions do not support`,
    );
  }
  // \i \c (XML name chars) exist only in XSD; approximate them so JS can compile the rest.
  const js = pattern.replace(/\\[iI]/g, "[A-Za-z_:]").replace(/\\[cC]/g, "[-.0-9A-Za-z_:]");
  try {
    new RegExp(`^(?:${js})$`, "u");
  } catch (e) {
    throw invalid(
      `pattern '${pattern}' is not a valid regular expression: ${(e as Error).message}`,
    );
  }
  if (pattern.startsWith("^") || (pattern.endsWith("$") && !pattern.endsWith("\\$"))) {
    warnings.push(
      "XSD patterns always match the whole value; '^' and '$' are literal characters there — " +
        "remove them unless the value really contains them",
    );
  }
}

/** What setting or removing a restriction did. */
export interface RestrictionEdit extends FacetEdit {
  /** The canonical parameter name (`value`, `baseName`, …). */
  readonly parameter: string;
  /** The value the parameter held before. */
  readonly previous?: IdsValue;
  readonly warnings: readonly string[];
}

/** Replaces one parameter of a facet with a restriction (as upstream: the old value goes). */
export function setRestriction(
  doc: IdsDocument,
  specId: string | number,
  location: FacetLocation,
  facetIndex: number,
  parameterName: string,
  baseType: string,
  input: RestrictionInput,
): RestrictionEdit {
  const { specIndex, spec, facet } = locateFacet(doc, specId, location, facetIndex);
  const parameter = resolveParameter(facet.facet, parameterName);
  const { value, warnings } = buildRestriction(baseType, input);
  const previous = getParameter(facet, parameter);
  const updated = setParameter(facet, parameter, value);
  return {
    ...replaceFacet(doc, specIndex, spec, location, facetIndex, updated),
    parameter,
    previous,
    warnings,
  };
}

/**
 * Removes the restriction on one parameter. Required parameters (names, property set) need a
 * `replacement` simple value; optional ones are removed unless a replacement is given.
 */
export function removeRestriction(
  doc: IdsDocument,
  specId: string | number,
  location: FacetLocation,
  facetIndex: number,
  parameterName: string,
  replacement?: string,
): RestrictionEdit {
  const { specIndex, spec, facet } = locateFacet(doc, specId, location, facetIndex);
  const parameter = resolveParameter(facet.facet, parameterName);
  const previous = getParameter(facet, parameter);
  if (!previous || previous.kind !== "restriction") {
    throw new IdsError(
      "not_found",
      `parameter '${parameter}' of facet ${facetIndex} in ${location} of '${specLabel(spec)}' ` +
        (previous ? `is a simple value ('${previous.value}'), not a restriction` : "is not set"),
    );
  }
  const required = isRequiredParameter(facet.facet, parameter);
  if (required && (replacement === undefined || replacement === "")) {
    throw invalid(
      `parameter '${parameter}' is required for ${article(facet.facet)} facet; give a ` +
        `replacement simple value (e.g. replacement: "…") to put in place of the restriction`,
    );
  }
  const next = replacement === undefined || replacement === ""
    ? undefined
    : { kind: "simple" as const, value: replacement };
  const updated = setParameter(facet, parameter, next);
  return {
    ...replaceFacet(doc, specIndex, spec, location, facetIndex, updated),
    parameter,
    previous,
    warnings: [],
  };
}

function isRequiredParameter(kind: FacetKind, param: string): boolean {
  if (kind === "property") return param === "propertySet" || param === "baseName";
  if (kind === "entity" || kind === "attribute" || kind === "partOf") return param === "name";
  return false;
}
