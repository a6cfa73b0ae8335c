/**
 * The result of checking one IFC model against one IDS document. This is the JSON report
 * format of `ids-mcp check --format json` and the input of every other report writer
 * (html, text, bcf). Field names are part of the public CLI contract.
 *
 * @module
 */

/** Overall or per-specification verdict. `invalid`: an input is invalid, nothing checked. */
export type CheckStatus = "pass" | "fail" | "invalid";

/** One element that failed one requirement facet (or a specification-level failure). */
export interface CheckFailure {
  /** IFC GlobalId of the element; empty for specification-level failures (e.g. occurs). */
  readonly globalId: string;
  /** IFC entity class, upper case as in STEP (e.g. `IFCWALL`). */
  readonly entity: string;
  /** The element's Name attribute, when it has one. */
  readonly name?: string;
  /** A short description of the facet that failed, e.g. `property Pset_WallCommon.FireRating`. */
  readonly facet: string;
  /** Why it failed, readable by a coordinator: "FireRating is 'EI30', expected one of EI60, EI90". */
  readonly reason: string;
  /** The kind of the facet that failed (`property`, `partOf` …), for filtering and BCF labels. */
  readonly facetKind?: string;
  /** STEP line id (#123) of the element, for tools that can jump to it. */
  readonly stepId?: number;
}

/**
 * Why a specification applied to nothing although the model holds subtypes of a class its
 * entity facet names (a facet matches the exact class): which subtypes, how many of each (the
 * most frequent ten), and how to include them.
 */
export interface SubtypeHint {
  readonly message: string;
  readonly subtypes: readonly { readonly entity: string; readonly count: number }[];
}

/** The outcome of one specification. */
export interface SpecificationResult {
  readonly name: string;
  readonly identifier?: string;
  readonly description?: string;
  readonly instructions?: string;
  readonly status: CheckStatus;
  /** "required" | "optional" | "prohibited", from the applicability occurs. */
  readonly occurs?: "required" | "optional" | "prohibited";
  /** Human-readable applicability and requirement descriptions. */
  readonly applicabilityText?: readonly string[];
  readonly requirementsText?: readonly string[];
  /** Number of applicable elements. */
  readonly applicable: number;
  /** Applicable elements that met every requirement. */
  readonly passed: number;
  /** Applicable elements that failed at least one requirement. */
  readonly failed: number;
  readonly failures: readonly CheckFailure[];
  /** Set when the specification was not checked (e.g. it targets other IFC versions): why. */
  readonly skipped?: string;
  /** Failures left out of `failures` because of a size cap (counts above stay exact). */
  readonly omittedFailures?: number;
  /** A caveat about this result (e.g. the model's schema is not among the spec's versions). */
  readonly warning?: string;
  /** Set when no element applied but the model holds subtypes of a named class. */
  readonly hint?: SubtypeHint;
}

/** One audit finding about the IDS carried by a report (see `idsFindings`). */
export interface IdsFinding {
  readonly severity: "error" | "warning";
  /** A stable finding code, e.g. `value_without_data_type`. */
  readonly code: string;
  readonly message: string;
  /** e.g. `/ids/specifications/specification[2]/requirements/property[1]`. */
  readonly path?: string;
  /** Line in the IDS file, when it was read from one. */
  readonly line?: number;
  /** The closest valid name or value, for near misses. */
  readonly suggestion?: string;
}

/** The full report. */
export interface CheckReport {
  readonly status: CheckStatus;
  /** Title of the IDS document. */
  readonly title?: string;
  /** File names or labels of the inputs. */
  readonly ids?: string;
  readonly model?: string;
  /** IFC schema of the model as read from its header, e.g. `IFC4`. */
  readonly schema?: string;
  /**
   * When the status is `invalid`: why. `input` says which input is at fault: the IDS (xml,
   * structure or content issues) or the model (unreadable, not STEP, a bad .ifczip).
   */
  readonly errors?: readonly {
    readonly input?: "ids" | "model";
    readonly kind: string;
    readonly message: string;
    readonly path?: string;
    readonly line?: number;
  }[];
  readonly specifications: readonly SpecificationResult[];
  /**
   * What the IDS audit found that did not stop the check (rules of IDS-Audit-tool that
   * IfcTester does not apply, and warnings): the model was checked as the IDS is written, and
   * these say what to fix in the IDS. Absent when there is nothing to say.
   */
  readonly idsFindings?: readonly IdsFinding[];
  /**
   * Set when a cap across specifications (failure entries or their size) left failures out of
   * the report: how many and why. Counts stay exact; each specification's `omittedFailures`
   * says how many of its own are missing.
   */
  readonly truncated?: string;
  /** ISO 8601 time the check finished. */
  readonly checkedAt?: string;
  readonly durationMs?: number;
}

/** Which input made a report `invalid`, for headings ("the IDS" or "the model"). */
export function invalidInputLabel(report: CheckReport): "the IDS" | "the model" {
  return report.errors?.some((e) => e.input === "model") ? "the model" : "the IDS";
}
