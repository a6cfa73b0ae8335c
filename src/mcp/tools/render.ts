/**
 * `render_ids`: the session's document as a spec sheet for people (HTML page or Markdown).
 * The sheet itself is bulk, so the reply is a `resource_link` to the resource that renders it
 * on read (`ids://session/spec-sheet.html|.md`, src/mcp/resources.ts), plus the Markdown
 * text when it is small enough to fit an agent's context.
 *
 * @module
 */
import type { CallToolResult, McpServer } from "../../deps/mcp_sdk.ts";
import { z } from "../../deps/zod.ts";
import {
  renderSpecSheet,
  SHEET_FORMATS,
  SHEET_MIME,
  type SheetFormat,
} from "../../ids/render/render.ts";
import type { ToolContext } from "../context.ts";
import { fail, ok } from "../result.ts";
import { readDocument } from "../session.ts";
import { READ_ONLY } from "../schemas.ts";
import { specSheetUri } from "../resources.ts";
import { registerAppTool } from "../../deps/ext_apps.ts";
import { appToolMeta, noteAppTool, SPEC_SHEET_APP_URI } from "../apps/apps.ts";

/** Markdown up to this many characters is returned inline as well. */
export const INLINE_MARKDOWN_MAX = 4000;

export function registerRenderTools(server: McpServer, ctx: ToolContext): void {
  const render = registerAppTool(server, "render_ids", {
    title: "Render IDS for people",
    description: "A spec sheet of the current document for modellers (what each specification " +
      "applies to and requires, property tables). Returns a resource link; small Markdown " +
      "also inline.",
    inputSchema: { format: z.enum(SHEET_FORMATS).default("html").describe("html or md") },
    outputSchema: {
      uri: z.string(),
      format: z.enum(SHEET_FORMATS),
      size_bytes: z.number(),
      specifications_count: z.number(),
      markdown: z.string().optional(),
    },
    annotations: READ_ONLY,
    // The spec-sheet app (src/mcp/apps/), for hosts that render MCP Apps.
    _meta: appToolMeta(SPEC_SHEET_APP_URI),
    // registerAppTool's conditional callback type gives no contextual types: spelled out.
  }, async ({ format }: { format: SheetFormat }): Promise<CallToolResult> => {
    try {
      const doc = await readDocument(ctx);
      const text = renderSpecSheet(doc, format);
      const md = format === "md" ? text : renderSpecSheet(doc, "md");
      const uri = specSheetUri(format);
      const result = ok({
        uri,
        format,
        size_bytes: new TextEncoder().encode(text).length,
        specifications_count: doc.specifications.length,
        ...(md.length <= INLINE_MARKDOWN_MAX ? { markdown: md } : {}),
      });
      result.content.push({
        type: "resource_link",
        uri,
        name: `spec-sheet.${format}`,
        title: `Spec sheet: ${doc.info.title}`,
        mimeType: SHEET_MIME[format],
        description: "Rendered from the current document on read",
      });
      return result;
    } catch (error) {
      return fail(error);
    }
  });
  noteAppTool(server, render);
}
