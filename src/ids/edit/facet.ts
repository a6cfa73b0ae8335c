/**
 * Edits of facets: tool fields become checked facets, added to, updated in or removed from a
 * specification's applicability or requirements. Facets are addressed by their 0-based index
 * within a location.
 *
 * @module
 */
import { IdsError } from "../errors.ts";
import {
  CARDINALITIES,
  type Cardinality,
  type Facet,
  type FacetKind,
  type FacetLocation,
  type IdsDocument,
  type IdsValue,
  PART_OF_RELATIONS,
  type PartOfRelation,
  type Specification,
} from "../model.ts";
import { article, invalid, replaceAt, valueText } from "./common.ts";
import { findSpecIndex, specIdFor, specLabel } from "./specification.ts";

/**
 * Facet parameters as the tools name them. A string sets a simple value; `null` removes an
 * optional parameter (update only).
 */
export interface FacetFields {
  entity_name?: string | null;
  predefined_type?: string | null;
  attribute_name?: string | null;
  value?: string | null;
  property_name?: string | null;
  property_set?: string | null;
  data_type?: string | null;
  classification_value?: string | null;
  classification_system?: string | null;
  material_value?: string | null;
  relation?: string | null;
  parent_entity?: string | null;
  parent_predefined_type?: string | null;
  cardinality?: string | null;
  instructions?: string | null;
  uri?: string | null;
}

/** The fields each facet kind accepts (besides cardinality/instructions/uri). */
const KIND_FIELDS: Record<FacetKind, readonly (keyof FacetFields)[]> = {
  entity: ["entity_name", "predefined_type", "instructions"],
  attribute: ["attribute_name", "value", "cardinality", "instructions"],
  property: [
    "property_name",
    "property_set",
    "data_type",
    "value",
    "cardinality",
    "instructions",
    "uri",
  ],
  classification: [
    "classification_value",
    "classification_system",
    "cardinality",
    "instructions",
    "uri",
  ],
  material: ["material_value", "cardinality", "instructions", "uri"],
  partOf: ["relation", "parent_entity", "parent_predefined_type", "cardinality", "instructions"],
};

/** Builds and checks a new facet of `kind` for `location` from tool fields. */
export function buildFacet(kind: FacetKind, fields: FacetFields, location: FacetLocation): Facet {
  return checkedFacet(kind, fields, location, undefined);
}

/** Where a facet edit happened. */
export interface FacetEdit {
  readonly doc: IdsDocument;
  readonly specIndex: number;
  readonly specId: string;
  /** 0-based index of the facet within its location. */
  readonly facetIndex: number;
  readonly facet: Facet;
}

/** Appends a facet to `location` of a specification (creating `<requirements>` if needed). */
export function addFacet(
  doc: IdsDocument,
  specId: string | number,
  location: FacetLocation,
  facet: Facet,
): FacetEdit {
  const specIndex = findSpecIndex(doc, specId);
  const spec = doc.specifications[specIndex];
  checkLocation(location);
  if (location === "applicability" && facet.facet === "entity") {
    const existing = spec.applicability.facets.find((f) => f.facet === "entity");
    if (existing) {
      throw invalid(
        `applicability of '${specLabel(spec)}' already has an entity facet (${
          valueText(existing.name)
        }); IDS 1.0 allows one — put further entity conditions in a restriction ` +
          `(xs:enumeration) on its name instead, or add another specification`,
      );
    }
  }
  const facets = [...facetsOf(spec, location), facet];
  return facetEdit(doc, specIndex, spec, location, facets, facets.length - 1, facet);
}

