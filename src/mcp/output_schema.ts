/**
 * Output schemas in the most portable JSON Schema spelling, so `tools/list` passes the MCP
 * Inspector's `--strict` portability check and clients that map schemas onto a single-`type`
 * dialect (Gemini's OpenAPI subset) keep every tool: nullable and multi-type values become
 * `anyOf` branches with one `type` each, and free-form objects say
 * `additionalProperties: true` instead of the typeless `{}`.
 *
 * Only the advertised JSON changes; results are still validated against the zod schema.
 *
 * @module
 */
import type { JsonSchema } from "./input.ts";

/** A copy of `schema` with every node in the portable spelling. */
export function portableSchema(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (Array.isArray(out.type)) {
    const types = out.type as string[];
    delete out.type;
    const branches = types.map((t) => ({ type: t }));
    out.anyOf = branches.length > 1 ? branches : undefined;
    if (branches.length === 1) out.type = types[0];
    if (out.anyOf === undefined) delete out.anyOf;
  }
  if (isObject(out.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([k, v]) => [k, portableSchema(v as JsonSchema)]),
    );
  }
  if (isObject(out.items)) out.items = portableSchema(out.items);
  if (Array.isArray(out.anyOf)) out.anyOf = out.anyOf.map((b) => portableSchema(b as JsonSchema));
  if (isObject(out.additionalProperties)) {
    out.additionalProperties = Object.keys(out.additionalProperties).length === 0
      ? true
      : portableSchema(out.additionalProperties);
  }
  return out;
}

function isObject(v: unknown): v is JsonSchema {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
