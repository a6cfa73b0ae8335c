/**
 * The machinery behind the built-in structural rules: an issue collector, and checks that
 * mirror how an XSD engine sees an element (allowed attributes, element-only vs. simple
 * content, `xs:sequence` content models with min/max occurs). The IDS-specific rules live
 * next to the elements they describe (document.ts, value.ts, facets/*.ts) and use these.
 *
 * @module
 */
import type { ValidationIssue } from "./errors.ts";
import { IDS_NS, XS_NS, XSI_NS } from "./model.ts";
import type { XmlAttr, XmlElement } from "./xml_tree.ts";
import { isAnyUri, isBlank } from "./xsd_types.ts";

/** An element together with its IDS path, e.g. `/ids/specifications/specification[2]`. */
export interface Located {
  readonly el: XmlElement;
  readonly path: string;
}

/** At most this many errors (and warnings) are kept; hostile input cannot flood memory. */
export const MAX_ISSUES = 1000;

/** Collects errors and warnings while reading; the reader never throws on bad content. */
export class ReadContext {
  readonly errors: ValidationIssue[] = [];
  readonly warnings: ValidationIssue[] = [];
  /**
   * How many of `errors` are about a value the model keeps as written (a lower-case
   * `dataType`, an author that is not an e-mail): when all are, the document can be loaded
   * and fixed with the editing tools, although it is not valid.
   */
  keptErrors = 0;

  constructor(
    /** `xs:ID` values seen so far (the schema for schemas gives restrictions an `id`). */
    readonly xmlIds: Set<string> = new Set(),
  ) {}

  error(at: Located, message: string): void {
    this.errorAt(at.el.line, at.path, message);
  }

  /** {@linkcode error} by line and path (what a {@linkcode RecordingContext} replays). */
  errorAt(line: number, path: string, message: string): void {
    if (this.errors.length < MAX_ISSUES) {
      this.errors.push({ kind: "structure", message, line, path });
    } else if (this.errors.length === MAX_ISSUES) {
      this.errors.push({
        kind: "structure",
        message: `more than ${MAX_ISSUES} errors; the rest are not listed`,
      });
    }
  }

  /** An error about a value the model keeps as written (see `keptErrors`). */
  keptError(at: Located, message: string): void {
    this.keptErrorAt(at.el.line, at.path, message);
  }

  keptErrorAt(line: number, path: string, message: string): void {
    if (this.errors.length < MAX_ISSUES) {
      this.errors.push({ kind: "structure", message, line, path, kept: true });
      this.keptErrors++;
    } else this.errorAt(line, path, message);
  }

  /** True when every error is about a value the model keeps (the document can be fixed). */
  get onlyKeptErrors(): boolean {
    return this.errors.length === this.keptErrors;
  }

  warn(at: Located, message: string, kind: ValidationIssue["kind"] = "structure"): void {
    this.warnAt(at.el.line, at.path, message, kind);
  }

  warnAt(line: number, path: string, message: string, kind: ValidationIssue["kind"]): void {
    if (this.warnings.length < MAX_ISSUES) {
      this.warnings.push({ kind, message, line, path });
    }
  }
}

/** One issue as a {@linkcode RecordingContext} took it down. */
interface RecordedIssue {
  readonly method: "error" | "keptError" | "warn";
  readonly line: number;
  readonly path: string;
  readonly message: string;
  readonly kind: ValidationIssue["kind"];
}

/**
 * A context that writes issues down instead of collecting them, for parts of the document read
 * ahead of their turn (specifications read while the rest of the file is still being scanned,
 * document_reader.ts): {@linkcode replay} hands a part's issues to the real context at its turn,
 * with the part's real path, so the errors, their order, the caps and `keptErrors` come out
 * exactly as if it had been read in place. Paths are recorded relative to a placeholder.
 */
export class RecordingContext extends ReadContext {
  readonly #recorded: RecordedIssue[] = [];
  #errorsLeft = MAX_ISSUES + 1;
  #warningsLeft = MAX_ISSUES;
  /** Issues raised so far (recorded, or past what the real context could keep). */
  issues = 0;

  /** How many issues are recorded (where the next part's records start). */
  get recorded(): number {
    return this.#recorded.length;
  }

  override errorAt(line: number, path: string, message: string): void {
    this.#record("error", line, path, message, "structure");
  }

  override keptErrorAt(line: number, path: string, message: string): void {
    this.#record("keptError", line, path, message, "structure");
  }

  override warnAt(line: number, path: string, message: string, kind: ValidationIssue["kind"]) {
    this.#record("warn", line, path, message, kind);
  }