/** Updates parameters of one facet; the facet kind stays the same. */
export function updateFacet(
  doc: IdsDocument,
  specId: string | number,
  location: FacetLocation,
  facetIndex: number,
  fields: FacetFields,
): FacetEdit {
  const { specIndex, spec, facet } = locateFacet(doc, specId, location, facetIndex);
  const allowed = KIND_FIELDS[facet.facet];
  for (const [key, v] of Object.entries(fields)) {
    if (v !== undefined && !allowed.includes(key as keyof FacetFields)) {
      throw invalid(
        `facet ${facetIndex} in ${location} of '${specLabel(spec)}' is ${
          article(facet.facet)
        } facet; it has no '${key}' (its parameters: ${allowed.join(", ")})`,
      );
    }
  }
  const updated = checkedFacet(facet.facet, fields, location, facet);
  return replaceFacet(doc, specIndex, spec, location, facetIndex, updated);
}

/** Removes one facet; later indexes shift down by one. */
export function removeFacet(
  doc: IdsDocument,
  specId: string | number,
  location: FacetLocation,
  facetIndex: number,
): FacetEdit {
  const { specIndex, spec, facet } = locateFacet(doc, specId, location, facetIndex);
  const facets = facetsOf(spec, location).filter((_, i) => i !== facetIndex);
  return facetEdit(doc, specIndex, spec, location, facets, facetIndex, facet);
}

/** The facets of a specification's location, for listing. */
export function listFacets(
  doc: IdsDocument,
  specId: string | number,
  location: FacetLocation,
): readonly Facet[] {
  checkLocation(location);
  return facetsOf(doc.specifications[findSpecIndex(doc, specId)], location);
}

/** Finds a facet by spec id, location and 0-based index, with range errors naming the count. */
export function locateFacet(
  doc: IdsDocument,
  specId: string | number,
  location: FacetLocation,
  facetIndex: number,
): { specIndex: number; spec: Specification; facet: Facet } {
  checkLocation(location);
  const specIndex = findSpecIndex(doc, specId);
  const spec = doc.specifications[specIndex];
  const facets = facetsOf(spec, location);
  if (!Number.isInteger(facetIndex) || facetIndex < 0 || facetIndex >= facets.length) {
    throw new IdsError(
      "not_found",
      `facet_index ${facetIndex} out of range: ${location} of '${
        specLabel(spec)
      }' has ${facets.length} facet${facets.length === 1 ? "" : "s"}` +
        (facets.length > 0 ? ` (indexes 0–${facets.length - 1}; list_facets shows them)` : ""),
    );
  }
  return { specIndex, spec, facet: facets[facetIndex] };
}

function facetsOf(spec: Specification, location: FacetLocation): readonly Facet[] {
  return location === "applicability" ? spec.applicability.facets : spec.requirements?.facets ?? [];
}

/** The document with the facet at `facetIndex` of `location` replaced by `updated`. */
export function replaceFacet(
  doc: IdsDocument,
  specIndex: number,
  spec: Specification,
  location: FacetLocation,
  facetIndex: number,
  updated: Facet,
): FacetEdit {
  const facets = replaceAt(facetsOf(spec, location), facetIndex, updated);
  return facetEdit(doc, specIndex, spec, location, facets, facetIndex, updated);
}

/** The document with `location` of the spec at `specIndex` holding `facets`, as a FacetEdit. */
function facetEdit(
  doc: IdsDocument,
  specIndex: number,
  spec: Specification,
  location: FacetLocation,
  facets: readonly Facet[],
  facetIndex: number,
  facet: Facet,
): FacetEdit {
  const specifications = replaceAt(
    doc.specifications,
    specIndex,
    withFacets(spec, location, facets),
  );
  return {
    doc: { ...doc, specifications },
    specIndex,
    specId: specIdFor(specifications, specIndex),
    facetIndex,
    facet,
  };
}

function withFacets(
  spec: Specification,
  location: FacetLocation,
  facets: readonly Facet[],
): Specification {
  if (location === "applicability") {
    return { ...spec, applicability: { ...spec.applicability, facets } };
  }
  return { ...spec, requirements: { ...(spec.requirements ?? {}), facets } };
}

