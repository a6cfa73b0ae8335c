/**
 * Output schemas as `tools/list` advertises them: an object, and for the tools that only read
 * (look-ups, validation, the document's info) the fields each result carries
 * (`{"type": "object", "required": [...]}`); an edit tool's reply echoes the edit, and its
 * schema says only that it is an object.
 *
 * Why so little: every agent pays for `tools/list` in context on every turn, and clients hand
 * the model names, descriptions and input schemas, seldom output schemas. Full output schemas
 * were 48 % of `tools/list` (28.6 of 59.7 KB; nine edit tools repeated the same 1 KB one). What
 * the short form keeps is what a client can rely on: the tool returns structuredContent, an
 * object with these fields (MCP requires structuredContent to match the declared schema, and
 * the SDK client checks it). Types and nested shapes show in the result itself and docs/tools.md;
 * the server still validates each result against the tool's full zod schema before replying,
 * so the short schema accepts every result the full one did.
 *
 * It is also portable: one `type`, no `anyOf`, no typeless `{}`, so the MCP Inspector's
 * `--strict` check stays quiet and single-`type` dialects (Gemini's OpenAPI subset) keep every
 * tool.
 *
 * @module
 */
import type { JsonSchema } from "./input.ts";

/**
 * The advertised form of an output schema (a zod object's draft-7 JSON Schema); `fields`:
 * whether to name the fields every result has.
 */
export function advertisedOutputSchema(schema: JsonSchema, fields: boolean): JsonSchema {
  const out: JsonSchema = { type: "object" };
  if (fields && Array.isArray(schema.required) && schema.required.length > 0) {
    out.required = schema.required;
  }
  return out;
}