  #record(
    method: RecordedIssue["method"],
    line: number,
    path: string,
    message: string,
    kind: ValidationIssue["kind"],
  ): void {
    this.issues++;
    // Past MAX_ISSUES + 1 errors (or MAX_ISSUES warnings) recorded in all, the real context
    // keeps nothing more, whatever it held before: hostile input cannot fill memory here.
    if (method === "warn" ? this.#warningsLeft-- <= 0 : this.#errorsLeft-- <= 0) return;
    this.#recorded.push({ method, line, path, message, kind });
  }

  /**
   * Hands the records from `from` to `to` (one part's) to `ctx`, in order, with `placeholder`
   * replaced by `path`. Parts are replayed in the order they were recorded.
   */
  replay(ctx: ReadContext, placeholder: string, path: string, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const r = this.#recorded[i];
      const at = r.path.startsWith(placeholder) ? path + r.path.slice(placeholder.length) : r.path;
      if (r.method === "error") ctx.errorAt(r.line, at, r.message);
      else if (r.method === "keptError") ctx.keptErrorAt(r.line, at, r.message);
      else ctx.warnAt(r.line, at, r.message, r.kind);
    }
  }
}

const PREFIXES: Record<string, string> = { [IDS_NS]: "ids", [XS_NS]: "xs", [XSI_NS]: "xsi" };

/** A name with the conventional prefix of its namespace, for messages: `ids:entity`. */
export function displayName(ns: string, local: string): string {
  const p = PREFIXES[ns];
  if (p) return `${p}:${local}`;
  return ns ? `{${ns}}${local}` : local;
}

/** One attribute rule: which attributes an element may carry, and where. */
export interface AttributeRules {
  /** Unqualified attribute names allowed here. */
  readonly allowed: readonly string[];
  /** Attributes that would be allowed in requirements but are not here (better message). */
  readonly requirementsOnly?: readonly string[];
  /** Allow attributes from other namespaces than XML Schema (the schema-for-schemas `##other`). */
  readonly otherNamespaces?: boolean;
}

const XML_NS = "http://www.w3.org/XML/1998/namespace";

/**
 * Checks the attributes of `at` and returns the allowed unqualified ones by name. `xsi:` schema
 * location hints are accepted everywhere (as XSD engines do); anything else is an error.
 */
export function checkAttributes(
  ctx: ReadContext,
  at: Located,
  rules: AttributeRules,
): AttributeValues {
  // No map: the element's own list is read when asked (found ones are flagged), and an
  // indexed loop: cold code allocates an iterator result per `for…of` step.
  let found = false;
  const attrs = at.el.attrs;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i];
    if (a.ns === "") {
      if (rules.allowed.includes(a.local)) {
        found = true;
      } else if (rules.requirementsOnly?.includes(a.local)) {
        ctx.error(
          at,
          `attribute '${a.local}' is not allowed on ${
            displayName(at.el.ns, at.el.local)
          } in applicability; it is only allowed in requirements`,
        );
      } else {
        ctx.error(
          at,
          `attribute '${a.qname}' is not allowed on ${displayName(at.el.ns, at.el.local)}${
            rules.allowed.length ? `; allowed: ${rules.allowed.join(", ")}` : ""
          }`,
        );
      }
    } else if (a.ns === XSI_NS) {
      if (a.local === "schemaLocation") {
        const parts = a.value.split(/[ \t\r\n]+/).filter((x) => x !== "");
        if (!parts.every(isAnyUri)) {
          ctx.error(at, `xsi:schemaLocation '${a.value}' is not a list of URIs`);
        }
      } else if (a.local === "noNamespaceSchemaLocation") {
        if (!isAnyUri(a.value)) ctx.error(at, `xsi:noNamespaceSchemaLocation is not a URI`);
      } else {
        ctx.error(at, `attribute '${a.qname}' is not allowed here`);
      }
    } else if (rules.otherNamespaces && a.ns !== XS_NS) {
      if (a.ns === XML_NS) checkXmlAttribute(ctx, at, a.local, a.value);
    } else {
      ctx.error(
        at,
        `attribute '${a.qname}' (namespace ${a.ns}) is not allowed on ${
          displayName(at.el.ns, at.el.local)
        }`,
      );
    }
  }
  return found ? new FoundAttributes(attrs, rules.allowed) : NO_ATTRIBUTES;
}

/** The allowed unqualified attributes of an element by name, as {@linkcode checkAttributes} found them. */
export interface AttributeValues {
  get(name: string): string | undefined;
}

