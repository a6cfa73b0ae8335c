/**
 * `validate_ids`: every error and warning of the current document in one report (structural
 * and content findings together, not in rounds), each with severity, kind, stable code, path
 * and, for near misses, a suggestion: the built-in IDS 1.0 rules, the official XSD when
 * configured, and the semantic audit against the IFC schemas.
 *
 * @module
 */
import type { McpServer } from "../../deps/mcp_sdk.ts";
import { z } from "../../deps/zod.ts";
import type { ToolContext } from "../context.ts";
import { runTool } from "../result.ts";
import { readDocument } from "../session.ts";
import { READ_ONLY } from "../schemas.ts";
import { validate } from "../validation.ts";

/** A finding as validate_ids reports it. */
const finding = z.object({
  severity: z.enum(["error", "warning"]),
  kind: z.string(),
  code: z.string(),
  message: z.string(),
  path: z.string().optional(),
  line: z.number().optional(),
  suggestion: z.string().optional(),
});

export function registerValidationTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool("validate_ids", {
    title: "Validate IDS",
    description: "Check the document against IDS 1.0 (structure, values, the XSD when " +
      "configured) and audit it against the IFC schemas (unknown classes, attributes, " +
      "standard properties, data types, values, requirements that can never be met). " +
      "Returns every error and warning with code, path and, for near misses, a suggestion; " +
      "warnings never make the document invalid.",
    inputSchema: {
      audit: z.boolean().default(true).describe(
        "Also audit against the IFC schemas of the specifications' versions",
      ),
    },
    outputSchema: {
      valid: z.boolean(),
      errors: z.array(finding),
      warnings: z.array(finding),
      specifications_count: z.number(),
      xsd_checked: z.boolean(),
      audit_checked: z.boolean(),
    },
    annotations: READ_ONLY,
  }, ({ audit }) =>
    runTool(async () => {
      const doc = await readDocument(ctx);
      const report = await validate(doc, ctx.xsdDir, undefined, audit);
      return { ...report, specifications_count: doc.specifications.length };
    }));
}
