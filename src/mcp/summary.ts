/**
 * JSON views of a document for tool replies and the `ids://session/info` resource: the
 * summary `get_ids_info` returns (upstream field names), and facets as `list_facets` shows them.
 *
 * @module
 */
import { specIdsFor, specLabel, valueText } from "../ids/edit.ts";
import type { Facet, FacetLocation, IdsDocument, IdsValue } from "../ids/model.ts";

/** One specification in a summary. */
export interface SpecSummary {
  [key: string]: unknown;
  /** The id to pass as `spec_id` (identifier, else name, else position). */
  spec_id: string;
  position: number;
  identifier: string | null;
  name: string;
  ifc_versions: string[];
  applicability_facets: number;
  requirement_facets: number;
  min_occurs: number;
  max_occurs: number | "unbounded";
  description?: string;
}

/** The document summary (`get_ids_info`, `load_ids`, `ids://session/info`). */
export interface DocumentSummary {
  [key: string]: unknown;
  title: string;
  author: string | null;
  version: string | null;
  description: string | null;
  copyright: string | null;
  date: string | null;
  purpose: string | null;
  milestone: string | null;
  specification_count: number;
  specifications: SpecSummary[];
  /** Set when `specifications` lists only some (see {@linkcode SummaryRange}). */
  specifications_truncated?: boolean;
  /** The `offset` that lists the next ones, when there are more. */
  next_offset?: number;
}

/** Which specifications a summary lists: `limit` of them from `offset` (0-based). */
export interface SummaryRange {
  readonly offset?: number;
  readonly limit?: number;
}

/** Summaries of the specifications in `range` (all by default); spec ids are document-wide. */
export function summarizeSpecs(doc: IdsDocument, range: SummaryRange = {}): SpecSummary[] {
  const all = doc.specifications;
  const from = Math.min(range.offset ?? 0, all.length);
  const to = Math.min(from + (range.limit ?? all.length), all.length);
  const ids = specIdsFor(all, from, to);
  return all.slice(from, to).map((s, k) => {
    const i = from + k;
    const out: SpecSummary = {
      spec_id: ids[k],
      position: i + 1,
      identifier: s.identifier ?? null,
      name: s.name,
      ifc_versions: [...s.ifcVersion],
      applicability_facets: s.applicability.facets.length,
      requirement_facets: s.requirements?.facets.length ?? 0,
      min_occurs: s.applicability.minOccurs ?? 1,
      max_occurs: s.applicability.maxOccurs ?? 1,
    };
    if (s.description !== undefined) out.description = s.description;
    return out;
  });
}

/**
 * How many specifications a reply that summarises the whole document lists (`load_ids`,
 * `update_ids_info`, `remove_specification`): about 700 bytes each, so 50 keep the reply near
 * 35 KB, within an agent's context; `get_ids_info` pages through the rest.
 */
export const LISTED_SPECS = 50;

/** `get_ids_info`'s page: `INFO_PAGE` specifications by default, at most `INFO_PAGE_MAX`. */
export const INFO_PAGE = 100;
export const INFO_PAGE_MAX = 1000;

/**
 * The document summary listing the specifications in `range` (all by default); when that is
 * not all of them from `offset` on, `specifications_truncated` and `next_offset` say so.
 */
export function summarize(doc: IdsDocument, range: SummaryRange = {}): DocumentSummary {
  const i = doc.info;
  const specifications = summarizeSpecs(doc, range);
  const end = Math.min(range.offset ?? 0, doc.specifications.length) + specifications.length;
  return {
    title: i.title,
    author: i.author ?? null,
    version: i.version ?? null,
    description: i.description ?? null,
    copyright: i.copyright ?? null,
    date: i.date ?? null,
    purpose: i.purpose ?? null,
    milestone: i.milestone ?? null,
    specification_count: doc.specifications.length,
    specifications,
    ...(end < doc.specifications.length
      ? { specifications_truncated: true, next_offset: end }
      : {}),
  };
}

/** A value as JSON: a string for a simple value, else `{base, enumeration: […], pattern: …}`. */
export function valueJson(v: IdsValue | undefined): unknown {
  if (!v) return null;
  if (v.kind === "simple") return v.value;
  const out: Record<string, unknown> = { base: v.base ?? null };
  for (const f of v.facets) {
    if (f.kind === "enumeration" || f.kind === "pattern") {
      out[f.kind] = [...((out[f.kind] as string[] | undefined) ?? []), f.value];
    } else out[f.kind] = f.value;
  }
  return out;
}

/** One facet as `list_facets` shows it: tool parameter names, effective cardinality, text. */
export function facetJson(
  facet: Facet,
  index: number,
  location: FacetLocation,
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  let text: string;
  switch (facet.facet) {
    case "entity":
      params.entity_name = valueJson(facet.name);
      if (facet.predefinedType) params.predefined_type = valueJson(facet.predefinedType);
      text = `entity ${valueText(facet.name)}` +
        (facet.predefinedType ? ` of type ${valueText(facet.predefinedType)}` : "");
      break;
    case "attribute":
      params.attribute_name = valueJson(facet.name);
      if (facet.value) params.value = valueJson(facet.value);
      text = `attribute ${valueText(facet.name)}` +
        (facet.value ? ` = ${valueText(facet.value)}` : "");
      break;
    case "property":
      params.property_set = valueJson(facet.propertySet);
      params.property_name = valueJson(facet.baseName);
      if (facet.dataType) params.data_type = facet.dataType;
      if (facet.value) params.value = valueJson(facet.value);
      if (facet.uri) params.uri = facet.uri;
      text = `property ${valueText(facet.propertySet)}.${valueText(facet.baseName)}` +
        (facet.dataType ? ` (${facet.dataType})` : "") +
        (facet.value ? ` = ${valueText(facet.value)}` : "");
      break;
    case "classification":
      if (facet.system) params.classification_system = valueJson(facet.system);
      if (facet.value) params.classification_value = valueJson(facet.value);
      if (facet.uri) params.uri = facet.uri;
      text = `classification ${facet.system ? valueText(facet.system) : "(any system)"}` +
        (facet.value ? ` ${valueText(facet.value)}` : "");
      break;
    case "material":
      if (facet.value) params.material_value = valueJson(facet.value);
      if (facet.uri) params.uri = facet.uri;
      text = `material ${facet.value ? valueText(facet.value) : "(any)"}`;
      break;
    case "partOf":
      params.parent_entity = valueJson(facet.entity.name);
      if (facet.entity.predefinedType) {
        params.parent_predefined_type = valueJson(facet.entity.predefinedType);
      }
      if (facet.relation) params.relation = facet.relation;
      text = `part of ${valueText(facet.entity.name)}` +
        (facet.relation ? ` via ${facet.relation}` : "");
      break;
  }
  const cardinality = location === "applicability"
    ? null
    : facet.facet === "entity"
    ? "required"
    : (facet as { cardinality?: string }).cardinality ?? "required";
  const instructions = (facet as { instructions?: string }).instructions;
  return {
    index,
    type: facet.facet,
    cardinality,
    description: cardinality && cardinality !== "required" ? `${cardinality}: ${text}` : text,
    parameters: params,
    ...(instructions !== undefined ? { instructions } : {}),
  };
}

export { specLabel };
