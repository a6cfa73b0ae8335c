/**
 * `validate_ids`: every error and warning of the current document, each with its path (and
 * line where it comes from XML), from the built-in IDS 1.0 rules and, when configured, the
 * official XSD.
 *
 * @module
 */
// @ts-types="@modelcontextprotocol/sdk/server/mcp"
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { ToolContext } from "../context.ts";
import { runTool } from "../result.ts";
import { readDocument } from "../session.ts";
import { issue, READ_ONLY } from "../schemas.ts";
import { validate } from "../validation.ts";

export function registerValidationTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool("validate_ids", {
    title: "Validate IDS",
    description: "Check the current document against IDS 1.0 (structure, values, and the " +
      "official XSD when configured). Returns every error and warning with its path.",
    inputSchema: {},
    outputSchema: {
      valid: z.boolean(),
      errors: z.array(issue),
      warnings: z.array(issue),
      specifications_count: z.number(),
      xsd_checked: z.boolean(),
    },
    annotations: READ_ONLY,
  }, () =>
    runTool(async () => {
      const doc = await readDocument(ctx);
      const report = await validate(doc, ctx.xsdDir);
      return { ...report, specifications_count: doc.specifications.length };
    }));
}
