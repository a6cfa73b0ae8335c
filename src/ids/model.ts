/**
 * The IDS 1.0 document model: plain, immutable-by-convention data that every other layer
 * (XML read/write, edits, sessions, MCP tools, the IFC checker) shares.
 *
 * It covers all of IDS 1.0 (`ids.xsd` version 1.0.0). Optional XML attributes are optional
 * properties here; an absent property means the attribute is absent in the XML, so a
 * parse → write → parse round trip is lossless. Facets and values are discriminated unions.
 *
 * @module
 */

/** IFC schema versions a specification may target (`ifcVersion` list). */
export const IFC_VERSIONS = ["IFC2X3", "IFC4", "IFC4X3_ADD2"] as const;
export type IfcVersion = typeof IFC_VERSIONS[number];

/** The `xs:restriction` facets IDS 1.0 uses, in the order XSD lists them. */
export const RESTRICTION_FACETS = [
  "enumeration",
  "pattern",
  "minInclusive",
  "maxInclusive",
  "minExclusive",
  "maxExclusive",
  "length",
  "minLength",
  "maxLength",
  "totalDigits",
  "fractionDigits",
] as const;
export type RestrictionFacetKind = typeof RESTRICTION_FACETS[number];

/** One `<xs:enumeration value="…"/>` (or pattern, bound, length…) inside a restriction. */
export interface RestrictionFacet {
  readonly kind: RestrictionFacetKind;
  readonly value: string;
}

/** A single exact value: `<ids:simpleValue>…</ids:simpleValue>`. */
export interface SimpleValue {
  readonly kind: "simple";
  readonly value: string;
}

/**
 * `<xs:restriction base="xs:string">…</xs:restriction>`. `base` is normalised to the `xs:`
 * prefix whatever prefix the source used (`xsd:double` → `xs:double`); facets keep their order.
 */
export interface RestrictionValue {
  readonly kind: "restriction";
  readonly base?: string;
  readonly facets: readonly RestrictionFacet[];
  /**
   * The text of each `<xs:annotation><xs:documentation>` inside the restriction, in order
   * (authors use it to explain a pattern). Absent when there is none.
   */
  readonly documentation?: readonly string[];
}

/** `ids:idsValue`: either a simple value or a restriction. */
export type IdsValue = SimpleValue | RestrictionValue;

/** Requirement cardinality. `partOf` only allows `required` and `prohibited`. */
export const CARDINALITIES = ["required", "optional", "prohibited"] as const;
export type Cardinality = typeof CARDINALITIES[number];

/** `partOf` relations, including the combined voids/fills relation of IDS 1.0. */
export const PART_OF_RELATIONS = [
  "IFCRELAGGREGATES",
  "IFCRELASSIGNSTOGROUP",
  "IFCRELCONTAINEDINSPATIALSTRUCTURE",
  "IFCRELNESTS",
  "IFCRELVOIDSELEMENT IFCRELFILLSELEMENT",
] as const;
export type PartOfRelation = typeof PART_OF_RELATIONS[number];

/**
 * Attributes only allowed in `<requirements>` (the XSD forbids them in `<applicability>`).
 * `cardinality` absent means the XSD default, `required`.
 */
export interface RequirementOptions {
  readonly cardinality?: Cardinality;
  readonly instructions?: string;
}

/** `<ids:entity>`: an IFC class name (upper case) and optional predefined type. */
export interface EntityFacet {
  readonly facet: "entity";
  readonly name: IdsValue;
  readonly predefinedType?: IdsValue;
  /** Requirements only. Entity facets have no cardinality (always required). */
  readonly instructions?: string;
}

/** `<ids:attribute>`: an IFC attribute by name, with an optional value. */
export interface AttributeFacet extends RequirementOptions {
  readonly facet: "attribute";
  readonly name: IdsValue;
  readonly value?: IdsValue;
}

/** `<ids:property>`: a property (or quantity) in a property set (or quantity set). */
export interface PropertyFacet extends RequirementOptions {
  readonly facet: "property";
  readonly propertySet: IdsValue;
  readonly baseName: IdsValue;
  readonly value?: IdsValue;
  /** An IFC defined type name in upper case, e.g. `IFCLABEL`, `IFCLENGTHMEASURE`. */
  readonly dataType?: string;
  /** Requirements only. */
  readonly uri?: string;
}

