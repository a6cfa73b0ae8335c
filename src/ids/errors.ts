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
  | "store_unavailable";

/** One finding of a validation: structural (XSD-like), XML, or semantic (content). */
export interface ValidationIssue {
  readonly kind: "xml" | "structure" | "content";
  readonly message: string;
  /** 1-based line in the source XML, when the issue comes from parsed text. */
  readonly line?: number;
  /** e.g. `/ids/specifications/specification[3]/requirements/property[2]` (1-based indexes). */
  readonly path?: string;
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
