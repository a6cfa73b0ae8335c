/**
 * Developer tool: regenerates `tables.ts` (compact IFC schema tables) from web-ifc's schema
 * declarations (`ifc-schema.d.ts`) and its runtime type classes. The checker never loads
 * web-ifc at run time: the tables are all it needs (entity names, inheritance, attribute
 * names/types in STEP order, defined types, enumerations and selects per schema), which keeps
 * the executable small and avoids loading wasm.
 *
 * ```sh
 * deno run -A scripts/gen_schema.ts
 * ```
 *
 * @module
 */
import * as W from "web-ifc";

const dts = await Deno.readTextFile(
  new URL("../node_modules/web-ifc/ifc-schema.d.ts", import.meta.url),
);
const runtime = W as unknown as Record<
  string,
  Record<string, new (v: unknown) => { type: number }>
>;

const SCHEMAS = ["IFC2X3", "IFC4", "IFC4X3"] as const;

/** Turns a TS type expression into our compact form. */
function encodeType(t: string): string {
  t = t.trim();
  let optional = false;
  if (t.endsWith("| null")) {
    optional = true;
    t = t.slice(0, -"| null".length).trim();
  }
  const enc = encodeInner(t);
  return optional ? enc + "?" : enc;
}
function encodeInner(t: string): string {
  if (t.endsWith("[]")) return encodeInner(t.slice(0, -2)) + "[]";
  const h = /^\(Handle<(\w+)> \| \w+\)$/.exec(t);
  if (h) {
    if (h[1] === "boolean") return "BOOLEAN";
    if (h[1] === "string") return "STRING";
    if (h[1] === "number") return "NUMBER";
    return "#" + h[1];
  }
  if (/^\(NumberHandle \| number\)$/.test(t) || t === "number") return "NUMBER";
  if (t === "boolean") return "BOOLEAN";
  if (t === "string") return "STRING";
  if (/^\w+$/.test(t)) return t;
  if (t.startsWith("(") && t.endsWith(")")) return encodeInner(t.slice(1, -1));
  throw new Error("cannot encode type " + t);
}

const out: Record<string, { entities: string[]; types: string[] }> = {};
for (const schema of SCHEMAS) {
  const start = dts.indexOf(`export declare namespace ${schema} {`);
  const nextNs = dts.indexOf("export declare namespace", start + 10);
  const body = dts.slice(start, nextNs < 0 ? undefined : nextNs);
  const ns = runtime[schema];
  const entities: string[] = [];
  const types: string[] = [];
  const classRe = /^ {4}class (\w+)(?: extends (\w+))? \{\n([\s\S]*?)^ {4}\}/gm;
  const allAttrs = new Map<string, string[]>();
  const parents = new Map<string, string>();
  const entityOrder: string[] = [];
  for (const m of body.matchAll(classRe)) {
    const [, name, parent, inner] = m;
    const lines = inner.split("\n").map((l) => l.trim()).filter(Boolean);
    if (lines.some((l) => l.startsWith("static "))) {
      const values = lines.map((l) => /^static (\w+): any;$/.exec(l)?.[1]).filter(Boolean);
      types.push(`${name}=e:${values.join(",")}`);
      continue;
    }
    const ctor = lines.find((l) => l.startsWith("constructor("));
    const isEntity = parent !== "NumberHandle" && !lines.some((l) => l === "name: string;") &&
      (parent !== undefined || ctor === undefined || !/^constructor\((v|value)[:)]/.test(ctor));
    if (!isEntity) {
      // a defined type
      let prim = "string";
      const valueLine = lines.find((l) => l.startsWith("value:"));
      if (valueLine && /Array/.test(valueLine)) prim = "list";
      else {
        try {
          const inst = new ns[name](name === "IfcBoolean" || name === "IfcLogical" ? true : 1);
          const code = inst.type;
          prim = code === 10 ? "integer" : code === 4 ? "real" : code === 3 ? "enum" : "string";
        } catch {
          prim = "string";
        }
      }
      if (name === "IfcBoolean") prim = "boolean";
      if (name === "IfcLogical") prim = "logical";
      if (name === "IfcBinary") prim = "binary";
      types.push(`${name}=d:${prim}`);
      continue;
    }
    // Constructor parameters are exactly the explicit attributes in STEP order; fields
    // also list inverse attributes, which IDS cannot check.
    const attrs: string[] = [];
    const params = ctor ? /^constructor\((.*)\);$/.exec(ctor)?.[1] ?? "" : "";
    for (const p of params ? params.split(/, (?=\w+: )/) : []) {
      const am = /^(\w+): (.+)$/.exec(p);
      if (!am) throw new Error(`cannot parse parameter ${p} of ${name}`);
      attrs.push(`${am[1]}:${encodeType(am[2])}`);
    }
    allAttrs.set(name, attrs);
    if (parent && parent !== "IfcLineObject") parents.set(name, parent);
    entityOrder.push(name);
  }
  for (const name of entityOrder) {
    const parent = parents.get(name) ?? "";
    // web-ifc drops attributes a subtype re-declares as DERIVED (e.g. IfcSIUnit.Dimensions)
    // from constructors, but STEP keeps their slot: own attributes are those the parent
    // does not have, appended after all of the parent's.
    const inheritedNames = new Set<string>();
    for (let p = parents.get(name); p; p = parents.get(p)) {
      for (const a of allAttrs.get(p) ?? []) inheritedNames.add(a.split(":")[0]);
    }
    const own = allAttrs.get(name)!.filter((a) => !inheritedNames.has(a.split(":")[0]));
    entities.push(`${name}|${parent}|${own.join(",")}`);
  }
  const typeRe = /^ {4}type (\w+) = (.+);$/gm;
  for (const m of body.matchAll(typeRe)) {
    const members = m[2].split(/ \| (?![^(]*\))/).map((x) => encodeInner(x.trim()));
    types.push(`${m[1]}=s:${members.join("|")}`);
  }
  out[schema] = { entities, types };
}

let text = `// deno-fmt-ignore-file
// deno-lint-ignore-file
/**
 * GENERATED by gen_schema.ts from web-ifc ${"0.0.78"} (ifc-schema.d.ts). Do not edit.
 *
 * Per schema: \`entities\` lines are \`Name|Parent|attr:type,…\` (own attributes in STEP order;
 * type \`#X\` entity reference, \`X[]\` list, \`?\` optional) and \`types\` lines are
 * \`Name=d:primitive\` (defined type), \`Name=e:V1,V2\` (enumeration) or \`Name=s:A|#B\` (select).
 *
 * @module
 */
export const TABLES: Record<string, { entities: string; types: string }> = {\n`;
for (const [schema, t] of Object.entries(out)) {
  text += `  ${schema}: {\n    entities: ${JSON.stringify(t.entities.join("\n"))},\n    types: ${
    JSON.stringify(t.types.join("\n"))
  },\n  },\n`;
}
text += "};\n";
await Deno.writeTextFile(new URL("../src/schema/tables.ts", import.meta.url), text);
console.log(
  Object.entries(out).map(([s, t]) =>
    `${s}: ${t.entities.length} entities, ${t.types.length} types`
  )
    .join("\n"),
);
