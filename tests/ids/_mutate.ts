/**
 * Mutations of valid IDS documents for the agreement test: each takes a parsed element tree,
 * changes one thing (breaking one rule of the schema, or — for the "keeps valid" kinds —
 * changing something the schema allows), and serialises it back to XML. A seeded PRNG picks
 * the site, so runs are reproducible.
 *
 * @module
 */
import type { XmlAttr, XmlElement, XmlNode } from "../../src/ids/xml_tree.ts";
import { IDS_NS, XS_NS, XSI_NS } from "../../src/ids/model.ts";

/** Mutable copies of the reader's tree types. */
export interface MElement {
  ns: string;
  local: string;
  qname: string;
  attrs: XmlAttr[];
  children: MNode[];
  scope: Readonly<Record<string, string>>;
}
export type MNode = MElement | { text: string };

export function toMutable(el: XmlElement): MElement {
  return {
    ns: el.ns,
    local: el.local,
    qname: el.qname,
    attrs: [...el.attrs],
    children: el.children.map((c: XmlNode) =>
      c.type === "element" ? toMutable(c) : { text: c.text }
    ),
    scope: el.scope,
  };
}

function esc(s: string, attr: boolean): string {
  const r = s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return attr ? r.replace(/"/g, "&quot;").replace(/\t/g, "&#9;").replace(/\n/g, "&#10;") : r;
}

/** Serialises a tree, declaring namespaces where the scope changes. */
export function serialize(root: MElement): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  const emit = (el: MElement, parentScope: Readonly<Record<string, string>>) => {
    let decls = "";
    for (const [p, uri] of Object.entries(el.scope)) {
      if (p === "xml" || p === "xmlns") continue;
      if (parentScope[p] !== uri) decls += p === "" ? ` xmlns="${uri}"` : ` xmlns:${p}="${uri}"`;
    }
    const attrs = el.attrs.map((a) => ` ${a.qname}="${esc(a.value, true)}"`).join("");
    if (el.children.length === 0) {
      out.push(`<${el.qname}${decls}${attrs}/>`);
      return;
    }
    out.push(`<${el.qname}${decls}${attrs}>`);
    for (const c of el.children) {
      if ("text" in c) out.push(esc(c.text, false));
      else emit(c, el.scope);
    }
    out.push(`</${el.qname}>`);
  };
  emit(root, { xml: "http://www.w3.org/XML/1998/namespace" });
  return out.join("");
}

/** Deterministic PRNG (mulberry32), shared with the benches' generators. */
export { rng } from "../../bench/gen_ifc.ts";

interface Site {
  el: MElement;
  parent?: MElement;
  /** Names of ancestors, outermost first. */
  trail: string[];
}

function sites(root: MElement): Site[] {
  const out: Site[] = [];
  const walk = (el: MElement, parent: MElement | undefined, trail: string[]) => {
    out.push({ el, parent, trail });
    for (const c of el.children) if (!("text" in c)) walk(c, el, [...trail, el.local]);
  };
  walk(root, undefined, []);
  return out;
}

const kids = (el: MElement): MElement[] => el.children.filter((c): c is MElement => !("text" in c));

/** A flat copy of a scope with one more binding. */
function withDecl(
  scope: Readonly<Record<string, string>>,
  prefix: string,
  ns: string,
): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const k in scope) flat[k] = scope[k];
  flat[prefix] = ns;
  return flat;
}

const PREFERRED: Record<string, string> = { [IDS_NS]: "ids", [XS_NS]: "xs", [XSI_NS]: "xsi" };

/**
 * The prefix (with colon) to write a name in `ns` on `el`: one already bound in scope, else
 * a new declaration on `el`. Works for documents using a default namespace or odd prefixes.
 */