function checkLocation(location: string): asserts location is FacetLocation {
  if (location !== "applicability" && location !== "requirements") {
    throw invalid(`location must be "applicability" or "requirements", got '${location}'`);
  }
}

/**
 * Merges `fields` into `base` (or builds from scratch) and checks the result. Strings become
 * simple values; `null` removes; absent keeps.
 */
function checkedFacet(
  kind: FacetKind,
  fields: FacetFields,
  location: FacetLocation,
  base: Facet | undefined,
): Facet {
  const isReq = location === "requirements";
  const b = base as Record<string, unknown> | undefined;
  const val = (key: keyof FacetFields, current: unknown): IdsValue | undefined => {
    const v = fields[key];
    if (v === undefined) return current as IdsValue | undefined;
    // Agents pass "" for "not given" as often as they omit a parameter.
    if (v === null || v === "") return undefined;
    return { kind: "simple", value: String(v) };
  };
  const str = (key: keyof FacetFields, current: unknown): string | undefined => {
    const v = fields[key];
    if (v === undefined) return current as string | undefined;
    if (v === null || v === "") return undefined;
    return String(v);
  };
  const reqOnly: Record<string, unknown> = {};
  const instructions = str("instructions", b?.instructions);
  if (instructions !== undefined) {
    if (!isReq) throw invalid("instructions are allowed in requirements only (IDS 1.0)");
    reqOnly.instructions = instructions;
  }
  // The attributes every facet but entity ends with, in XSD order: uri (where the kind has
  // one), cardinality, instructions.
  const tail = (withUri: boolean) => {
    const uri = withUri ? str("uri", b?.uri) : undefined;
    if (uri !== undefined && !isReq) {
      throw invalid("uri is allowed in requirements only (IDS 1.0)");
    }
    return {
      ...(uri !== undefined ? { uri } : {}),
      ...cardinalityOf(fields, b, isReq, kind === "partOf"),
      ...reqOnly,
    };
  };

  let facet: Facet;
  switch (kind) {
    case "entity": {
      if (fields.cardinality !== undefined && fields.cardinality !== null) {
        const c = String(fields.cardinality).toLowerCase();
        if (c !== "required") {
          throw invalid(
            `entity facets have no cardinality in IDS 1.0 (always required); to rule out ` +
              `entities, restrict the applicability instead (e.g. an xs:enumeration of allowed names)`,
          );
        }
      }
      const name = upperSimple(
        requireValue(val("entity_name", b?.name), "entity_name", "e.g. IFCWALL"),
      );
      const predefinedType = val("predefined_type", b?.predefinedType);
      facet = {
        facet: "entity",
        name,
        ...(predefinedType ? { predefinedType } : {}),
        ...reqOnly,
      };
      break;
    }
    case "attribute": {
      const name = requireValue(val("attribute_name", b?.name), "attribute_name", "e.g. Name");
      const value = val("value", b?.value);
      facet = {
        facet: "attribute",
        name,
        ...(value ? { value } : {}),
        ...tail(false),
      };
      break;
    }
    case "property": {
      const baseName = requireValue(
        val("property_name", b?.baseName),
        "property_name",
        "e.g. FireRating",
      );
      const propertySet = val("property_set", b?.propertySet);
      if (!propertySet || (propertySet.kind === "simple" && propertySet.value.trim() === "")) {
        throw invalid(
          "property facet needs property_set (IDS 1.0 requires it); use a pattern like " +
            "'Pset_.*' if any set will do (add_pattern_restriction on parameter propertySet)",
        );
      }
      const dataType = str("data_type", b?.dataType)?.trim().toUpperCase();
      if (dataType !== undefined && !/^IFC[A-Z0-9_]+$/.test(dataType)) {
        throw invalid(
          `data_type '${fields.data_type}' is not an IFC defined type name; use e.g. IFCLABEL, ` +
            `IFCLENGTHMEASURE, IFCBOOLEAN`,
        );
      }
      const value = val("value", b?.value);
      facet = {
        facet: "property",
        propertySet,
        baseName,
        ...(value ? { value } : {}),
        ...(dataType ? { dataType } : {}),
        ...tail(true),
      };
      break;
    }
    case "classification": {
      const value = val("classification_value", b?.value);
      const system = val("classification_system", b?.system);
      if (!value && !system) {
        throw invalid("classification facet needs classification_value or classification_system");
      }
      facet = {
        facet: "classification",
        ...(value ? { value } : {}),
        ...(system ? { system } : {}),
        ...tail(true),
      };
      break;
    }
    case "material": {
      const value = val("material_value", b?.value);
      facet = {
        facet: "material",
        ...(value ? { value } : {}),
        ...tail(true),
      };
      break;
    }
    case "partOf": {
      const bEntity = b?.entity as Record<string, unknown> | undefined;
      const name = upperSimple(
        requireValue(
          val("parent_entity", bEntity?.name),
          "parent_entity",
          "e.g. IFCBUILDINGSTOREY",
        ),
      );
      const predefinedType = val("parent_predefined_type", bEntity?.predefinedType);
      const relationRaw = str("relation", b?.relation);
      const relation = relationRaw === undefined ? undefined : normalizeRelation(relationRaw);
      facet = {
        facet: "partOf",
        entity: { name, ...(predefinedType ? { predefinedType } : {}) },
        ...(relation ? { relation } : {}),
        ...(tail(false) as { cardinality?: "required" | "prohibited" }),
      };
      break;
    }
    default:
      throw invalid(`unknown facet type '${kind}'`);
  }
  return facet;
}

