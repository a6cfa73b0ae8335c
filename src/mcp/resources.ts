/**
 * MCP resources of the session: the current document as IDS XML (`ids://session/document`)
 * and its summary as JSON (`ids://session/info`), so clients can show or attach them without
 * a tool call.
 *
 * @module
 */
import type { McpServer } from "../deps/mcp_sdk.ts";
import { writeIds } from "../ids/xml.ts";
import type { ToolContext } from "./context.ts";
import { readDocument } from "./session.ts";
import { summarize } from "./summary.ts";

export const DOCUMENT_URI = "ids://session/document";
export const INFO_URI = "ids://session/info";

export function registerResources(server: McpServer, ctx: ToolContext): void {
  server.registerResource("ids-document", DOCUMENT_URI, {
    title: "Current IDS document",
    description: "The session's IDS document as IDS 1.0 XML",
    mimeType: "application/xml",
  }, async (uri) => {
    const doc = await readDocument(ctx);
    return { contents: [{ uri: uri.href, mimeType: "application/xml", text: writeIds(doc) }] };
  });
  server.registerResource("ids-info", INFO_URI, {
    title: "IDS document summary",
    description: "Title, info fields and a summary of each specification, as JSON",
    mimeType: "application/json",
  }, async (uri) => {
    const doc = await readDocument(ctx);
    return {
      contents: [{
        uri: uri.href,
        mimeType: "application/json",
        text: JSON.stringify(summarize(doc), null, 2),
      }],
    };
  });
}
