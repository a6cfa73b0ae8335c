/**
 * The one validation verdict behind `validate`, `check`, `validate_ids`, `export_ids` and
 * `load_ids`: the built-in structural rules (mirroring the IDS 1.0 XSD), optionally the
 * official XSD itself, and the semantic audit, reported together as findings with severity,
 * kind, code, path and (for files) line, each said once (a repeated finding, or a content
 * finding that only follows from a structure error, is left out). A document is valid when
 * there is no error; warnings never make it invalid.
 *
 * Pure: the caller hands over an already compiled XSD validator (loading it is I/O).
 *
 * @module
 */
import { type Finding, IdsError, toFinding, type ValidationIssue } from "../ids/errors.ts";
import type { IdsDocument } from "../ids/model.ts";
import { type ReadOptions, validateDocumentSliced, writeIds } from "../ids/xml.ts";
import { ReadContext } from "../ids/structure.ts";
import { type IdsXmlRead, readIdsXmlSliced } from "../ids/document_reader.ts";
import { decodeXml, type XmlElement } from "../ids/xml_tree.ts";
import { runSliced, runSync, type Sliced } from "../ids/time_slice.ts";
import { auditDocumentSliced } from "./audit.ts";

/** An official-schema validator (see src/fs/xsd_load.ts). */
export interface XsdValidator {
  validate(xml: string): ValidationIssue[];
}

export interface ValidateOptions extends ReadOptions {
  /** Skip the semantic audit (structural rules and XSD only). */
  readonly structureOnly?: boolean;
  /** Also validate against the official XSD. */
  readonly xsd?: XsdValidator;
}

export interface ValidationResult {
  readonly valid: boolean;
  readonly errors: readonly Finding[];
  readonly warnings: readonly Finding[];
  /** The document, when it is structurally valid. */
  readonly doc?: IdsDocument;
  /**
   * The document as read when every structural error is about a value the model keeps as
   * written (e.g. `dataType="IfcLabel"`): `load_ids` loads it so the errors can be fixed with
   * the editing tools. Set whenever `doc` is.
   */
  readonly loadable?: IdsDocument;
  /** True when the input could not be read as XML at all (not an IDS, whatever its content). */
  readonly unreadable?: boolean;
}

/** A path with `[1]` indexes left out (the reader writes `entity`, the audit `entity[1]`). */
function plainPath(path: string): string {
  return path.replace(/\[1\]/g, "");
}

/**
 * One cause, one finding: a finding said twice is kept once, and a content finding about an
 * element below a specification (its applicability, requirements, a facet) that holds a
 * structure error is dropped: the reader left the broken part out, so "the applicability has
 * no facets" or "the requirements have no facets" only repeats the structure error.
 */
function pruned(findings: readonly Finding[]): Finding[] {
  const broken = findings.filter((f) => f.kind === "structure" && f.path !== undefined)
    .map((f) => plainPath(f.path!));
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify([f.severity, f.kind, f.code, f.path, f.line, f.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    if (f.kind !== "content" || f.path === undefined) return true;
    const own = plainPath(f.path);
    if (!/\/specification(\[\d+\])?\/./.test(own)) return true;
    return !broken.some((b) => b.startsWith(own + "/"));
  });
}

function split(all: readonly Finding[]): { errors: Finding[]; warnings: Finding[] } {
  const findings = pruned(all);
  const errors = findings.filter((f) => f.severity === "error");
  // A reader note the audit turned into a content error (same path) is said once.
  const errorPaths = new Set(errors.filter((e) => e.kind === "content").map((e) => e.path));
  return {
    errors,
    warnings: findings.filter((f) =>
      f.severity === "warning" && !(f.kind === "content" && f.code === "content" &&
        errorPaths.has(f.path))
    ),
  };
}

/**
 * Official-schema findings not already reported by the built-in rules: an XSD error on a line
 * that already has a built-in structural error is the same error said twice.
 */