function prefixFor(el: MElement, ns: string, forElement: boolean): string {
  if (ns === "") {
    if (forElement && el.scope[""]) el.scope = withDecl(el.scope, "", "");
    return "";
  }
  for (const k in el.scope) if (k !== "" && el.scope[k] === ns) return `${k}:`;
  if (forElement && el.scope[""] === ns) return "";
  const preferred = PREFERRED[ns] ?? "m";
  el.scope = withDecl(
    el.scope,
    el.scope[preferred] === undefined ? preferred : `${preferred}1`,
    ns,
  );
  for (const k in el.scope) if (k !== "" && el.scope[k] === ns) return `${k}:`;
  return "";
}

function newEl(parent: MElement, local: string, ns = IDS_NS, children: MNode[] = []): MElement {
  const el: MElement = { ns, local, qname: local, attrs: [], children, scope: parent.scope };
  el.qname = prefixFor(el, ns, true) + local;
  return el;
}

function simpleValueEl(parent: MElement, tag: string, value: string): MElement {
  const holder = newEl(parent, tag);
  holder.children = [newEl(holder, "simpleValue", IDS_NS, [{ text: value }])];
  return holder;
}

function setAttr(el: MElement, name: string, value: string, ns = ""): void {
  const local = name.includes(":") ? name.slice(name.indexOf(":") + 1) : name;
  el.attrs = el.attrs.filter((a) => !(a.ns === ns && a.local === local));
  el.attrs.push({ ns, local, qname: prefixFor(el, ns, false) + local, value });
}

function remove(parent: MElement, el: MElement): void {
  parent.children = parent.children.filter((c) => c !== el);
}

const FACETS = ["entity", "partOf", "classification", "attribute", "property", "material"];
const isFacet = (s: Site) =>
  s.el.ns === IDS_NS && FACETS.includes(s.el.local) && s.parent !== undefined &&
  (s.parent.local === "applicability" || s.parent.local === "requirements");
const inApplicability = (s: Site) => isFacet(s) && s.parent!.local === "applicability";
const inRequirements = (s: Site) => isFacet(s) && s.parent!.local === "requirements";
const named = (local: string) => (s: Site) => s.el.ns === IDS_NS && s.el.local === local;
const VALUE_TAGS = ["name", "predefinedType", "value", "system", "propertySet", "baseName"];
const isValueHolder = (s: Site) =>
  s.el.ns === IDS_NS && VALUE_TAGS.includes(s.el.local) && s.parent !== undefined &&
  s.parent.local !== "info";
const isRestriction = (s: Site) => s.el.ns === XS_NS && s.el.local === "restriction";
const isRestrictionFacet = (s: Site) => s.el.ns === XS_NS && s.parent?.local === "restriction";

/** A mutation: where it applies, what it does, and whether the result stays schema-valid. */
export interface Mutation {
  readonly name: string;
  readonly keepsValid: boolean;
  readonly applies: (s: Site) => boolean;
  readonly apply: (s: Site, random: () => number) => void;
}

const pick = <T>(xs: readonly T[], random: () => number): T => xs[Math.floor(random() * xs.length)];

