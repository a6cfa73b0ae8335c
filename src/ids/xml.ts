/**
 * Public entry points for IDS XML: read (namespace-aware, hardened, with every structural
 * error located by line and path), write (canonical) and validate a model against the
 * built-in IDS 1.0 structural rules. The work happens in xml_tree.ts (XML), document_reader.ts
 * (rules + mapping) and document_writer.ts (canonical XML).
 *
 * @module
 */
import type { IdsDocument } from "./model.ts";
import { IdsError, type ValidationIssue } from "./errors.ts";
import { ReadContext } from "./structure.ts";
import { readIdsXmlSliced } from "./document_reader.ts";
import { runSliced, runSync, type Sliced } from "./time_slice.ts";
import { writeDocument } from "./document_writer.ts";

export { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH } from "./xml_tree.ts";

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
  /**
   * Set when the input could not be read as XML at all (`xml_malformed`, `xml_forbidden`,
   * `too_large`); `errors` then holds one `xml` issue.
   */
  readonly xmlError?: IdsError;
}

/** Reads IDS XML and reports every structural error with line and path; never throws on bad input. */
export function readIds(xml: string | Uint8Array, options: ReadOptions = {}): ReadResult {
  return runSync(readIdsSliced(xml, options));
}

function* readIdsSliced(xml: string | Uint8Array, options: ReadOptions): Sliced<ReadResult> {
  const ctx = new ReadContext();
  let doc;
  try {
    doc = (yield* readIdsXmlSliced(ctx, xml, options)).doc;
  } catch (e) {
    if (e instanceof IdsError) return { errors: e.issues, warnings: [], xmlError: e };
    throw e;
  }
  if (ctx.errors.length > 0 || !doc) {
    return { errors: ctx.errors, warnings: ctx.warnings };
  }
  return { doc, errors: [], warnings: ctx.warnings };
}

/**
 * Parses IDS XML into a document. Throws `IdsError` with code `xml_malformed`, `xml_forbidden`,
 * `too_large` or `structure` (with `issues`).
 */
export function parseIds(xml: string | Uint8Array, options: ReadOptions = {}): IdsDocument {
  return parseIdsWithWarnings(xml, options).doc;
}

/**
 * Like {@linkcode parseIds}, plus the warnings about the input as written (with its own line
 * numbers), e.g. what the model does not keep (`xs:appinfo`, `id` attributes).
 */
export function parseIdsWithWarnings(
  xml: string | Uint8Array,
  options: ReadOptions = {},
): { doc: IdsDocument; warnings: readonly ValidationIssue[] } {
  return runSync(parseSliced(xml, options));
}

/**
 * {@linkcode parseIdsWithWarnings} giving the event loop a turn about every 10 ms, for a
 * server reading a big document while other clients wait; rejects with the signal's reason
 * when it aborts.
 */
export function parseIdsWithWarningsAsync(
  xml: string | Uint8Array,
  options: ReadOptions & { readonly signal?: AbortSignal } = {},
): Promise<{ doc: IdsDocument; warnings: readonly ValidationIssue[] }> {
  return runSliced(parseSliced(xml, options), { signal: options.signal });
}

function* parseSliced(
  xml: string | Uint8Array,
  options: ReadOptions,
): Sliced<{ doc: IdsDocument; warnings: readonly ValidationIssue[] }> {
  const r = yield* readIdsSliced(xml, options);
  if (r.xmlError) throw r.xmlError;
  if (!r.doc) {
    const n = r.errors.length;
    const firstIssue = r.errors[0];
    const where = firstIssue?.line !== undefined ? `line ${firstIssue.line}: ` : "";
    throw new IdsError(
      "structure",
      `not a valid IDS 1.0 document (${n} error${n === 1 ? "" : "s"}); first: ${where}${
        firstIssue?.message ?? "unknown"
      }`,
      r.errors,
    );
  }
  return { doc: r.doc, warnings: r.warnings };
}

/** Writes canonical, deterministic IDS 1.0 XML (UTF-8, `ids:`/`xs:` prefixes, schemaLocation). */
export function writeIds(doc: IdsDocument): string {
  return writeDocument(doc);
}

/**
 * Validates a document (as it would be written) against the built-in IDS 1.0 structural rules.
 * Lines and paths refer to the canonical XML that {@linkcode writeIds} produces; note that it
 * writes applicability facets in schema order (entity, partOf, classification, attribute,
 * property, material), so `applicability/property[2]` is the second property facet, whatever
 * its position in the model's list. Requirement facets keep model order.
 */
export function validateDocument(
  doc: IdsDocument,
  /** `writeIds(doc)` when the caller has it already (it is not written twice). */
  xml?: string,
): { valid: boolean; errors: ValidationIssue[]; warnings: ValidationIssue[] } {
  return runSync(validateDocumentSliced(doc, xml));
}

/** {@linkcode validateDocument} as sliced work (time_slice.ts), for a server. */
export function* validateDocumentSliced(
  doc: IdsDocument,
  xml?: string,
): Sliced<{ valid: boolean; errors: ValidationIssue[]; warnings: ValidationIssue[] }> {
  const r = yield* readIdsSliced(xml ?? writeDocument(doc), { maxBytes: Number.MAX_SAFE_INTEGER });
  return { valid: r.errors.length === 0, errors: [...r.errors], warnings: [...r.warnings] };
}
