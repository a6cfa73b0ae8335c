/**
 * Pure edits of an {@linkcode IdsDocument}: what the MCP authoring tools do, without I/O.
 * Every function returns a NEW document (inputs are never mutated) or throws an
 * {@linkcode IdsError} whose message tells an agent what to do instead, so a failed edit can
 * never leave a half-changed document behind.
 *
 * Specifications are addressed by `spec_id`: the `identifier`, else the `name`, else the 1-based
 * position. Facets are addressed by their 0-based index within a location.
 *
 * @module
 */
import { IdsError } from "./errors.ts";
import {
  CARDINALITIES,
  type Cardinality,
  type Facet,
  type FacetKind,
  type FacetLocation,
  type IdsDocument,
  type IdsInfo,
  type IdsValue,
  IFC_VERSIONS,
  type IfcVersion,
  INFO_FIELDS,
  PART_OF_RELATIONS,
  type PartOfRelation,
  type RestrictionFacet,
  type RestrictionValue,
  type Specification,
} from "./model.ts";

// ---------------------------------------------------------------------------------------------
// Document

/** Info fields as the tools take them (`title` required). */
export type InfoInput = { title: string } & Partial<Omit<IdsInfo, "title">>;

const DATE_RE = /^-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$/;
const AUTHOR_RE = /^[^@]+@[^.]+\..+$/;

/** A new, empty document; checks the info fields the IDS 1.0 XSD constrains. */
export function newDocument(info: InfoInput): IdsDocument {
  return { info: checkInfo(info), specifications: [] };
}

/** Replaces info fields (`null` removes an optional one). */
export function updateInfo(
  doc: IdsDocument,
  patch: { [K in keyof IdsInfo]?: string | null },
): IdsDocument {
  const merged: Record<string, string | undefined> = { ...doc.info };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) {
      if (key === "title") throw invalid("title cannot be removed; IDS 1.0 requires one");
      delete merged[key];
    } else merged[key] = value;
  }
  return { ...doc, info: checkInfo(merged as InfoInput) };
}

function checkInfo(info: InfoInput): IdsInfo {
  if (typeof info.title !== "string" || info.title.trim() === "") {
    throw invalid("title must be a non-empty string");
  }
  if (info.date !== undefined && !DATE_RE.test(info.date)) {
    throw invalid(`date '${info.date}' is not an xs:date; use YYYY-MM-DD, e.g. 2024-05-31`);
  }
  if (info.author !== undefined && !AUTHOR_RE.test(info.author)) {
    throw invalid(
      `author '${info.author}' is not an e-mail address, which IDS 1.0 requires ` +
        `(e.g. jane@example.com); put a person's name in description instead`,
    );
  }
  const out: Record<string, string> = {};
  for (const key of INFO_FIELDS) {
    const v = info[key];
    if (v !== undefined) out[key] = v;
  }
  return out as unknown as IdsInfo;
}

// ---------------------------------------------------------------------------------------------
// Specifications

/** How a specification is addressed in messages and replies: identifier, else name. */
export function specLabel(spec: Specification): string {
  return spec.identifier ?? spec.name;
}

/**
 * Resolves `specId` (identifier, else name, else 1-based position) to a 0-based index.
 * Throws `not_found` naming the existing specifications.
 */
export function findSpecIndex(doc: IdsDocument, specId: string | number): number {
  const specs = doc.specifications;
  const id = String(specId).trim();
  const byIdentifier = specs.findIndex((s) => s.identifier === id);
  if (byIdentifier >= 0) return byIdentifier;
  const byName = specs.flatMap((s, i) => s.name === id ? [i] : []);
  if (byName.length === 1) return byName[0];
  if (byName.length > 1) {
    throw invalid(
      `spec '${id}' is ambiguous: ${byName.length} specifications have that name (positions ${
        byName.map((i) => i + 1).join(", ")
      }); use an identifier or a 1-based position`,
    );
  }
  if (/^\d+$/.test(id)) {
    const pos = Number(id);
    if (pos >= 1 && pos <= specs.length) return pos - 1;
  }
  if (specs.length === 0) {
    throw new IdsError(
      "not_found",
      `spec '${id}' not found; the document has no specifications yet — add one with add_specification`,
    );
  }
  throw new IdsError(
    "not_found",
    `spec '${id}' not found; existing: ${specs.map(specLabel).join(", ")} ` +
      `(or a position 1–${specs.length})`,
  );
}

/** The parameters of a new specification, as `add_specification` takes them. */
export interface SpecificationInput {
  readonly name: string;
  readonly ifcVersions: readonly string[];
  readonly identifier?: string;
  readonly description?: string;
  readonly instructions?: string;
  readonly minOccurs?: number;
  readonly maxOccurs?: number | "unbounded";
}