function cardinalityOf(
  fields: FacetFields,
  base: Record<string, unknown> | undefined,
  isReq: boolean,
  partOf: boolean,
): { cardinality?: Cardinality } {
  const raw = fields.cardinality === "" ? undefined : fields.cardinality;
  if (raw === undefined) {
    const current = base?.cardinality as Cardinality | undefined;
    return current !== undefined && isReq ? { cardinality: current } : {};
  }
  if (raw === null) return {};
  const c = String(raw).trim().toLowerCase();
  if (!(CARDINALITIES as readonly string[]).includes(c)) {
    throw invalid(`cardinality must be one of ${CARDINALITIES.join(", ")}, got '${raw}'`);
  }
  if (!isReq) {
    if (c === "required") return {};
    throw invalid(
      `cardinality '${c}' applies to requirements only; in applicability every facet is a ` +
        `condition — use location "requirements", or the specification's min_occurs/max_occurs`,
    );
  }
  if (partOf && c === "optional") {
    throw invalid("partOf facets allow cardinality 'required' or 'prohibited' only (IDS 1.0)");
  }
  return { cardinality: c as Cardinality };
}

/** Accepts relation names in any case; IFCRELVOIDSELEMENT / IFCRELFILLSELEMENT mean the pair. */
export function normalizeRelation(raw: string): PartOfRelation {
  const r = raw.trim().toUpperCase().replace(/\s+/g, " ");
  if (r === "IFCRELVOIDSELEMENT" || r === "IFCRELFILLSELEMENT") {
    return "IFCRELVOIDSELEMENT IFCRELFILLSELEMENT";
  }
  if ((PART_OF_RELATIONS as readonly string[]).includes(r)) return r as PartOfRelation;
  throw invalid(
    `relation '${raw}' is not an IDS 1.0 partOf relation; use one of ${
      PART_OF_RELATIONS.join(", ")
    }`,
  );
}

function upperSimple(v: IdsValue): IdsValue {
  return v.kind === "simple" ? { kind: "simple", value: v.value.trim().toUpperCase() } : v;
}

function requireValue(v: IdsValue | undefined, field: string, example: string): IdsValue {
  if (!v || (v.kind === "simple" && v.value.trim() === "")) {
    throw invalid(`${field} is required and must not be empty (${example})`);
  }
  return v;
}
