/**
 * What the six facet modules share: the attributes a facet may carry in applicability and in
 * requirements, cardinality and URI checks, requirement-option writing and the IfcTester-style
 * template choice for descriptions.
 *
 * @module
 */
import type { Cardinality, Facet, FacetLocation, IdsValue, RequirementOptions } from "../model.ts";
import { CARDINALITIES } from "../model.ts";
import {
  type AttributeValues,
  checkAttributes,
  first,
  type Located,
  matchSequence,
  type Particle,
  type ReadContext,
} from "../structure.ts";
import type { Attrs } from "../xml_writer.ts";
import { isAnyUri } from "../xsd_types.ts";
import { describeValue, readValue } from "../value.ts";

/** Reads facet attributes: `base` everywhere, `requirementsOnly` only in requirements. */
export function readFacetAttributes(
  ctx: ReadContext,
  at: Located,
  location: FacetLocation,
  base: readonly string[],
  requirementsOnly: readonly string[],
): AttributeValues {
  return location === "requirements"
    ? checkAttributes(ctx, at, { allowed: [...base, ...requirementsOnly] })
    : checkAttributes(ctx, at, { allowed: base, requirementsOnly });
}

/**
 * Matches the children of `at` against `sequence` and reads the first element of each
 * particle as an idsValue, in sequence order. A particle that is absent or whose value is
 * broken (already reported) has no entry.
 */
export function readValueChildren<N extends string>(
  ctx: ReadContext,
  at: Located,
  sequence: readonly (Particle & { readonly name: N })[],
): { [K in N]?: IdsValue } {
  const groups = matchSequence(ctx, at, sequence);
  const out: { [K in N]?: IdsValue } = {};
  for (const { name } of sequence) {
    const el = first(groups, name);
    const value = el && readValue(ctx, el);
    if (value) out[name] = value;
  }
  return out;
}

/** Reads `cardinality` against the values the facet allows (exact match, as xs:string). */
export function readCardinality<C extends Cardinality>(
  ctx: ReadContext,
  at: Located,
  attrs: AttributeValues,
  allowed: readonly C[] = CARDINALITIES as unknown as readonly C[],
): C | undefined {
  const raw = attrs.get("cardinality");
  if (raw === undefined) return undefined;
  if ((allowed as readonly string[]).includes(raw)) return raw as C;
  ctx.error(
    at,
    `cardinality '${raw}' is not allowed on ${at.el.qname}; use ${allowed.join(", ")}`,
  );
  return undefined;
}

/** Reads `uri` (xs:anyURI). */
export function readUri(
  ctx: ReadContext,
  at: Located,
  attrs: AttributeValues,
): string | undefined {
  const raw = attrs.get("uri");
  if (raw !== undefined && !isAnyUri(raw)) ctx.keptError(at, `uri '${raw}' is not a valid URI`);
  return raw;
}

/** Reads the common requirement options `cardinality` and `instructions`. */
export function readRequirementOptions(
  ctx: ReadContext,
  at: Located,
  attrs: AttributeValues,
): RequirementOptions {
  const cardinality = readCardinality(ctx, at, attrs);
  const instructions = attrs.get("instructions");
  return {
    ...(cardinality !== undefined ? { cardinality } : {}),
    ...(instructions !== undefined ? { instructions } : {}),
  };
}

/**
 * Reads the attributes of a facet with the usual requirement options: `base` attributes
 * everywhere, then `uri` (when the facet has one), `cardinality` and `instructions` in
 * requirements. Returns the raw attributes and the parsed options.
 */
export function readOptionAttributes(
  ctx: ReadContext,
  at: Located,
  location: FacetLocation,
  { base = [], uri = false }: { base?: readonly string[]; uri?: boolean },
): { attrs: AttributeValues; options: RequirementOptions & { uri?: string } } {
  const requirementsOnly = uri
    ? ["uri", "cardinality", "instructions"]
    : ["cardinality", "instructions"];
  const attrs = readFacetAttributes(ctx, at, location, base, requirementsOnly);
  const options = readRequirementOptions(ctx, at, attrs);
  const u = uri ? readUri(ctx, at, attrs) : undefined;
  return { attrs, options: { ...(u !== undefined ? { uri: u } : {}), ...options } };
}

/** `uri`, `cardinality`, `instructions` in schema order (written wherever the model has them). */
export function requirementAttrs(
  f: RequirementOptions & { readonly uri?: string },
): Attrs {
  return [["uri", f.uri], ["cardinality", f.cardinality], ["instructions", f.instructions]];
}

/** Which template set applies: applicability, requirement or prohibited (IfcTester's rule). */
export type TemplateSet = "applicability" | "requirement" | "prohibited";

/**
 * Picks the template set. A requirement is phrased negatively when the facet is prohibited,
 * or when the specification itself is prohibited (maxOccurs 0), but not both.
 */
export function templateSet(
  facet: Facet,
  location: FacetLocation,
  specificationProhibited = false,
): TemplateSet {
  if (location === "applicability") return "applicability";
  const prohibited = ("cardinality" in facet && facet.cardinality === "prohibited") !==
    specificationProhibited;
  return prohibited ? "prohibited" : "requirement";
}

/**
 * A value that reads as a noun inside a sentence ("IFCWALL", "IFCWALL or IFCSLAB"): a simple
 * value or an enumeration. Undefined for patterns, bounds and lengths, which read as
 * predicates ("a value matching 'EI.*'", "at least 3") and need {@linkcode whose}.
 */
export function inlineValue(v: IdsValue): string | undefined {
  if (v.kind === "simple") return v.value;
  if (v.facets.length && v.facets.every((f) => f.kind === "enumeration")) return describeValue(v);
  return undefined;
}

/** "whose name is a value matching 'Uni.*'": a restricted value as a relative clause. */
export function whose(what: string, v: IdsValue): string {
  return `whose ${what} is ${describeValue(v)}`;
}

/**
 * The indefinite article for a word: "an OmniClass", "an Aluminium", but "a Uniclass" and
 * "a Eurocode" (a "you" sound), "a Concrete".
 */
export function article(word: string): "a" | "an" {
  return /^([aio]|e(?!u))/i.test(word) ? "an" : "a";
}

/** The sentence with its first letter upper case. */
export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The phrase of a template set: `pick(set, ["Data having", "Shall have", "Shall not have"])`. */
export function pick(set: TemplateSet, phrases: readonly [string, string, string]): string {
  return set === "applicability" ? phrases[0] : set === "requirement" ? phrases[1] : phrases[2];
}

/** Describes an optional value, or undefined. */
export function describeOptional(v: IdsValue | undefined): string | undefined {
  return v === undefined ? undefined : describeValue(v);
}
