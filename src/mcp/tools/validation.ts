/**
 * `validate_ids`: every error and warning of the current document, each with its path (and
 * line where it comes from XML), from the built-in IDS 1.0 rules and, when configured, the
 * official XSD.
 *
 * @module
 */
import type { McpServer } from "../../deps/mcp_sdk.ts";
import { z } from "../../deps/zod.ts";
import type { ToolContext } from "../context.ts";
import { runTool } from "../result.ts";
import { readDocument } from "../session.ts";
import { issue, READ_ONLY } from "../schemas.ts";
import { issueJson, validate } from "../validation.ts";
import { auditDocument } from "../../audit/audit.ts";

export function registerValidationTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool("validate_ids", {
    title: "Validate IDS",
    description: "Check the current document against IDS 1.0 (structure, values, the official " +
      "XSD when configured) and audit it against the IFC schemas (unknown entities, " +
      "attributes, data types, requirements that can never be met). Returns every error " +
      "and warning with its path.",
    inputSchema: {
      audit: z.boolean().default(true).describe(
        "Also run the semantic audit against the IFC schemas of the listed versions",
      ),
    },
    outputSchema: {
      valid: z.boolean(),
      errors: z.array(issue),
      warnings: z.array(issue),
      specifications_count: z.number(),
      xsd_checked: z.boolean(),
      audit_checked: z.boolean(),
    },
    annotations: READ_ONLY,
  }, ({ audit }) =>
    runTool(async () => {
      const doc = await readDocument(ctx);
      const report = await validate(doc, ctx.xsdDir);
      // Semantic findings only mean something for a structurally valid document.
      if (audit && report.valid) report.errors.push(...auditDocument(doc).map(issueJson));
      return {
        ...report,
        valid: report.errors.length === 0,
        specifications_count: doc.specifications.length,
        audit_checked: audit && report.valid,
      };
    }));
}
