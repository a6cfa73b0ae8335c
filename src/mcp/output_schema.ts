/**
 * Output schemas as `tools/list` advertises them: short, and in the most portable JSON Schema
 * spelling.
 *
 * Short, because every agent pays for `tools/list` in context on every turn: the advertised
 * schema names each top-level field of the result with its type (and its allowed values), while
 * nested objects and rows are advertised as `object` / `array of object`. The server still
 * validates each result against the tool's full zod schema before replying, so a client that
 * checks structuredContent against the shorter schema accepts exactly what it did before; the
 * nested shape is visible in the result itself and documented in the README.
 *
 * Portable, so `tools/list` passes the MCP Inspector's `--strict` portability check and clients
 * that map schemas onto a single-`type` dialect (Gemini's OpenAPI subset) keep every tool:
 * nullable and multi-type values become `anyOf` branches with one `type` each, never the
 * typeless `{}`.
 *
 * @module
 */
import type { JsonSchema } from "./input.ts";

/** The advertised form of an output schema (a zod object's draft-7 JSON Schema). */
export function advertisedOutputSchema(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { type: "object" };
  if (isObject(schema.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, field(v as JsonSchema)]),
    );
  }
  return out;
}

/** A top-level field: its type(s) and allowed values; arrays keep their item type. */
function field(node: JsonSchema): JsonSchema {
  const alternatives = branches(node).map((b) => {
    const s = summary(b);
    if (s.type === "array" && isObject(b.items)) {
      const items = branches(b.items).map(summary);
      s.items = items.length === 1 ? items[0] : { anyOf: dedupe(items) };
    }
    return s;
  });
  const unique = dedupe(alternatives);
  return unique.length === 1 ? unique[0] : { anyOf: unique };
}

/** One branch reduced to its type, plus its allowed values for a scalar. */
function summary(node: JsonSchema): JsonSchema {
  const out: JsonSchema = { type: node.type };
  if (node.type !== "object" && node.type !== "array") {
    if (Array.isArray(node.enum)) out.enum = node.enum;
    if ("const" in node) out.const = node.const;
  }
  return out;
}

/**
 * The single-type alternatives of a node: `anyOf` (nested or not) flattened, a type array
 * (`["string","null"]`) split. A node without a type is a free-form object.
 */
function branches(node: JsonSchema): JsonSchema[] {
  if (Array.isArray(node.anyOf)) return node.anyOf.flatMap((b) => branches(b as JsonSchema));
  if (Array.isArray(node.type)) return node.type.map((t) => ({ ...node, type: t }));
  if (typeof node.type === "string") return [node];
  if ("const" in node) {
    return [{ type: node.const === null ? "null" : typeof node.const, const: node.const }];
  }
  return [{ type: "object" }];
}

function dedupe(nodes: JsonSchema[]): JsonSchema[] {
  const seen = new Map<string, JsonSchema>();
  for (const n of nodes) seen.set(JSON.stringify(n), n);
  return [...seen.values()];
}

function isObject(v: unknown): v is JsonSchema {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