function xsdFindings(
  xsd: XsdValidator,
  xml: string,
  builtIn: readonly Finding[],
): Finding[] {
  const lines = new Set(builtIn.filter((f) => f.kind !== "content").map((f) => f.line));
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const i of xsd.validate(xml)) {
    if (i.line !== undefined && lines.has(i.line)) continue;
    const key = `${i.line}:${i.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      ...i,
      kind: "structure",
      severity: "error",
      code: "xsd",
      message: `official schema: ${i.message}`,
    });
  }
  return out;
}

/**
 * Finds elements by path, with `[1]` indexes left out so that `entity` and `entity[1]` (the
 * reader indexes only repeatable elements, the audit always indexes facets) meet. Each parent's
 * children are indexed only when a path goes through it: a document of 20,000 specifications
 * with a few findings indexes the specifications and the few elements the findings name, not
 * every element of the file.
 */
class LineIndex {
  readonly #children = new Map<XmlElement, Map<string, XmlElement[]>>();
  readonly root: XmlElement;
  constructor(readonly read: IdsXmlRead) {
    this.root = read.root;
  }

  /** The element children of `el` by name, in order. */
  #index(el: XmlElement): Map<string, XmlElement[]> {
    let out = this.#children.get(el);
    if (!out) {
      out = new Map();
      // A specification's children were dropped while reading: it is read again for them.
      const children = (this.read.subtree(el) ?? el).children;
      for (let i = 0; i < children.length; i++) {
        const k = children[i];
        if (k.type !== "element") continue;
        const list = out.get(k.local);
        if (list) list.push(k);
        else out.set(k.local, [k]);
      }
      this.#children.set(el, out);
    }
    return out;
  }

  /** The child of `el` a path segment names (`name`, or `name[i]` for the i-th), if any. */
  #child(el: XmlElement, segment: string): XmlElement | undefined {
    const m = /^(.*)\[([1-9][0-9]*)\]$/.exec(segment);
    const list = this.#index(el).get(m ? m[1] : segment);
    // `name[1]` is written `name` (the caller drops "[1]"), so it never names the first.
    return m ? (m[2] === "1" ? undefined : list?.[Number(m[2]) - 1]) : list?.[0];
  }

  /** Line of the element at `path` (no `[1]`), or of its nearest ancestor in the file. */
  line(path: string): number | undefined {
    const segments = path.split("/");
    // "/ids/…" splits into "", "ids", …: the root must be the first segment.
    if (segments[0] !== "" || segments[1] !== this.root.local) return undefined;
    let el = this.root;
    for (let i = 2; i < segments.length; i++) {
      const next = this.#child(el, segments[i]);
      if (!next) break;
      el = next;
    }
    return el.line;
  }
}

/** Gives content findings the line of their path (or of its nearest ancestor). */
function locate(findings: Finding[], read: IdsXmlRead): Finding[] {
  const lines = new LineIndex(read);
  return findings.map((f) => {
    if (f.line !== undefined || f.path === undefined) return f;
    const line = lines.line(f.path.replace(/\[1\]/g, ""));
    return line === undefined ? f : { ...f, line };
  });
}

function unlocated(f: Finding, doc: IdsDocument): Finding {
  const m = /^\/ids\/specifications\/specification\[(\d+)\](.*)$/.exec(f.path ?? "");
  const { path: _path, ...rest } = f;
  if (!m) return rest;
  const spec = doc.specifications[Number(m[1]) - 1];
  return {
    ...rest,
    message: `specification '${spec?.name ?? m[1]}'${
      m[2] ? ` (${m[2].slice(1)})` : ""
    }: ${f.message}`,
  };
}

/** Number of `specification` elements under `/ids/specifications`. */
function specificationCount(root: XmlElement): number {
  const specs = root.children.find((c): c is XmlElement =>
    c.type === "element" && c.local === "specifications"
  );
  return specs?.children.filter((c) => c.type === "element" && c.local === "specification")
    .length ?? 0;
}

/**
 * Validates IDS XML text or bytes: structure, optionally the XSD, and the semantic audit. A
 * structurally invalid document is audited too as far as it could be read, so a file can be
 * reported with structure and content errors at once (when a specification was dropped while
 * reading, content findings name their specification instead of giving a path).
 */
export function validateIdsXml(
  xml: string | Uint8Array,
  options: ValidateOptions = {},
): ValidationResult {
  return runSync(validateSliced(xml, options));
}

/**
 * {@linkcode validateIdsXml} for a server: reading the XML and the document gives the event
 * loop a turn about every 10 ms (time_slice.ts), so a multi-MB `load_ids` does not freeze
 * other clients; rejects with the signal's reason when it aborts.
 */
export function validateIdsXmlAsync(
  xml: string | Uint8Array,
  options: ValidateOptions & { readonly signal?: AbortSignal } = {},
): Promise<ValidationResult> {
  return runSliced(validateSliced(xml, options), { signal: options.signal });
}

function* validateSliced(
  xml: string | Uint8Array,
  options: ValidateOptions,
): Sliced<ValidationResult> {
  const ctx = new ReadContext();
  let xmlRead: IdsXmlRead;
  try {
    xmlRead = yield* readIdsXmlSliced(ctx, xml, options);
  } catch (e) {
    if (!(e instanceof IdsError)) throw e;
    return {
      valid: false,
      errors: e.issues.map((i) => toFinding(i, "error")),
      warnings: [],
      unreadable: true,
    };
  }
  const { root, doc: read } = xmlRead;
  const structural = [
    ...ctx.errors.map((i) => toFinding(i, "error")),
    ...ctx.warnings.map((i) => toFinding(i, "warning")),
  ];
  const findings = [...structural];
  if (options.xsd) {
    const text = typeof xml === "string" ? xml : decodeXml(xml);
    findings.push(...xsdFindings(options.xsd, text.replace(/^\uFEFF/, ""), structural));
  }
  const complete = ctx.errors.length === 0;
  if (read && !options.structureOnly) {
    const content = yield* auditDocumentSliced(read);
    if (complete || read.specifications.length === specificationCount(root)) {
      findings.push(...locate(content, xmlRead));
    } else {
      // A specification was dropped while reading: indexes no longer match the file, so name
      // the specification instead of giving a path that could point at the wrong one.
      findings.push(...content.map((f) => unlocated(f, read)));
    }
  }
  const { errors, warnings } = split(findings);
  return {
    valid: errors.length === 0,
    errors,
    warnings,
    ...(read && complete ? { doc: read } : {}),
    ...(read && ctx.onlyKeptErrors ? { loadable: read } : {}),
  };
}

/**
 * Validates a document as it would be written (paths and lines refer to the canonical XML of
 * `writeIds`): structure, optionally the XSD on that XML, and the semantic audit.
 */
export function validateIdsDocument(
  doc: IdsDocument,
  options: { structureOnly?: boolean; xsd?: XsdValidator; xml?: string } = {},
): ValidationResult {
  return runSync(validateDocumentSlicedWork(doc, options));
}

/**
 * {@linkcode validateIdsDocument} for a server: re-reading the written XML and the audit give
 * the event loop a turn about every 10 ms (time_slice.ts), so validating a document of 20,000
 * specifications does not freeze other clients.
 */
export function validateIdsDocumentAsync(
  doc: IdsDocument,
  options: { structureOnly?: boolean; xsd?: XsdValidator; xml?: string } = {},
): Promise<ValidationResult> {
  return runSliced(validateDocumentSlicedWork(doc, options));
}

function* validateDocumentSlicedWork(
  doc: IdsDocument,
  options: { structureOnly?: boolean; xsd?: XsdValidator; xml?: string },
): Sliced<ValidationResult> {
  const xml = options.xml ?? writeIds(doc);
  const built = yield* validateDocumentSliced(doc, xml);
  const structural = [
    ...built.errors.map((i) => toFinding(i, "error")),
    ...built.warnings.map((i) => toFinding(i, "warning")),
  ];
  const findings = [...structural];
  if (options.xsd) {
    findings.push(...xsdFindings(options.xsd, xml, structural));
  }
  if (!options.structureOnly) findings.push(...(yield* auditDocumentSliced(doc)));
  const { errors, warnings } = split(findings);
  return { valid: errors.length === 0, errors, warnings, doc };
}
