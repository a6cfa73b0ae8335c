/**
 * Public entry points for IDS XML: read (namespace-aware, hardened) and write (canonical).
 * STUB SIGNATURES — implementation in progress.
 * @module
 */
import type { IdsDocument } from "./model.ts";
import type { ValidationIssue } from "./errors.ts";

/** Limits applied while reading untrusted XML. */
export interface ReadOptions {
  /** Maximum input size in bytes (default 20 MB). */
  readonly maxBytes?: number;
  /** Maximum element nesting depth (default 64). */
  readonly maxDepth?: number;
}

/** What reading produced: a document when structurally valid, and every issue found. */
export interface ReadResult {
  readonly doc?: IdsDocument;
  /** Errors (xml or structure). Empty when `doc` is set. */
  readonly errors: readonly ValidationIssue[];
  readonly warnings: readonly ValidationIssue[];
}

/** Reads IDS XML and reports every structural error with line and path; never throws on bad input. */
export function readIds(_xml: string | Uint8Array, _options: ReadOptions = {}): ReadResult {
  throw new Error("not implemented");
}

/**
 * Parses IDS XML into a document. Throws `IdsError` with code `xml_malformed`, `xml_forbidden`,
 * `too_large` or `structure` (with `issues`).
 */
export function parseIds(_xml: string | Uint8Array, _options: ReadOptions = {}): IdsDocument {
  throw new Error("not implemented");
}

/** Writes canonical, deterministic IDS 1.0 XML (UTF-8, `ids:`/`xs:` prefixes, schemaLocation). */
export function writeIds(_doc: IdsDocument): string {
  throw new Error("not implemented");
}

/** Validates a document (as it would be written) against the built-in IDS 1.0 structural rules. */
export function validateDocument(
  _doc: IdsDocument,
): { valid: boolean; errors: ValidationIssue[]; warnings: ValidationIssue[] } {
  throw new Error("not implemented");
}