/** What an edit of a specification produced: the new document and where the spec now is. */
export interface SpecEdit {
  readonly doc: IdsDocument;
  /** 0-based index of the specification. */
  readonly index: number;
  /** The id to address it with from now on (identifier, else name, else position). */
  readonly specId: string;
}

/** Appends a specification. Defaults as upstream: `minOccurs` 0, `maxOccurs` unbounded. */
export function addSpecification(doc: IdsDocument, input: SpecificationInput): SpecEdit {
  const name = requireText(input.name, "name");
  const identifier = input.identifier === undefined || input.identifier === ""
    ? undefined
    : input.identifier;
  if (identifier !== undefined) checkUniqueIdentifier(doc, identifier, -1);
  const [minOccurs, maxOccurs] = checkOccurs(input.minOccurs ?? 0, input.maxOccurs ?? "unbounded");
  const spec: Specification = {
    name,
    ifcVersion: normalizeIfcVersions(input.ifcVersions),
    ...(identifier !== undefined ? { identifier } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.instructions !== undefined ? { instructions: input.instructions } : {}),
    applicability: { minOccurs, maxOccurs, facets: [] },
  };
  const specifications = [...doc.specifications, spec];
  const index = specifications.length - 1;
  return { doc: { ...doc, specifications }, index, specId: specIdFor(specifications, index) };
}

/** Changes of a specification; `null` removes an optional attribute. */
export interface SpecificationPatch {
  readonly name?: string;
  readonly ifcVersions?: readonly string[];
  readonly identifier?: string | null;
  readonly description?: string | null;
  readonly instructions?: string | null;
  readonly minOccurs?: number;
  readonly maxOccurs?: number | "unbounded";
  /** The `description` of `<requirements>`. */
  readonly requirementsDescription?: string | null;
}

/** Updates a specification's attributes. */
export function updateSpecification(
  doc: IdsDocument,
  specId: string | number,
  patch: SpecificationPatch,
): SpecEdit {
  const index = findSpecIndex(doc, specId);
  const old = doc.specifications[index];
  const next: Record<string, unknown> = { ...old };
  if (patch.name !== undefined) next.name = requireText(patch.name, "name");
  if (patch.ifcVersions !== undefined) next.ifcVersion = normalizeIfcVersions(patch.ifcVersions);
  if (patch.identifier !== undefined) {
    if (patch.identifier === null || patch.identifier === "") delete next.identifier;
    else {
      checkUniqueIdentifier(doc, patch.identifier, index);
      next.identifier = patch.identifier;
    }
  }
  for (const key of ["description", "instructions"] as const) {
    const v = patch[key];
    if (v === null) delete next[key];
    else if (v !== undefined) next[key] = v;
  }
  if (patch.minOccurs !== undefined || patch.maxOccurs !== undefined) {
    const [minOccurs, maxOccurs] = checkOccurs(
      patch.minOccurs ?? old.applicability.minOccurs ?? 1,
      patch.maxOccurs ?? old.applicability.maxOccurs ?? 1,
    );
    next.applicability = { ...old.applicability, minOccurs, maxOccurs };
  }
  if (patch.requirementsDescription !== undefined) {
    const req: Record<string, unknown> = { ...(old.requirements ?? { facets: [] }) };
    if (patch.requirementsDescription === null) delete req.description;
    else req.description = patch.requirementsDescription;
    next.requirements = req;
  }
  const specifications = replaceAt(doc.specifications, index, next as unknown as Specification);
  return { doc: { ...doc, specifications }, index, specId: specIdFor(specifications, index) };
}

/** Removes a specification; later positions shift down by one. */
export function removeSpecification(
  doc: IdsDocument,
  specId: string | number,
): { doc: IdsDocument; removed: Specification; index: number } {
  const index = findSpecIndex(doc, specId);
  return {
    doc: { ...doc, specifications: doc.specifications.filter((_, i) => i !== index) },
    removed: doc.specifications[index],
    index,
  };
}

/** Accepts the IDS 1.0 versions in any case, and `IFC4X3` for `IFC4X3_ADD2` (as upstream). */
export function normalizeIfcVersions(versions: readonly string[]): IfcVersion[] {
  if (!Array.isArray(versions) || versions.length === 0) {
    throw invalid(`ifc_versions must list at least one of ${IFC_VERSIONS.join(", ")}`);
  }
  const out: IfcVersion[] = [];
  for (const raw of versions) {
    let v = String(raw).trim().toUpperCase();
    if (v === "IFC4X3" || v === "IFC4.3" || v === "IFC4X3_ADD1") v = "IFC4X3_ADD2";
    if (!(IFC_VERSIONS as readonly string[]).includes(v)) {
      throw invalid(
        `ifc_versions: '${raw}' is not an IFC version of IDS 1.0; use one of ${
          IFC_VERSIONS.join(", ")
        }`,
      );
    }
    if (!out.includes(v as IfcVersion)) out.push(v as IfcVersion);
  }
  return out;
}

