/**
 * `ids:idsValue`: read (with the XSD rules for `ids:simpleValue` and `xs:restriction`), write
 * and describe. Every facet parameter (names, values, property sets, systems…) goes through
 * here, so restrictions behave the same wherever they appear.
 *
 * @module
 */
import type {
  IdsValue,
  RestrictionFacet,
  RestrictionFacetKind,
  RestrictionValue,
} from "./model.ts";
import { IDS_NS, RESTRICTION_FACETS, XS_NS } from "./model.ts";
import {
  type AttributeValues,
  checkAttributes,
  childPaths,
  displayName,
  elementChildren,
  type Located,
  type ReadContext,
  simpleContent,
} from "./structure.ts";
import type { XmlWriter } from "./xml_writer.ts";
import {
  collapse,
  isAnyUri,
  isBoolean,
  isNCName,
  isPositiveInteger,
  parseNonNegativeInteger,
  splitQName,
} from "./xsd_types.ts";

const NUMERIC_FACETS = new Set(["fractionDigits", "length", "minLength", "maxLength"]);
const NO_FIXED = new Set(["enumeration", "pattern"]);

/** Reads an element of type `ids:idsValue` (e.g. `<ids:name>`). */
export function readValue(ctx: ReadContext, at: Located): IdsValue | undefined {
  checkAttributes(ctx, at, { allowed: [] });
  const kids = childPaths(at.path, elementChildren(ctx, at), () => false);
  const name = displayName(at.el.ns, at.el.local);
  if (kids.length === 0) {
    ctx.error(at, `${name} needs a value: ids:simpleValue or xs:restriction`);
    return undefined;
  }
  for (const extra of kids.slice(1)) {
    ctx.error(
      extra,
      `${name} holds exactly one ids:simpleValue or xs:restriction; '${extra.el.qname}' is one too many`,
    );
  }
  const k = kids[0];
  if (k.el.ns === IDS_NS && k.el.local === "simpleValue") {
    checkAttributes(ctx, k, { allowed: [] });
    return { kind: "simple", value: simpleContent(ctx, k) };
  }
  if (k.el.ns === XS_NS && k.el.local === "restriction") return readRestriction(ctx, k);
  ctx.error(
    k,
    `element '${k.el.qname}' is not allowed in ${name}; expected ids:simpleValue or xs:restriction`,
  );
  return undefined;
}

function checkId(
  ctx: ReadContext,
  at: Located,
  attrs: AttributeValues,
  warn = true,
): void {
  const id = attrs.get("id");
  if (id === undefined) return;
  const v = collapse(id);
  if (!isNCName(v)) ctx.error(at, `id '${id}' is not a valid XML name`);
  else if (ctx.xmlIds.has(v)) ctx.error(at, `id '${v}' is used twice`);
  else ctx.xmlIds.add(v);
  if (warn) ctx.warn(at, `the id attribute on ${at.el.qname} is not kept`);
}

function readBase(ctx: ReadContext, at: Located, raw: string): string | undefined {
  const q = splitQName(raw);
  if (!q) {
    ctx.error(at, `base '${raw}' is not a qualified name such as xs:string`);
    return undefined;
  }
  const ns = at.el.scope[q.prefix];
  if (q.prefix !== "" && ns === undefined) {
    ctx.error(at, `base '${raw}': the prefix '${q.prefix}' is not declared`);
    return undefined;
  }
  if (ns === XS_NS) return `xs:${q.local}`;
  ctx.warn(at, `base '${raw}' is not an XML Schema type (namespace ${XS_NS})`, "content");
  return collapse(raw);
}

/** Reads `<xs:annotation>` and returns its documentation texts. */
function readAnnotation(ctx: ReadContext, at: Located): string[] {
  checkId(ctx, at, checkAttributes(ctx, at, { allowed: ["id"], otherNamespaces: true }));
  const docs: string[] = [];
  for (const k of childPaths(at.path, elementChildren(ctx, at), () => true)) {
    if (k.el.ns === XS_NS && k.el.local === "documentation") {
      const a = checkAttributes(ctx, k, { allowed: ["source"], otherNamespaces: true });
      const source = a.get("source");
      if (source !== undefined && !isAnyUri(source)) {
        ctx.error(k, `source '${source}' is not a URI`);
      }
      let text = "";
      let markup = false;
      for (const c of k.el.children) {
        if (c.type === "text") text += c.text;
        else markup = true;
      }
      if (markup) ctx.warn(k, "markup inside xs:documentation is not kept; only its text is");
      docs.push(text);
    } else if (k.el.ns === XS_NS && k.el.local === "appinfo") {
      const a = checkAttributes(ctx, k, { allowed: ["source"], otherNamespaces: true });
      const source = a.get("source");
      if (source !== undefined && !isAnyUri(source)) {
        ctx.error(k, `source '${source}' is not a URI`);
      }
      ctx.warn(k, "xs:appinfo is not kept");
    } else {
      ctx.error(
        k,
        `element '${k.el.qname}' is not allowed in xs:annotation; expected xs:documentation or xs:appinfo`,
      );
    }
  }
  return docs;
}

