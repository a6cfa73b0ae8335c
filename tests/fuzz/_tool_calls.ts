/**
 * What the fuzz tests send to a real server, over stdio or HTTP: words agents (and attackers)
 * might use, random JSON, tool arguments drawn from a tool's input schema (mostly of the
 * declared types, sometimes anything), malformed JSON-RPC messages, and the checks on replies
 * (no internal error or stack trace; every export well-formed XML).
 *
 * @module
 */
import { readXmlTree } from "../../src/ids/xml_tree.ts";
import { mutateText, type Random } from "./_mutate_bytes.ts";
import type { RpcReply } from "./_raw_stdio.ts";

/** Strings agents (and attackers) might send: IDS words, markup, paths, odd characters. */
export const WORDS = [
  "S1",
  "1",
  "2",
  "0",
  "-1",
  "IFCWALL",
  "IfcWall",
  "IFCSLAB",
  "Pset_WallCommon",
  "FireRating",
  "Name",
  "IFC4",
  "IFC2X3",
  "IFC4X3",
  "IFC5",
  "required",
  "optional",
  "prohibited",
  "applicability",
  "requirements",
  "IFCLABEL",
  "IFCBOOLEAN",
  "pattern",
  "[A-Z]+",
  "(a+)+$",
  "<x>",
  "&amp;",
  "]]>",
  "'\"",
  "\u0000",
  "\uD800",
  "\uFFFE",
  "é😀",
  " ",
  "",
  "x.ids",
  "out.ids",
  "sub/dir/out.xml",
  "main.ts",
  "../escape.ids",
  "/etc/passwd",
  "/dev/zero",
  "a".repeat(5000) + ".ids",
  "IfcRelAggregates",
  "IFCBUILDINGSTOREY",
  "USERDEFINED",
  "unbounded",
  "<ids:ids/>",
  "<![CDATA[x]]>",
  "ISO-10303-21;",
  "json",
  "html",
  "console",
  "string",
  "file",
];

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export interface PropSchema {
  type?: string | string[];
  enum?: Json[];
  items?: PropSchema;
  anyOf?: PropSchema[];
}

export function randomJson(random: Random, depth = 0): Json {
  const r = random();
  if (r < 0.2) return null;
  if (r < 0.35) return random() < 0.5;
  if (r < 0.55) return [0, 1, -1, 2.5, 1e308, -0, 2 ** 53, 7][Math.floor(random() * 8)];
  if (r < 0.8 || depth > 2) return WORDS[Math.floor(random() * WORDS.length)];
  if (r < 0.9) {
    return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(random, depth + 1));
  }
  return { k: randomJson(random, depth + 1) };
}

/** A value for a property: usually of the declared type, sometimes anything. */
export function valueFor(schema: PropSchema, random: Random): Json {
  if (random() < 0.15) return randomJson(random);
  if (schema.enum && random() < 0.8) return schema.enum[Math.floor(random() * schema.enum.length)];
  const options = schema.anyOf ?? [schema];
  const s = options[Math.floor(random() * options.length)];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case "string":
      return WORDS[Math.floor(random() * WORDS.length)];
    case "number":
    case "integer":
      return [0, 1, 2, 3, -1, 10, 1.5][Math.floor(random() * 7)];
    case "boolean":
      return random() < 0.5;
    case "array":
      return Array.from(
        { length: Math.floor(random() * 3) },
        () => valueFor(s.items ?? {}, random),
      );
    default:
      return randomJson(random);
  }
}

/** Malformed or misshapen JSON-RPC lines (also HTTP bodies). */
export function malformedLine(random: Random): string {
  const valid = JSON.stringify({
    jsonrpc: "2.0",
    id: 424242,
    method: "tools/call",
    params: { name: "get_ids_info", arguments: {} },
  });
  switch (Math.floor(random() * 8)) {
    case 0:
      return valid.slice(0, Math.floor(random() * valid.length));
    case 1:
      return mutateText(valid, random).replace(/\n/g, " ");
    case 2:
      return JSON.stringify(randomJson(random));
    case 3:
      return JSON.stringify({ jsonrpc: "1.0", id: "x", method: 5 });
    case 4:
      return "[" + valid + "," + valid + "]";
    case 5:
      return "[".repeat(50_000) + "]".repeat(50_000);
    case 6:
      return JSON.stringify({ jsonrpc: "2.0", method: "tools/call", params: randomJson(random) });
    default:
      return String.fromCharCode(...Array.from({ length: 40 }, () => Math.floor(random() * 256)));
  }
}

/** Replies that would reveal a server fault rather than a client mistake. */
export function serverFault(reply: RpcReply): string | undefined {
  if (reply.error) return reply.error.code === -32603 ? reply.error.message : undefined;
  const content = (reply.result?.content ?? []) as { type: string; text?: string }[];
  const text = content.map((c) => c.text ?? "").join("\n");
  if (
    reply.result?.isError && /internal_error|\n\s+at .*:\d+:\d+|TypeError|RangeError/.test(text)
  ) {
    return text.slice(0, 500);
  }
  return undefined;
}

/** A tool as `tools/list` describes it (the part the fuzzer reads). */
export interface ListedTool {
  readonly name: string;
  readonly inputSchema: { properties?: Record<string, PropSchema>; required?: string[] };
}

/**
 * Random arguments for `tool`: required properties nearly always, optional ones half the
 * time, a model file path instead of content now and then, and a stray property sometimes.
 */
export function randomArguments(tool: ListedTool, random: Random): Record<string, Json> {
  const args: Record<string, Json> = {};
  for (const [key, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
    const required = tool.inputSchema.required?.includes(key);
    if (required ? random() < 0.95 : random() < 0.5) args[key] = valueFor(schema, random);
  }
  if (tool.name === "validate_ifc_model" && random() < 0.5) {
    delete args.ifc_content;
    args.ifc_file_path = "model.ifc";
  }
  if (random() < 0.05) args.unexpected = randomJson(random);
  return args;
}

/**
 * For a successful `export_ids` reply: throws unless the exported XML (inline, or the file it
 * wrote) is well-formed; returns false for any other reply.
 */
export async function checkExport(name: string, reply: RpcReply): Promise<boolean> {
  if (name !== "export_ids" || !reply.result || reply.result.isError) return false;
  const out = reply.result.structuredContent as { xml?: string; file_path?: string };
  const xml = out.xml ?? await Deno.readTextFile(out.file_path!);
  readXmlTree(xml); // throws when the export is not well-formed XML
  return true;
}