/**
 * Read from the element's own attribute list when asked, instead of copied into a map: a map
 * per element was the biggest garbage of reading 20,000 specification heads (three attributes
 * each). An unprefixed name appears at most once (the XML reader refuses a repeated one).
 */
class FoundAttributes implements AttributeValues {
  constructor(readonly attrs: readonly XmlAttr[], readonly allowed: readonly string[]) {}

  get(name: string): string | undefined {
    if (!this.allowed.includes(name)) return undefined;
    for (let i = 0; i < this.attrs.length; i++) {
      const a = this.attrs[i];
      if (a.ns === "" && a.local === name) return a.value;
    }
    return undefined;
  }
}

/** What {@linkcode checkAttributes} returns for an element without allowed attributes. */
const NO_ATTRIBUTES: AttributeValues = { get: () => undefined };

function checkXmlAttribute(ctx: ReadContext, at: Located, local: string, value: string): void {
  // Lax processing validates attributes that xml.xsd declares.
  if (local === "space" && value !== "default" && value !== "preserve") {
    ctx.error(at, `xml:space must be 'default' or 'preserve', not '${value}'`);
  } else if (
    local === "lang" && value !== "" && !/^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/.test(value.trim())
  ) {
    ctx.error(at, `xml:lang '${value}' is not a language tag`);
  } else if (local === "base" && !isAnyUri(value)) {
    ctx.error(at, `xml:base '${value}' is not a URI`);
  }
}

/** Element children of an element whose content is element-only; text is reported. */
export function elementChildren(ctx: ReadContext, at: Located): readonly XmlElement[] {
  const children = at.el.children;
  // Compact XML (no indentation) has only elements here: the list itself, not a copy.
  let k = 0;
  while (k < children.length && children[k].type === "element") k++;
  if (k === children.length) return children as readonly XmlElement[];
  const out: XmlElement[] = [];
  let reported = false;
  for (const c of at.el.children) {
    if (c.type === "element") out.push(c);
    else if (!reported && !isBlank(c.text)) {
      reported = true;
      ctx.error(
        at,
        `text '${c.text.trim().slice(0, 40)}' is not allowed in ${
          displayName(at.el.ns, at.el.local)
        }; it holds only elements`,
      );
    }
  }
  return out;
}

/** The text of a simple-content element; child elements are reported. */
export function simpleContent(ctx: ReadContext, at: Located): string {
  let text = "";
  let reported = false;
  for (const c of at.el.children) {
    if (c.type === "text") text += c.text;
    else if (!reported) {
      reported = true;
      ctx.error(
        at,
        `element '${c.qname}' is not allowed inside ${
          displayName(at.el.ns, at.el.local)
        }; it holds only text`,
      );
    }
  }
  return text;
}

/** One element of an `xs:sequence`. */
export interface Particle {
  readonly name: string;
  readonly ns?: string;
  readonly min: number;
  readonly max: number;
}

function matches(p: Particle, el: XmlElement): boolean {
  return el.local === p.name && el.ns === (p.ns ?? IDS_NS);
}

/** Child paths: `name[i]` when the name may repeat or does repeat, else `name`. */
export function childPaths(
  parentPath: string,
  kids: readonly XmlElement[],
  repeatable: (el: XmlElement) => boolean,
): Located[] {
  if (kids.length > SMALL) return childPathsCounted(parentPath, kids, repeatable);
  // Most elements have a handful of children: counting by scanning costs less than two Maps
  // per element (a document of 20,000 specifications has about 150,000 such parents). Sized
  // exactly: a pushed-to `[]` reserves 17 slots.
  const out: Located[] = new Array(kids.length);
  for (let k = 0; k < kids.length; k++) {
    const el = kids[k];
    let i = 1;
    let total = 0;
    for (let j = 0; j < kids.length; j++) {
      if (kids[j].local !== el.local) continue;
      total++;
      if (j < k) i++;
    }
    const indexed = repeatable(el) || total > 1;
    out[k] = { el, path: `${parentPath}/${el.local}${indexed ? `[${i}]` : ""}` };
  }
  return out;
}

/** Up to this many children, {@linkcode childPaths} counts names by scanning. */
const SMALL = 12;

