/**
 * Reads the document level of IDS 1.0 — `ids`, `info`, `specifications`, `specification`,
 * `applicability`, `requirements` — from an element tree, applying the schema's structural
 * rules and building the model. Facet and value details are delegated to facets/ and value.ts.
 *
 * @module
 */
import type {
  Applicability,
  Facet,
  FacetKind,
  IdsDocument,
  IdsInfo,
  IfcVersion,
  Requirements,
  Specification,
} from "./model.ts";
import { FACET_KINDS, IDS_NS, IFC_VERSIONS, INFO_FIELDS } from "./model.ts";
import { readFacet } from "./facets/index.ts";
import {
  type AttributeValues,
  checkAttributes,
  childPaths,
  displayName,
  elementChildren,
  first,
  type Located,
  matchSequence,
  type ReadContext,
  RecordingContext,
  simpleContent,
} from "./structure.ts";
import {
  readXmlTreeSliced,
  type Reread,
  type SubtreeSink,
  type XmlElement,
  type XmlLimits,
} from "./xml_tree.ts";
import { collapse, isIdsAuthor, isXsdDate, parseNonNegativeInteger } from "./xsd_types.ts";
import { runSync, type Sliced } from "./time_slice.ts";

/** Reads a whole document; returns a model (possibly partial when errors were reported). */
export function readDocument(ctx: ReadContext, root: XmlElement): IdsDocument | undefined {
  return runSync(readDocumentSliced(ctx, root));
}

/** {@linkcode readDocument} as sliced work (time_slice.ts): it yields between specifications. */
export function* readDocumentSliced(
  ctx: ReadContext,
  root: XmlElement,
  /** Specifications read ahead while the XML was scanned (see {@linkcode readIdsXmlSliced}). */
  ahead?: ReadAhead,
): Sliced<IdsDocument | undefined> {
  const at: Located = { el: root, path: `/${root.local}` };
  if (root.ns !== IDS_NS || root.local !== "ids") {
    ctx.error(
      at,
      `the root element is '${root.qname}'${
        root.ns ? ` in namespace ${root.ns}` : " without a namespace"
      }; an IDS document starts with <ids:ids xmlns:ids="${IDS_NS}">`,
    );
    return undefined;
  }
  checkAttributes(ctx, at, { allowed: [] });
  const g = matchSequence(ctx, at, [
    { name: "info", min: 1, max: 1 },
    { name: "specifications", min: 1, max: 1 },
  ]);
  const infoEl = first(g, "info");
  const specsEl = first(g, "specifications");
  const info = infoEl ? readInfo(ctx, infoEl) : undefined;
  const specifications = specsEl ? yield* readSpecifications(ctx, specsEl, ahead) : [];
  return info ? { info, specifications } : undefined;
}

/** Stands for a specification's path while it is read ahead of its turn (never in a file). */
const AHEAD_PATH = "\u0000specification";

/**
 * Specifications read while the XML is scanned, each as soon as its end tag is read, so that its
 * element subtree is dropped young: a tree of the whole document (≈ 100 MB of heap for 20,000
 * specifications) is never built, and the garbage collector never copies it.
 */
export class ReadAhead {
  // One entry per specification read ahead, in document order, in parallel lists (no object
  // per entry): its element, its model, its records in the recorder (from, to) and where it is
  // in the text (it is read again from there for lines).
  readonly #els: XmlElement[] = [];
  readonly #specs: (Specification | undefined)[] = [];
  readonly #spans: number[] = [];
  /** The next entry `take` expects (they are taken in document order). */
  #next = 0;
  /** Entry by element, made only when an element is looked up out of order. */
  #index: Map<XmlElement, number> | undefined;
  /** Where the last search out of turn found its entry, and how many searched from the start. */
  #last = 0;
  #fullSearches = 0;
  readonly #recorder: RecordingContext;
  #specifications: XmlElement | undefined;
  #reread: Reread | undefined;
  /**
   * The content of every specification read so far that raised no issue and used no `id`, by its
   * text: big documents repeat the same applicability and requirements over and over (20,000
   * specifications of the corpus have 2,990 different contents), and the same text in the same
   * namespace scope reads the same (the XML reader skips it, the model parts are shared).
   */
  readonly #bodies = new Map<string, SpecificationBody>();