function checkOccurs(
  min: number,
  max: number | "unbounded",
): [number, number | "unbounded"] {
  if (!Number.isInteger(min) || min < 0) {
    throw invalid(`min_occurs must be a non-negative integer, got ${min}`);
  }
  if (max !== "unbounded") {
    if (typeof max === "string" && /^\d+$/.test(max)) max = Number(max);
    if (!Number.isInteger(max) || (max as number) < 0) {
      throw invalid(`max_occurs must be a non-negative integer or "unbounded", got ${max}`);
    }
    if ((max as number) < min) {
      throw invalid(`max_occurs (${max}) is less than min_occurs (${min})`);
    }
  }
  return [min, max];
}

function checkUniqueIdentifier(doc: IdsDocument, identifier: string, self: number): void {
  const other = doc.specifications.findIndex((s, i) => i !== self && s.identifier === identifier);
  if (other >= 0) {
    throw invalid(
      `identifier '${identifier}' is already used by specification ${other + 1} ` +
        `('${doc.specifications[other].name}'); choose another`,
    );
  }
}

/** The shortest unambiguous `spec_id` for the spec at `index`. */
export function specIdFor(specs: readonly Specification[], index: number): string {
  const spec = specs[index];
  if (
    spec.identifier !== undefined &&
    specs.findIndex((s) => s.identifier === spec.identifier) === index
  ) {
    return spec.identifier;
  }
  const sameName = specs.filter((s) => s.name === spec.name).length;
  const identifierClash = specs.some((s) => s.identifier === spec.name);
  if (sameName === 1 && !identifierClash) return spec.name;
  return String(index + 1);
}

// ---------------------------------------------------------------------------------------------
// Facets

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
  const facets = replaceAt(facetsOf(spec, location), facetIndex, updated);
  return facetEdit(doc, specIndex, spec, location, facets, facetIndex, updated);
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

// ---------------------------------------------------------------------------------------------
// Restrictions

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
  "date",
  "dateTime",
  "time",
  "duration",
  "gYear",
  "gYearMonth",
  "gMonth",
  "gMonthDay",
  "gDay",
  "hexBinary",
  "base64Binary",
];
const INTEGER = new Set(
  [...NUMERIC].filter((t) => t !== "decimal" && t !== "double" && t !== "float"),
);
const ORDERED = new Set([
  ...NUMERIC,
  "date",
  "dateTime",
  "time",
  "duration",
  "gYear",
  "gYearMonth",
]);

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
    if (!DATE_RE.test(v)) throw bad("YYYY-MM-DD");
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
  return finishFacetEdit(doc, specIndex, spec, location, facetIndex, updated, {
    parameter,
    previous,
    warnings,
  });
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
  return finishFacetEdit(doc, specIndex, spec, location, facetIndex, updated, {
    parameter,
    previous,
    warnings: [],
  });
}

function isRequiredParameter(kind: FacetKind, param: string): boolean {
  if (kind === "property") return param === "propertySet" || param === "baseName";
  if (kind === "entity" || kind === "attribute" || kind === "partOf") return param === "name";
  return false;
}

function finishFacetEdit(
  doc: IdsDocument,
  specIndex: number,
  spec: Specification,
  location: FacetLocation,
  facetIndex: number,
  updated: Facet,
  extra: { parameter: string; previous?: IdsValue; warnings: string[] },
): RestrictionEdit {
  const facets = replaceAt(facetsOf(spec, location), facetIndex, updated);
  return { ...facetEdit(doc, specIndex, spec, location, facets, facetIndex, updated), ...extra };
}

// ---------------------------------------------------------------------------------------------
// helpers

/** A value as short text: `IFCWALL`, or `xs:string enumeration [A, B]`. */
export function valueText(v: IdsValue | undefined): string {
  if (!v) return "(any)";
  if (v.kind === "simple") return v.value;
  const groups = new Map<string, string[]>();
  for (const f of v.facets) groups.set(f.kind, [...(groups.get(f.kind) ?? []), f.value]);
  const parts = [...groups].map(([k, vals]) =>
    vals.length > 1 || k === "enumeration" ? `${k} [${vals.join(", ")}]` : `${k} ${vals[0]}`
  );
  return `${v.base ?? ""} ${parts.join(", ")}`.trim();
}

function article(kind: string): string {
  return /^[aeiou]/i.test(kind) ? `an ${kind}` : `a ${kind}`;
}

function requireText(v: unknown, field: string): string {
  if (typeof v !== "string" || v.trim() === "") {
    throw invalid(`${field} must be a non-empty string`);
  }
  return v;
}

function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  return list.map((x, i) => i === index ? item : x);
}

function invalid(message: string): IdsError {
  return new IdsError("invalid_argument", message);
}