function childPathsCounted(
  parentPath: string,
  kids: readonly XmlElement[],
  repeatable: (el: XmlElement) => boolean,
): Located[] {
  const totals = new Map<string, number>();
  for (let k = 0; k < kids.length; k++) {
    totals.set(kids[k].local, (totals.get(kids[k].local) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  const out: Located[] = new Array(kids.length);
  for (let k = 0; k < kids.length; k++) {
    const el = kids[k];
    const i = (seen.get(el.local) ?? 0) + 1;
    seen.set(el.local, i);
    const indexed = repeatable(el) || (totals.get(el.local) ?? 0) > 1;
    out[k] = new ChildAt(el, parentPath, indexed ? i : 0);
  }
  return out;
}

/**
 * A child among many (the specifications of a document) whose path is made when first read:
 * the 20,000 specifications read ahead are named in no message, and their paths were 20,000
 * strings made for nothing.
 */
class ChildAt implements Located {
  #path: string | undefined;

  constructor(
    readonly el: XmlElement,
    readonly parentPath: string,
    /** Its index among the children of its name; 0 when the path has none. */
    readonly index: number,
  ) {}

  get path(): string {
    return this.#path ??= `${this.parentPath}/${this.el.local}${
      this.index ? `[${this.index}]` : ""
    }`;
  }
}

/**
 * Matches the element children of `at` against an `xs:sequence` and returns the children
 * grouped by particle name. Missing, extra, out-of-order and unknown elements are reported.
 */
export function matchSequence(
  ctx: ReadContext,
  at: Located,
  particles: readonly Particle[],
): Map<string, Located[]> {
  const kids = childPaths(at.path, elementChildren(ctx, at), (el) => {
    for (let i = 0; i < particles.length; i++) {
      if (particles[i].max > 1 && matches(particles[i], el)) return true;
    }
    return false;
  });
  const groups = new Map<string, Located[]>();
  const counts: number[] = new Array(particles.length).fill(0);
  let p = 0;
  // Messages name the parent only when they are made: not for the 200,000 elements that match
  // (no closure per call for it either).
  for (let n = 0; n < kids.length; n++) {
    const kid = kids[n];
    let j = p;
    while (j < particles.length && !matches(particles[j], kid.el)) j++;
    if (j === particles.length) {
      const earlier = particles.findIndex((q) => matches(q, kid.el));
      if (earlier >= 0) {
        const next = particles[p];
        ctx.error(
          kid,
          counts[earlier] >= particles[earlier].max
            ? `${displayName(at.el.ns, at.el.local)} allows at most ${
              particles[earlier].max
            } ${kid.el.qname}`
            : `element ${kid.el.qname} is out of order: it must come before ${
              displayName(next.ns ?? IDS_NS, next.name)
            }`,
        );
      } else {
        const expected = particles.slice(p).filter((q, i) => counts[p + i] < q.max)
          .map((q) => displayName(q.ns ?? IDS_NS, q.name));
        ctx.error(
          kid,
          `element '${kid.el.qname}'${
            kid.el.ns && !kid.el.qname.includes(":") ? ` (namespace ${kid.el.ns})` : ""
          } is not allowed in ${displayName(at.el.ns, at.el.local)}${
            expected.length ? `; expected ${expected.join(", ")}` : ""
          }`,
        );
      }
      continue;
    }
    for (let k = p; k < j; k++) {
      if (counts[k] < particles[k].min) reportMissing(ctx, at, particles, counts, k, kid);
    }
    p = j;
    counts[j]++;
    if (counts[j] > particles[j].max) {
      ctx.error(
        kid,
        particles[j].max === 1
          ? `${displayName(at.el.ns, at.el.local)} allows only one ${kid.el.qname}`
          : `${displayName(at.el.ns, at.el.local)} allows at most ${
            particles[j].max
          } ${kid.el.qname}`,
      );
      continue;
    }
    const name = particles[j].name;
    const list = groups.get(name);
    // A group of one (most) is a list of one, not a pushed-to `[]` of 17 slots.
    if (list) list.push(kid);
    else groups.set(name, [kid]);
  }
  for (let k = p; k < particles.length; k++) {
    if (counts[k] < particles[k].min) reportMissing(ctx, at, particles, counts, k);
  }
  return groups;
}

/** Reports particle `k` missing (before `before`, or at the end of `at`). */
function reportMissing(
  ctx: ReadContext,
  at: Located,
  particles: readonly Particle[],
  counts: number[],
  k: number,
  before?: Located,
): void {
  const what = displayName(particles[k].ns ?? IDS_NS, particles[k].name);
  const parent = displayName(at.el.ns, at.el.local);
  ctx.error(
    before ?? at,
    before
      ? `${parent} is missing required element ${what} before ${before.el.qname}`
      : `${parent} is missing required element ${what}`,
  );
  counts[k] = particles[k].min;
}

/** The first located child of a group, if any. */
export function first(groups: Map<string, Located[]>, name: string): Located | undefined {
  return groups.get(name)?.[0];
}