  constructor(xmlIds: Set<string>) {
    this.#recorder = new RecordingContext(xmlIds);
  }

  /** True for a specification of the root's first ids:specifications (the one read). */
  #takes(el: XmlElement, ancestors: readonly XmlElement[]): boolean {
    // Indexes, not destructuring: cold code would step an array iterator.
    const root = ancestors[0];
    const parent = ancestors[1];
    if (
      el.ns !== IDS_NS || el.local !== "specification" || parent.ns !== IDS_NS ||
      parent.local !== "specifications" || root.ns !== IDS_NS || root.local !== "ids"
    ) return false;
    // A second ids:specifications is an error: its specifications are not read.
    this.#specifications ??= parent;
    return parent === this.#specifications;
  }

  /** What the XML reader hands each element two levels below the root. */
  readonly sink: SubtreeSink = {
    depth: 2,
    known: (el, ancestors, content, start, end, reread) => {
      // Only without namespace declarations of its own: the content then reads in the scope
      // every other specification's content read in.
      if (el.scope !== ancestors[1]?.scope || !this.#takes(el, ancestors)) return false;
      const body = this.#bodies.get(content);
      if (!body) return false;
      const ctx = this.#recorder;
      const from = ctx.recorded;
      const spec = specification(readSpecificationHead(ctx, { el, path: AHEAD_PATH }), body);
      this.#reread = reread;
      this.#add(el, spec, from, start, end);
      return true;
    },
    end: (el, ancestors, content, start, end, reread) => {
      if (!this.#takes(el, ancestors)) return false;
      const ctx = this.#recorder;
      const from = ctx.recorded;
      const at = { el, path: AHEAD_PATH };
      const head = readSpecificationHead(ctx, at);
      const issues = ctx.issues;
      const ids = ctx.xmlIds.size;
      const body = readSpecificationBody(ctx, at);
      if (
        content !== undefined && ctx.issues === issues && ctx.xmlIds.size === ids &&
        el.scope === ancestors[1].scope
      ) this.#bodies.set(content, body);
      this.#reread = reread;
      this.#add(el, specification(head, body), from, start, end);
      return true;
    },
  };

  #add(
    el: XmlElement,
    spec: Specification | undefined,
    from: number,
    start: number,
    end: number,
  ): void {
    this.#els.push(el);
    this.#specs.push(spec);
    this.#spans.push(from, this.#recorder.recorded, start, end);
  }

  /** The entry of `el`, or -1. */
  #find(el: XmlElement): number {
    if (this.#els[this.#next] === el) return this.#next;
    if (this.#index) return this.#index.get(el) ?? -1;
    // Out of turn: the lines of findings, asked for in document order, so the search goes on
    // from the last entry found (a map of 20,000 elements cost ≈ 15 ms cold for a few lookups).
    // Past a few searches from the start, the map after all: the cost stays linear.
    let i = this.#last > 0 ? this.#els.indexOf(el, this.#last) : -1;
    if (i < 0) {
      if (++this.#fullSearches > 8) {
        this.#index = new Map();
        for (let k = 0; k < this.#els.length; k++) this.#index.set(this.#els[k], k);
        return this.#index.get(el) ?? -1;
      }
      i = this.#els.indexOf(el);
    }
    if (i >= 0) this.#last = i;
    return i;
  }

  /** The specification read ahead for `at`, its issues handed to `ctx`; undefined if none. */
  take(ctx: ReadContext, at: Located): { spec: Specification | undefined } | undefined {
    const i = this.#find(at.el);
    if (i < 0) return undefined;
    this.#next = i + 1;
    const from = this.#spans[4 * i];
    const to = this.#spans[4 * i + 1];
    // The path only for a specification with issues (most have none: see ChildAt).
    if (from < to) this.#recorder.replay(ctx, AHEAD_PATH, at.path, from, to);
    return { spec: this.#specs[i] };
  }

  /** The element `el` with its children, when they were dropped from the tree. */
  subtree(el: XmlElement): XmlElement | undefined {
    // Only specifications are read ahead: no index of them is built to look up another element.
    if (el.local !== "specification" || el.ns !== IDS_NS) return undefined;
    const i = this.#find(el);
    if (i < 0) return undefined;
    const start = this.#spans[4 * i + 2];
    const end = this.#spans[4 * i + 3];
    return this.#reread!(start, end, el.line, this.#specifications!.scope);
  }
}

/** The XML tree (specifications without their children), the model, and the dropped parts. */
export interface IdsXmlRead {
  readonly root: XmlElement;
  readonly doc: IdsDocument | undefined;
  /** An element whose children were dropped while reading, with them (for finding lines). */
  subtree(el: XmlElement): XmlElement | undefined;
}

/**
 * Reads IDS XML into the model: the XML tree and the document reader in one pass, each
 * specification read as soon as it is scanned (see {@linkcode ReadAhead}). Issues, their order
 * and the model are those of {@linkcode readXmlTreeSliced} then {@linkcode readDocumentSliced}.
 * Throws what {@linkcode readXmlTreeSliced} throws.
 */
export function* readIdsXmlSliced(
  ctx: ReadContext,
  input: string | Uint8Array,
  limits: XmlLimits = {},
): Sliced<IdsXmlRead> {
  const ahead = new ReadAhead(ctx.xmlIds);
  const root = yield* readXmlTreeSliced(input, limits, ahead.sink);
  const doc = yield* readDocumentSliced(ctx, root, ahead);
  return { root, doc, subtree: (el) => ahead.subtree(el) };
}

function readInfo(ctx: ReadContext, at: Located): IdsInfo | undefined {
  checkAttributes(ctx, at, { allowed: [] });
  const g = matchSequence(
    ctx,
    at,
    INFO_FIELDS.map((name) => ({ name, min: name === "title" ? 1 : 0, max: 1 })),
  );
  const info: Record<string, string> = {};
  for (const field of INFO_FIELDS) {
    const el = first(g, field);
    if (!el) continue;
    checkAttributes(ctx, el, { allowed: [] });
    const text = simpleContent(ctx, el);
    if (field === "author" && !isIdsAuthor(text)) {
      ctx.keptError(el, `author '${text}' is not an e-mail address (name@domain.tld)`);
    }
    if (field === "date" && !isXsdDate(text)) {
      ctx.keptError(el, `date '${text}' is not an xs:date such as 2024-05-31`);
    }
    info[field] = text;
  }
  if (info.title === undefined) return undefined;
  return info as unknown as IdsInfo;
}

/** Specifications read between two chances to pause. */
const SPECS_PER_STEP = 16;

function* readSpecifications(
  ctx: ReadContext,
  at: Located,
  ahead?: ReadAhead,
): Sliced<Specification[]> {
  checkAttributes(ctx, at, { allowed: [] });
  const g = matchSequence(ctx, at, [{ name: "specification", min: 1, max: Infinity }]);
  const specs: Specification[] = [];
  let n = 0;
  const els = g.get("specification") ?? [];
  for (let i = 0; i < els.length; i++) {
    const s = els[i];
    if (++n % SPECS_PER_STEP === 0) yield;
    const read = ahead?.take(ctx, s);
    const spec = read ? read.spec : readSpecification(ctx, s);
    if (spec) specs.push(spec);
  }
  return specs;
}

function readSpecification(ctx: ReadContext, at: Located): Specification | undefined {
  return specification(readSpecificationHead(ctx, at), readSpecificationBody(ctx, at));
}

/** What a specification's own attributes say. */
interface SpecificationHead {
  readonly attrs: AttributeValues;
  readonly name: string | undefined;
  readonly ifcVersion: IfcVersion[];
}

/** What a specification's content (its applicability and requirements) says. */
interface SpecificationBody {
  readonly applicability: Applicability | undefined;
  readonly requirements: Requirements | undefined;
}

const SPECIFICATION_ATTRIBUTES = {
  allowed: ["name", "ifcVersion", "identifier", "description", "instructions"],
} as const;

/**
 * Each `ifcVersion` value read without issues, as its list: 20,000 specifications repeat a few
 * values, and splitting each again was a tenth of the garbage of reading them. Only the list
 * is shared: every specification gets its own copy.
 */
const VERSIONS = new Map<string, readonly IfcVersion[]>();

function readSpecificationHead(ctx: ReadContext, at: Located): SpecificationHead {
  const attrs = checkAttributes(ctx, at, SPECIFICATION_ATTRIBUTES);
  const name = attrs.get("name");
  if (name === undefined) ctx.error(at, "specification is missing the required attribute 'name'");
  const rawVersion = attrs.get("ifcVersion");
  const known = rawVersion === undefined ? undefined : VERSIONS.get(rawVersion);
  if (known) return { attrs, name, ifcVersion: known.slice() };
  const ifcVersion: IfcVersion[] = [];
  if (rawVersion === undefined) {
    ctx.error(
      at,
      `specification is missing the required attribute 'ifcVersion' (${IFC_VERSIONS.join(", ")})`,
    );
  } else {
    const items = collapse(rawVersion).split(" ").filter((v) => v !== "");
    for (const v of items) {
      if ((IFC_VERSIONS as readonly string[]).includes(v)) ifcVersion.push(v as IfcVersion);
      else {
        ctx.error(
          at,
          `ifcVersion '${v}' is not an IDS 1.0 IFC version; use ${IFC_VERSIONS.join(", ")}`,
        );
      }
    }
    if (items.length === 0) ctx.warn(at, "ifcVersion is empty; no IFC version is targeted");
    else if (ifcVersion.length === items.length && VERSIONS.size < 64) {
      VERSIONS.set(rawVersion, ifcVersion.slice());
    }
  }
  return { attrs, name, ifcVersion };
}

const SPECIFICATION_SEQUENCE = [
  { name: "applicability", min: 1, max: 1 },
  { name: "requirements", min: 0, max: 1 },
] as const;

function readSpecificationBody(ctx: ReadContext, at: Located): SpecificationBody {
  const g = matchSequence(ctx, at, SPECIFICATION_SEQUENCE);
  const appEl = first(g, "applicability");
  const reqEl = first(g, "requirements");
  const applicability = appEl ? readApplicability(ctx, appEl) : undefined;
  const requirements = reqEl ? readRequirements(ctx, reqEl) : undefined;
  return { applicability, requirements };
}

function specification(
  { attrs, name, ifcVersion }: SpecificationHead,
  { applicability, requirements }: SpecificationBody,
): Specification | undefined {
  if (name === undefined || !applicability) return undefined;
  const identifier = attrs.get("identifier");
  const description = attrs.get("description");
  const instructions = attrs.get("instructions");
  // The usual shapes as literals (an object of its final shape at once), in the model's key
  // order; the others key by key (no spread of a temporary object per attribute).
  if (description === undefined && instructions === undefined) {
    if (identifier !== undefined) {
      return requirements
        ? { name, ifcVersion, identifier, applicability, requirements }
        : { name, ifcVersion, identifier, applicability };
    }
    return requirements
      ? { name, ifcVersion, applicability, requirements }
      : { name, ifcVersion, applicability };
  }
  const spec: { -readonly [K in keyof Specification]?: Specification[K] } = { name, ifcVersion };
  if (identifier !== undefined) spec.identifier = identifier;
  if (description !== undefined) spec.description = description;
  if (instructions !== undefined) spec.instructions = instructions;
  spec.applicability = applicability;
  if (requirements) spec.requirements = requirements;
  return spec as Specification;
}

/** The content model of `ids:applicability` (made once: it is matched 20,000 times and more). */
const APPLICABILITY_SEQUENCE = FACET_KINDS.map((name) => ({
  name,
  min: 0,
  max: name === "entity" ? 1 : Infinity,
}));

const APPLICABILITY_ATTRIBUTES = { allowed: ["minOccurs", "maxOccurs"] } as const;

function readApplicability(ctx: ReadContext, at: Located): Applicability {
  const attrs = checkAttributes(ctx, at, APPLICABILITY_ATTRIBUTES);
  let minOccurs: number | undefined;
  let maxOccurs: number | "unbounded" | undefined;
  const rawMin = attrs.get("minOccurs");
  if (rawMin !== undefined) {
    minOccurs = parseNonNegativeInteger(rawMin);
    if (minOccurs === undefined) {
      ctx.error(at, `minOccurs '${rawMin}' must be a non-negative integer`);
    }
  }
  const rawMax = attrs.get("maxOccurs");
  if (rawMax !== undefined) {
    maxOccurs = collapse(rawMax) === "unbounded" ? "unbounded" : parseNonNegativeInteger(rawMax);
    if (maxOccurs === undefined) {
      ctx.error(at, `maxOccurs '${rawMax}' must be a non-negative integer or 'unbounded'`);
    }
  }
  const lo = minOccurs ?? 1;
  const hi = maxOccurs ?? 1;
  if (hi !== "unbounded" && lo > hi) {
    ctx.warn(at, `minOccurs ${lo} is greater than maxOccurs ${hi}; no model can comply`, "content");
  }
  const g = matchSequence(ctx, at, APPLICABILITY_SEQUENCE);
  const facets: Facet[] = [];
  // Indexed loops: cold code allocates an iterator result per `for…of` step.
  for (let k = 0; k < FACET_KINDS.length; k++) {
    const kind = FACET_KINDS[k];
    const els = g.get(kind);
    for (let i = 0; els !== undefined && i < els.length; i++) {
      const f = readFacet(kind, ctx, els[i], "applicability");
      if (f) facets.push(f);
    }
  }
  if (facets.length === 0 && (g.size === 0)) {
    ctx.warn(at, "applicability has no facets; the specification applies to nothing", "content");
  }
  return {
    ...(minOccurs !== undefined ? { minOccurs } : {}),
    ...(maxOccurs !== undefined ? { maxOccurs } : {}),
    facets,
  };
}

const FACET_KIND_SET: ReadonlySet<string> = new Set(FACET_KINDS);
const REQUIREMENTS_ATTRIBUTES = { allowed: ["description"] } as const;

function readRequirements(ctx: ReadContext, at: Located): Requirements {
  const attrs = checkAttributes(ctx, at, REQUIREMENTS_ATTRIBUTES);
  const kinds = FACET_KIND_SET;
  const kids = childPaths(
    at.path,
    elementChildren(ctx, at),
    (el) => el.ns === IDS_NS && kinds.has(el.local),
  );
  const facets: Facet[] = [];
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i];
    if (k.el.ns === IDS_NS && kinds.has(k.el.local)) {
      const f = readFacet(k.el.local as FacetKind, ctx, k, "requirements");
      if (f) facets.push(f);
    } else {
      ctx.error(
        k,
        `element '${k.el.qname}' is not allowed in ${
          displayName(at.el.ns, at.el.local)
        }; expected facets: ${FACET_KINDS.map((f) => `ids:${f}`).join(", ")}`,
      );
    }
  }
  const description = attrs.get("description");
  return { ...(description !== undefined ? { description } : {}), facets };
}
