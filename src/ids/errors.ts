/**
 * Errors as values: every failure the core can report carries a stable `code` an adapter can
 * branch on and a message an agent can act on ("spec 'S3' not found; existing: S1, S2").
 * Adapters (MCP, CLI, HTTP) turn them into tool errors, exit codes or HTTP statuses.
 *
 * @module
 */

/** Stable error codes shared by all layers. */
export type IdsErrorCode =
  /** Input is not well-formed XML. */
  | "xml_malformed"
  /** DTD, entity declaration or other forbidden XML construct. */
  | "xml_forbidden"
  /** Input larger than the configured maximum, or nested too deeply. */
  | "too_large"
  /** The XML is well-formed but is not a structurally valid IDS 1.0 document. */
  | "structure"
  /** An argument is wrong (bad IFC version, malformed restriction, bad facet parameter…). */
  | "invalid_argument"
  /** A referenced thing (specification, facet, restriction) does not exist. */
  | "not_found"
  /** The session has no document yet, or the session does not exist / has expired. */
  | "no_document"
  | "session_not_found"
  /** Concurrent updates kept conflicting; retrying later will work. */
  | "busy"
  /** A file path outside the allowed roots. */
  | "path_not_allowed"
  /** A file could not be read or written. */
  | "io"
  /** The file to write exists and replacing it was not asked for (`overwrite`). */
  | "file_exists"
  /** The call ran past its time limit (`--call-timeout`); nothing was changed. */
  | "timeout"
  /** The session store cannot be used (its file was deleted or damaged). */
  | "store_unavailable"
  /** A storage limit (per session or for the whole store) would be exceeded; nothing changed. */
  | "quota_exceeded";

/** How bad a finding is: errors make a document invalid, warnings never do. */
export type Severity = "error" | "warning";

/**
 * Stable finding codes an agent can branch on. Structural findings use `xml` (not readable as
 * XML), `structure` (the built-in IDS 1.0 rules) or `xsd` (the official schema); content
 * findings (the semantic audit) name what is wrong.
 */
export type FindingCode =
  | "xml"
  | "structure"
  | "xsd"
  | "no_ifc_version"
  | "unknown_entity"
  | "unknown_predefined_type"
  | "no_predefined_type"
  | "unknown_attribute"
  | "wrong_value_type"
  | "unknown_data_type"
  | "wrong_data_type"
  | "unknown_property"
  | "value_not_allowed"
  | "reserved_prefix"
  | "value_without_data_type"
  | "bad_restriction_base"
  | "facet_not_allowed"
  | "bad_restriction_value"
  | "bounds_order"
  | "pattern_syntax"
  | "pattern_anchor"
  | "pattern_escape"
  | "digits_facet"
  | "bad_cardinality"
  | "incompatible_part_of"
  | "incompatible_clauses"
  | "prohibited_with_requirements"
  | "empty_applicability"
  | "empty_requirements"
  /**
   * A warning: a `Qto_*` set used with IFC2X3, which has no official quantity-set templates,
   * is checked against its IFC4 definition.
   */
  | "qto_checked_against_ifc4"
  /**
   * An empty `simpleValue` or text `xs:enumeration` value (a name or value that says nothing;
   * an empty predefinedType is allowed).
   */
  | "empty_value"
  /** An empty `xs:pattern`: it matches only an empty text. */
  | "empty_pattern"
  /** A content note of the structural reader (e.g. an applicability without facets). */
  | "content";

/**
 * One finding of a validation: structural (XSD-like), XML, or semantic (content). `severity`
 * and `code` are always set on findings of {@linkcode validateIds}; issues produced by the
 * structural reader carry neither (their list, errors or warnings, says the severity) and get
 * them when they become findings.
 */
export interface ValidationIssue {
  readonly kind: "xml" | "structure" | "content";
  readonly message: string;
  readonly severity?: Severity;
  readonly code?: FindingCode;
  /** 1-based line in the source XML, when the issue comes from parsed text. */
  readonly line?: number;
  /** e.g. `/ids/specifications/specification[3]/requirements/property[2]` (1-based indexes). */
  readonly path?: string;
  /** The closest valid name, when the finding is about a near miss ("did you mean …?"). */
  readonly suggestion?: string;
}

/** A finding with its severity and code resolved. */
export interface Finding extends ValidationIssue {
  readonly severity: Severity;
  readonly code: FindingCode;
}

/** Gives a reader issue its severity and code (from the list it came from and its kind). */
export function toFinding(i: ValidationIssue, severity: Severity): Finding {
  return {
    ...i,
    severity: i.severity ?? severity,
    code: i.code ?? i.kind,
  };
}

/** The error every layer throws; `code` is stable, `message` is for humans and agents. */
export class IdsError extends Error {
  override readonly name = "IdsError";
  constructor(
    readonly code: IdsErrorCode,
    message: string,
    /** Details such as the list of validation issues behind a `structure` error. */
    readonly issues: readonly ValidationIssue[] = [],
  ) {
    super(message);
  }
}

/** True when `e` is an {@linkcode IdsError}, optionally with the given code. */
export function isIdsError(e: unknown, code?: IdsErrorCode): e is IdsError {
  return e instanceof IdsError && (code === undefined || e.code === code);
}