function readRestrictionFacet(ctx: ReadContext, at: Located): RestrictionFacet | undefined {
  const kind = at.el.local;
  const allowed = NO_FIXED.has(kind) ? ["value", "id"] : ["value", "fixed", "id"];
  const attrs = checkAttributes(ctx, at, { allowed, otherNamespaces: true });
  checkId(ctx, at, attrs);
  const kids = childPaths(at.path, elementChildren(ctx, at), () => false);
  kids.forEach((k, i) => {
    if (i === 0 && k.el.ns === XS_NS && k.el.local === "annotation") {
      readAnnotation(ctx, k);
      ctx.warn(k, `xs:annotation inside xs:${kind} is not kept`);
    } else {
      ctx.error(k, `element '${k.el.qname}' is not allowed in xs:${kind}`);
    }
  });
  const fixed = attrs.get("fixed");
  if (fixed !== undefined) {
    if (!isBoolean(fixed)) ctx.error(at, `fixed='${fixed}' is not a boolean`);
    ctx.warn(at, `the fixed attribute on xs:${kind} is not kept`);
  }
  const value = attrs.get("value");
  if (value === undefined) {
    ctx.error(at, `xs:${kind} needs a value attribute`);
    return undefined;
  }
  if (kind === "totalDigits" && !isPositiveInteger(value)) {
    ctx.error(at, `xs:totalDigits value '${value}' must be a positive integer`);
    return undefined;
  }
  if (NUMERIC_FACETS.has(kind) && parseNonNegativeInteger(value) === undefined) {
    ctx.error(at, `xs:${kind} value '${value}' must be a non-negative integer`);
    return undefined;
  }
  if (kind === "whiteSpace") {
    if (!["preserve", "replace", "collapse"].includes(collapse(value))) {
      ctx.error(at, `xs:whiteSpace value '${value}' must be preserve, replace or collapse`);
    } else ctx.warn(at, "xs:whiteSpace is not kept (IDS values compare as written)");
    return undefined;
  }
  return { kind: kind as RestrictionFacetKind, value };
}

const FACET_NAMES = new Set<string>([...RESTRICTION_FACETS, "whiteSpace"]);

function checkQNameAttr(ctx: ReadContext, at: Located, name: string, raw: string): void {
  const q = splitQName(raw);
  if (!q) ctx.error(at, `${name} '${raw}' is not a qualified name`);
  else if (q.prefix !== "" && at.el.scope[q.prefix] === undefined) {
    ctx.error(at, `${name} '${raw}': the prefix '${q.prefix}' is not declared`);
  }
}

/**
 * Checks a nested `xs:simpleType` (schema-for-schemas `localSimpleType`) so the verdict matches
 * the official schema; IDS does not use its meaning, so nothing of it is kept.
 */
function checkLocalSimpleType(ctx: ReadContext, at: Located): void {
  checkId(ctx, at, checkAttributes(ctx, at, { allowed: ["id"], otherNamespaces: true }), false);
  const kids = childPaths(at.path, elementChildren(ctx, at), () => false);
  let i = 0;
  if (kids[i]?.el.ns === XS_NS && kids[i].el.local === "annotation") readAnnotation(ctx, kids[i++]);
  const d = kids[i++];
  const local = d?.el.ns === XS_NS ? d.el.local : "";
  if (!d || !["restriction", "list", "union"].includes(local)) {
    ctx.error(d ?? at, "xs:simpleType needs one xs:restriction, xs:list or xs:union");
  } else if (local === "restriction") {
    readRestriction(ctx, d);
  } else {
    const attr = local === "list" ? "itemType" : "memberTypes";
    const a = checkAttributes(ctx, d, { allowed: ["id", attr], otherNamespaces: true });
    checkId(ctx, d, a, false);
    const raw = a.get(attr);
    if (raw !== undefined) {
      for (const q of local === "list" ? [raw] : raw.split(/[ \t\r\n]+/).filter((x) => x)) {
        checkQNameAttr(ctx, d, attr, q);
      }
    }
    const inner = childPaths(d.path, elementChildren(ctx, d), () => false);
    let j = 0;
    if (inner[j]?.el.ns === XS_NS && inner[j].el.local === "annotation") {
      readAnnotation(ctx, inner[j++]);
    }
    let types = 0;
    for (; j < inner.length; j++) {
      const k = inner[j];
      if (k.el.ns === XS_NS && k.el.local === "simpleType" && (local === "union" || types === 0)) {
        types++;
        checkLocalSimpleType(ctx, k);
      } else ctx.error(k, `element '${k.el.qname}' is not allowed in xs:${local}`);
    }
  }
  for (const extra of kids.slice(i)) {
    ctx.error(extra, `element '${extra.el.qname}' is not allowed in xs:simpleType`);
  }
}