/** `<ids:classification>`: a classification reference, by system and optional value. */
export interface ClassificationFacet extends RequirementOptions {
  readonly facet: "classification";
  readonly value?: IdsValue;
  /** Required by the IDS 1.0 XSD; optional here so that edits can build it step by step. */
  readonly system?: IdsValue;
  /** Requirements only. */
  readonly uri?: string;
}

/** `<ids:material>`: a material by name or category; no value means "has any material". */
export interface MaterialFacet extends RequirementOptions {
  readonly facet: "material";
  readonly value?: IdsValue;
  /** Requirements only. */
  readonly uri?: string;
}

/** The entity a `partOf` facet points at (an `ids:entityType`). */
export interface PartOfEntity {
  readonly name: IdsValue;
  readonly predefinedType?: IdsValue;
}

/** `<ids:partOf>`: the element is part of an entity through a relation. */
export interface PartOfFacet {
  readonly facet: "partOf";
  readonly entity: PartOfEntity;
  readonly relation?: PartOfRelation;
  /** Requirements only; `optional` is not allowed for partOf. */
  readonly cardinality?: "required" | "prohibited";
  /** Requirements only. */
  readonly instructions?: string;
}

/** Any of the six facets. */
export type Facet =
  | EntityFacet
  | AttributeFacet
  | PropertyFacet
  | ClassificationFacet
  | MaterialFacet
  | PartOfFacet;

export type FacetKind = Facet["facet"];

/** The facet kinds in the order the XSD sequences them. */
export const FACET_KINDS: readonly FacetKind[] = [
  "entity",
  "partOf",
  "classification",
  "attribute",
  "property",
  "material",
];

/** Where a facet sits in a specification. */
export type FacetLocation = "applicability" | "requirements";

/**
 * `<ids:applicability minOccurs maxOccurs>`. Absent occurs mean the XSD defaults (1 and 1).
 * `minOccurs=0 maxOccurs=unbounded` → optional, `minOccurs≥1` → required, `maxOccurs=0` →
 * prohibited.
 */
export interface Applicability {
  readonly minOccurs?: number;
  readonly maxOccurs?: number | "unbounded";
  readonly facets: readonly Facet[];
}

/** `<ids:requirements description>`: facets in document order (the XSD sequence repeats). */
export interface Requirements {
  readonly description?: string;
  readonly facets: readonly Facet[];
}

/** `<ids:specification>`. */
export interface Specification {
  readonly name: string;
  readonly ifcVersion: readonly IfcVersion[];
  readonly identifier?: string;
  readonly description?: string;
  readonly instructions?: string;
  readonly applicability: Applicability;
  /** Absent: the specification has no `<requirements>` element. */
  readonly requirements?: Requirements;
}

/** The `<ids:info>` fields in schema order (`title` is required, the others optional). */
export const INFO_FIELDS = [
  "title",
  "copyright",
  "version",
  "description",
  "author",
  "date",
  "purpose",
  "milestone",
] as const;

/** `<ids:info>`. */
export interface IdsInfo {
  readonly title: string;
  readonly copyright?: string;
  readonly version?: string;
  readonly description?: string;
  /** An e-mail address (`[^@]+@[^\.]+\..+`). */
  readonly author?: string;
  /** `xs:date`, e.g. `2024-05-31` (a time-zone suffix is allowed by xs:date). */
  readonly date?: string;
  readonly purpose?: string;
  readonly milestone?: string;
}

/**
 * A whole IDS document. An empty `specifications` list is allowed while authoring; it is a
 * validation error (the XSD requires at least one).
 */
export interface IdsDocument {
  readonly info: IdsInfo;
  readonly specifications: readonly Specification[];
}

/** The IDS namespace. */
export const IDS_NS = "http://standards.buildingsmart.org/IDS";
/** The XML Schema namespace (`xs:`). */
export const XS_NS = "http://www.w3.org/2001/XMLSchema";
/** The XML Schema instance namespace (`xsi:`). */
export const XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";
/** Where the official schema lives, written into `xsi:schemaLocation`. */
export const IDS_SCHEMA_LOCATION = "http://standards.buildingsmart.org/IDS/1.0/ids.xsd";

/** A simple value, for brevity in edits and tests. */
export function simple(value: string): SimpleValue {
  return { kind: "simple", value };
}