/** The mutation catalogue. */
export const MUTATIONS: readonly Mutation[] = [
  // --- required elements dropped
  ...["title", "info", "specifications", "applicability", "propertySet", "baseName", "system"].map(
    (local): Mutation => ({
      name: `drop required ids:${local}`,
      keepsValid: false,
      applies: (s) => named(local)(s) && s.parent !== undefined,
      apply: (s) => remove(s.parent!, s.el),
    }),
  ),
  {
    name: "drop ids:name of an entity",
    keepsValid: false,
    applies: (s) => named("name")(s) && s.parent?.local === "entity",
    apply: (s) => remove(s.parent!, s.el),
  },
  {
    name: "drop the entity of a partOf",
    keepsValid: false,
    applies: (s) => named("entity")(s) && s.parent?.local === "partOf",
    apply: (s) => remove(s.parent!, s.el),
  },
  {
    name: "empty a value holder",
    keepsValid: false,
    applies: isValueHolder,
    apply: (s) => (s.el.children = []),
  },
  {
    name: "drop every specification",
    keepsValid: false,
    applies: named("specifications"),
    apply: (s) => (s.el.children = []),
  },
  // --- order
  {
    name: "swap info and specifications",
    keepsValid: false,
    applies: (s) => s.parent === undefined,
    apply: (s) => s.el.children.reverse(),
  },
  {
    name: "move title after another info field",
    keepsValid: false,
    applies: (s) => named("info")(s) && kids(s.el).length > 1,
    apply: (s) => {
      const [title, ...rest] = kids(s.el);
      s.el.children = [...rest, title];
    },
  },
  {
    name: "swap propertySet and baseName",
    keepsValid: false,
    applies: named("property"),
    apply: (s) => {
      const [a, b, ...rest] = kids(s.el);
      s.el.children = [b, a, ...rest];
    },
  },
  {
    name: "put requirements before applicability",
    keepsValid: false,
    applies: (s) => named("specification")(s) && kids(s.el).length === 2,
    apply: (s) => s.el.children = kids(s.el).reverse(),
  },
  {
    name: "reverse applicability facets of different kinds",
    keepsValid: false,
    applies: (s) => named("applicability")(s) && new Set(kids(s.el).map((k) => k.local)).size > 1,
    apply: (s) => s.el.children = kids(s.el).reverse(),
  },
  {
    name: "swap value and system of a classification",
    keepsValid: false,
    applies: (s) => named("classification")(s) && kids(s.el).length === 2,
    apply: (s) => s.el.children = kids(s.el).reverse(),
  },
  {
    name: "swap name and value of an attribute",
    keepsValid: false,
    applies: (s) => named("attribute")(s) && kids(s.el).length === 2,
    apply: (s) => s.el.children = kids(s.el).reverse(),
  },
  // --- enumerations and patterns
  {
    name: "bad cardinality",
    keepsValid: false,
    applies: (s) => inRequirements(s) && s.el.local !== "entity",
    apply: (s, r) =>
      setAttr(
        s.el,
        "cardinality",
        pick(["sometimes", "Required", "mandatory", " required", ""], r),
      ),
  },
  {
    name: "partOf cardinality optional",
    keepsValid: false,
    applies: (s) => inRequirements(s) && s.el.local === "partOf",
    apply: (s) => setAttr(s.el, "cardinality", "optional"),
  },
  {
    name: "cardinality on a requirements entity",
    keepsValid: false,
    applies: (s) => inRequirements(s) && s.el.local === "entity",
    apply: (s) => setAttr(s.el, "cardinality", "required"),
  },
  {
    name: "bad partOf relation",
    keepsValid: false,
    applies: named("partOf"),
    apply: (s, r) =>
      setAttr(s.el, "relation", pick(["IFCRELFOO", "ifcrelaggregates", "IFCRELVOIDSELEMENT"], r)),
  },
  {
    name: "bad ifcVersion",
    keepsValid: false,
    applies: named("specification"),
    apply: (s, r) =>
      setAttr(
        s.el,
        "ifcVersion",
        pick(["IFC5", "ifc4", "IFC4X3", "IFC2X3 IFC4X1", "IFC4,IFC2X3"], r),
      ),
  },
  {
    name: "bad date",
    keepsValid: false,
    applies: named("info"),
    apply: (s, r) => {
      const info = s.el;
      const date = pick([
        "2024-02-30",
        "24-01-01",
        "2024/01/01",
        "2024-13-01",
        "yesterday",
        "2023-02-29",
        "2024-01-01T10:00:00",
      ], r);
      const existing = kids(info).find((k) => k.local === "date");
      if (existing) existing.children = [{ text: date }];
      else {
        // date goes after title/copyright/version/description/author
        const order = ["title", "copyright", "version", "description", "author"];
        const ks = kids(info);
        const at = ks.filter((k) => order.includes(k.local)).length;
        const el = newEl(info, "date", IDS_NS, [{ text: date }]);
        info.children = [...ks.slice(0, at), el, ...ks.slice(at)];
      }
    },
  },
  {
    name: "bad author e-mail",
    keepsValid: false,
    applies: named("info"),
    apply: (s, r) => {
      const info = s.el;
      const author = pick(["no-at-sign", "a@b", "@example.com", "john@example.", "a@b@c"], r);
      const ks = kids(info).filter((k) => k.local !== "author");
      const order = ["title", "copyright", "version", "description"];
      const at = ks.filter((k) => order.includes(k.local)).length;
      info.children = [
        ...ks.slice(0, at),
        newEl(info, "author", IDS_NS, [{ text: author }]),
        ...ks.slice(at),
      ];
    },
  },
  {
    name: "lower-case dataType",
    keepsValid: false,
    applies: named("property"),
    apply: (s, r) =>
      setAttr(s.el, "dataType", pick(["IfcLabel", "ifclabel", "IFC_LABEL", "IFCLABEL ", ""], r)),
  },
  {
    name: "bad minOccurs",
    keepsValid: false,
    applies: named("applicability"),
    apply: (s, r) => setAttr(s.el, "minOccurs", pick(["-1", "one", "1.5", "", "unbounded"], r)),
  },
  {
    name: "bad maxOccurs",
    keepsValid: false,
    applies: named("applicability"),
    apply: (s, r) => setAttr(s.el, "maxOccurs", pick(["-1", "many", "Unbounded", "", "2.0"], r)),
  },
  {
    name: "bad uri",
    keepsValid: false,
    applies: (s) =>
      inRequirements(s) && ["property", "classification", "material"].includes(s.el.local),
    apply: (s, r) =>
      setAttr(s.el, "uri", pick(["%zz", "http://a/%", "::", "http://[::1", "a#b#c"], r)),
  },
  // --- occurs
  {
    name: "second entity in applicability",
    keepsValid: false,
    applies: (s) => named("applicability")(s),
    apply: (s) => {
      const entity = newEl(s.el, "entity");
      entity.children = [simpleValueEl(entity, "name", "IFCWALL")];
      s.el.children = [entity, entity, ...kids(s.el).filter((k) => k.local !== "entity")];
    },
  },
  {
    name: "second requirements",
    keepsValid: false,
    applies: (s) => named("requirements")(s),
    apply: (s) => s.parent!.children.push(newEl(s.parent!, "requirements")),
  },
  {
    name: "second value in a value holder",
    keepsValid: false,
    applies: isValueHolder,
    apply: (s) => s.el.children.push(newEl(s.el, "simpleValue", IDS_NS, [{ text: "X" }])),
  },
  {
    name: "second predefinedType",
    keepsValid: false,
    applies: (s) => named("entity")(s) && kids(s.el).length >= 1,
    apply: (s) => {
      s.el.children.push(
        simpleValueEl(s.el, "predefinedType", "A"),
        simpleValueEl(s.el, "predefinedType", "B"),
      );
    },
  },
  {
    name: "second title",
    keepsValid: false,
    applies: named("info"),
    apply: (s) => {
      const [title, ...rest] = kids(s.el);
      s.el.children = [title, newEl(s.el, "title", IDS_NS, [{ text: "again" }]), ...rest];
    },
  },
  // --- unknown elements and attributes
  {
    name: "unknown ids element",
    keepsValid: false,
    applies: (s) => s.el.ns === IDS_NS && s.el.local !== "simpleValue" && kids(s.el).length > 0,
    apply: (s, r) => {
      const at = Math.floor(r() * (kids(s.el).length + 1));
      const ks = kids(s.el);
      s.el.children = [
        ...ks.slice(0, at),
        newEl(s.el, pick(["foo", "note", "minOccurs", "Entity"], r)),
        ...ks.slice(at),
      ];
    },
  },
  {
    name: "element in no namespace",
    keepsValid: false,
    applies: (s) => isFacet(s),
    apply: (s) => s.el.children.push(newEl(s.el, "extra", "")),
  },
  {
    name: "unknown xs element in a restriction",
    keepsValid: false,
    applies: isRestriction,
    apply: (s, r) =>
      s.el.children.push(newEl(s.el, pick(["element", "sequence", "choice", "facet"], r), XS_NS)),
  },
  {
    name: "restriction facet with a bad value",
    keepsValid: false,
    applies: isRestriction,
    apply: (s, r) => {
      const [local, value] = pick<[string, string]>([
        ["length", "-1"],
        ["minLength", "x"],
        ["totalDigits", "0"],
        ["fractionDigits", "1.5"],
        ["maxLength", ""],
        ["whiteSpace", "trim"],
      ], r);
      const el = newEl(s.el, local, XS_NS);
      setAttr(el, "value", value);
      s.el.children.push(el);
    },
  },
  {
    name: "restriction facet without value",
    keepsValid: false,
    applies: isRestrictionFacet,
    apply: (s) => (s.el.attrs = s.el.attrs.filter((a) => a.local !== "value")),
  },
  {
    name: "fixed on enumeration or pattern",
    keepsValid: false,
    applies: (s) =>
      isRestrictionFacet(s) && (s.el.local === "enumeration" || s.el.local === "pattern"),
    apply: (s) => setAttr(s.el, "fixed", "true"),
  },
  {
    name: "unqualified unknown attribute on an xs facet",
    keepsValid: false,
    applies: isRestrictionFacet,
    apply: (s) => setAttr(s.el, "note", "x"),
  },
  {
    name: "base with an undeclared prefix",
    keepsValid: false,
    applies: isRestriction,
    apply: (s, r) => setAttr(s.el, "base", pick(["foo:string", "xs:", "1abc", "a b"], r)),
  },
  {
    name: "annotation after a facet",
    keepsValid: false,
    applies: (s) => isRestriction(s) && kids(s.el).length > 0,
    apply: (s) => s.el.children.push(newEl(s.el, "annotation", XS_NS)),
  },
  {
    name: "unknown attribute",
    keepsValid: false,
    applies: (s) => s.el.ns === IDS_NS,
    apply: (s, r) => setAttr(s.el, pick(["foo", "minOccurs", "Name", "id", "lang"], r), "x"),
  },
  {
    name: "xml:lang on an ids element",
    keepsValid: false,
    applies: (s) => s.el.ns === IDS_NS,
    apply: (s) => setAttr(s.el, "xml:lang", "en", "http://www.w3.org/XML/1998/namespace"),
  },
  {
    name: "xsi:type or xsi:nil",
    keepsValid: false,
    applies: (s) => s.el.ns === IDS_NS,
    apply: (s, r) => {
      if (r() < 0.5) setAttr(s.el, "xsi:nil", "true", XSI_NS);
      else setAttr(s.el, "xsi:foo", "1", XSI_NS);
    },
  },
  {
    name: "requirement attribute in applicability",
    keepsValid: false,
    applies: inApplicability,
    apply: (s, r) => {
      const choices = s.el.local === "entity"
        ? ["instructions"]
        : s.el.local === "attribute" || s.el.local === "partOf"
        ? ["cardinality", "instructions"]
        : ["cardinality", "instructions", "uri"];
      const a = pick(choices, r);
      setAttr(
        s.el,
        a,
        a === "cardinality" ? "required" : a === "uri" ? "http://example.org/x" : "do it",
      );
    },
  },
  {
    name: "uri on attribute or partOf facet",
    keepsValid: false,
    applies: (s) =>
      inRequirements(s) &&
      (s.el.local === "attribute" || s.el.local === "partOf" || s.el.local === "entity"),
    apply: (s) => setAttr(s.el, "uri", "http://example.org/x"),
  },
  {
    name: "missing specification name or ifcVersion",
    keepsValid: false,
    applies: named("specification"),
    apply: (s, r) => {
      const drop = pick(["name", "ifcVersion"], r);
      s.el.attrs = s.el.attrs.filter((a) => a.local !== drop);
    },
  },
  {
    name: "text in an element-only element",
    keepsValid: false,
    applies: (s) => s.el.ns === IDS_NS && kids(s.el).length > 0,
    apply: (s) => s.el.children.unshift({ text: "stray text" }),
  },
  {
    name: "element inside simple content",
    keepsValid: false,
    applies: (s) => named("simpleValue")(s) || (s.parent?.local === "info"),
    apply: (s) => s.el.children.push(newEl(s.el, "b")),
  },
  // --- changes the schema allows
  {
    name: "reverse requirement facets (any order allowed)",
    keepsValid: true,
    applies: (s) => named("requirements")(s) && kids(s.el).length > 1,
    apply: (s) => s.el.children = kids(s.el).reverse(),
  },
  {
    name: "comments and whitespace everywhere",
    keepsValid: true,
    applies: (s) => kids(s.el).length > 0,
    apply: (s) => s.el.children = kids(s.el).flatMap((k) => [{ text: "\n  \t" }, k]),
  },
  {
    name: "empty ifcVersion list",
    keepsValid: true,
    applies: named("specification"),
    apply: (s) => setAttr(s.el, "ifcVersion", "  "),
  },
  {
    name: "occurs written unusually",
    keepsValid: true,
    applies: named("applicability"),
    apply: (s, r) => {
      setAttr(s.el, "minOccurs", pick(["+0", " 01 ", "-0", "7"], r));
      setAttr(s.el, "maxOccurs", pick([" unbounded ", "+3", "0"], r));
    },
  },
  {
    name: "annotation with documentation in a restriction",
    keepsValid: true,
    applies: (s) => isRestriction(s) && !kids(s.el).some((k) => k.local === "annotation"),
    apply: (s) => {
      const ann = newEl(s.el, "annotation", XS_NS);
      ann.children = [newEl(ann, "documentation", XS_NS, [{ text: "why" }])];
      s.el.children.unshift(ann);
    },
  },
  {
    name: "xsi:schemaLocation on an inner element",
    keepsValid: true,
    applies: (s) => s.el.ns === IDS_NS && s.parent !== undefined,
    apply: (s) => setAttr(s.el, "xsi:schemaLocation", "http://a http://b", XSI_NS),
  },
  {
    name: "foreign-namespace attribute on an xs facet",
    keepsValid: true,
    applies: isRestrictionFacet,
    apply: (s) => setAttr(s.el, "xsi:schemaLocation", "a b", XSI_NS),
  },
  {
    name: "empty requirements",
    keepsValid: true,
    applies: named("requirements"),
    apply: (s) => (s.el.children = []),
  },
  {
    name: "empty simpleValue",
    keepsValid: true,
    applies: named("simpleValue"),
    apply: (s) => (s.el.children = []),
  },
  {
    name: "good date, author and cardinality",
    keepsValid: true,
    applies: (s) => inRequirements(s) && s.el.local !== "entity" && s.el.local !== "partOf",
    apply: (s, r) => setAttr(s.el, "cardinality", pick(["optional", "prohibited", "required"], r)),
  },
];

/** Mutations that apply to a tree: for each, the number of candidate sites. */
export function applicable(root: MElement): { mutation: Mutation; count: number }[] {
  const all = sites(root);
  return MUTATIONS.map((mutation) => ({
    mutation,
    count: all.filter(mutation.applies).length,
  })).filter((x) => x.count > 0);
}

/** Applies `mutation` at a random applicable site of a copy of `base`; returns the XML. */
export function mutate(base: XmlElement, mutation: Mutation, random: () => number): string {
  const root = toMutable(base);
  const candidates = sites(root).filter(mutation.applies);
  mutation.apply(pick(candidates, random), random);
  return serialize(root);
}