/** Reads `<xs:restriction base>`: optional annotation and simpleType, then facets in order. */
export function readRestriction(ctx: ReadContext, at: Located): RestrictionValue | undefined {
  const attrs = checkAttributes(ctx, at, { allowed: ["base", "id"], otherNamespaces: true });
  checkId(ctx, at, attrs);
  const rawBase = attrs.get("base");
  const base = rawBase === undefined ? undefined : readBase(ctx, at, rawBase);
  const kids = childPaths(at.path, elementChildren(ctx, at), (el) => FACET_NAMES.has(el.local));
  let stage = 0; // 0 start, 1 after annotation, 2 after simpleType, 3 facets
  let documentation: string[] | undefined;
  const facets: RestrictionFacet[] = [];
  let ok = rawBase === undefined || base !== undefined;
  for (const k of kids) {
    const local = k.el.ns === XS_NS ? k.el.local : "";
    if (local === "annotation" && stage === 0) {
      stage = 1;
      documentation = readAnnotation(ctx, k);
    } else if (local === "simpleType" && stage <= 1) {
      stage = 2;
      checkLocalSimpleType(ctx, k);
      ctx.warn(k, "a nested xs:simpleType is not supported in IDS and is not kept");
    } else if (FACET_NAMES.has(local)) {
      stage = 3;
      const f = readRestrictionFacet(ctx, k);
      if (f) facets.push(f);
    } else {
      ok = false;
      ctx.error(
        k,
        local === "annotation" || local === "simpleType"
          ? `${k.el.qname} must come first in xs:restriction and only once`
          : `element '${k.el.qname}' is not allowed in xs:restriction; expected restriction facets such as xs:enumeration, xs:pattern, xs:minInclusive`,
      );
    }
  }
  if (!ok) return undefined;
  const value: RestrictionValue = {
    kind: "restriction",
    ...(base !== undefined ? { base } : {}),
    facets,
    ...(documentation && documentation.length > 0 ? { documentation } : {}),
  };
  if (facets.length === 0) {
    ctx.warn(at, "xs:restriction has no facets; it matches any value", "content");
  }
  return value;
}

/** Writes `<ids:{tag}>` holding the value. */
export function writeValue(w: XmlWriter, tag: string, v: IdsValue): void {
  w.open(`ids:${tag}`);
  if (v.kind === "simple") w.text("ids:simpleValue", v.value);
  else {
    w.element("xs:restriction", [["base", v.base]], () => {
      if (v.documentation && v.documentation.length > 0) {
        w.open("xs:annotation");
        for (const d of v.documentation) w.text("xs:documentation", d);
        w.close("xs:annotation");
      }
      for (const f of v.facets) w.empty(`xs:${f.kind}`, [["value", f.value]]);
    });
  }
  w.close(`ids:${tag}`);
}

function list(items: string[], last = "or"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${last} ${items[items.length - 1]}`;
}

/** Human-readable text for a value: `IFCWALL`, `IFCWALL or IFCSLAB`, `at least 3 and less than 10`. */
export function describeValue(v: IdsValue): string {
  if (v.kind === "simple") return v.value;
  const parts: string[] = [];
  const enums = v.facets.filter((f) => f.kind === "enumeration").map((f) => f.value);
  if (enums.length > 0) parts.push(list(enums));
  const patterns = v.facets.filter((f) => f.kind === "pattern").map((f) => `'${f.value}'`);
  if (patterns.length > 0) parts.push(`a value matching ${list(patterns)}`);
  for (const f of v.facets) {
    switch (f.kind) {
      case "minInclusive":
        parts.push(`at least ${f.value}`);
        break;
      case "maxInclusive":
        parts.push(`at most ${f.value}`);
        break;
      case "minExclusive":
        parts.push(`greater than ${f.value}`);
        break;
      case "maxExclusive":
        parts.push(`less than ${f.value}`);
        break;
      case "length":
        parts.push(`exactly ${f.value} characters long`);
        break;
      case "minLength":
        parts.push(`at least ${f.value} characters long`);
        break;
      case "maxLength":
        parts.push(`at most ${f.value} characters long`);
        break;
      case "totalDigits":
        parts.push(`with at most ${f.value} digits`);
        break;
      case "fractionDigits":
        parts.push(`with at most ${f.value} decimal places`);
        break;
    }
  }
  if (parts.length === 0) return v.base ? `any ${v.base.replace(/^xs:/, "")} value` : "any value";
  return parts.join(" and ");
}
