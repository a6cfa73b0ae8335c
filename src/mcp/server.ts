/**
 * The McpServer factory: one server instance bound to one session at a time (stdio builds one
 * for its stable session; HTTP pools them and binds one to each request's session), with every
 * tool group and the session resources registered.
 *
 * @module
 */
import type { McpServer } from "../deps/mcp_sdk.ts";
import { StrictMcpServer } from "./strict_server.ts";
import type { ToolContext } from "./context.ts";
import { registerDocumentTools } from "./tools/document.ts";
import { registerSpecificationTools } from "./tools/specifications.ts";
import { registerFacetTools } from "./tools/facets.ts";
import { registerRestrictionTools } from "./tools/restrictions.ts";
import { registerValidationTools } from "./tools/validation.ts";
import { registerIfcTools } from "./tools/ifc.ts";
import { registerSchemaTools } from "./tools/schema.ts";
import { registerResources } from "./resources.ts";
import { limitToolCalls } from "./result.ts";
import { reportInvalidParams } from "./invalid_params.ts";
import { DEFAULT_MAX_REPLY_BYTES, limitReplies } from "./reply_limit.ts";

export const SERVER_NAME = "ids-mcp";
export const SERVER_VERSION = "0.1.0";

const INSTRUCTIONS = `ids-mcp authors buildingSMART IDS 1.0 files. This session holds one IDS
document. Typical flow: create_ids (or load_ids) → add_specification (note the spec_id it
returns) → add_*_facet in "applicability" (one entity facet) and "requirements" → optional
add_*_restriction on a facet parameter (facet_index from list_facets) → validate_ids →
export_ids. Errors come back as tool results with isError and say what to do instead.`;

/** Builds a server whose tools act on `ctx.sessionId`'s document. */
export function createServer(ctx: ToolContext): McpServer {
  const server = new StrictMcpServer(
    { name: SERVER_NAME, version: SERVER_VERSION },
    { instructions: INSTRUCTIONS, capabilities: { tools: {}, resources: {}, logging: {} } },
  );
  // Before any tool is registered: every call gets a time limit and an abort signal.
  limitToolCalls(server, ctx.config.callTimeoutMs);
  registerDocumentTools(server, ctx);
  registerSpecificationTools(server, ctx);
  registerFacetTools(server, ctx);
  registerRestrictionTools(server, ctx);
  registerValidationTools(server, ctx);
  registerIfcTools(server, ctx);
  registerSchemaTools(server);
  registerResources(server, ctx);
  // Last: wraps the request handlers registered above.
  reportInvalidParams(server);
  // Outermost: measures what every handler answers, errors included, before it is serialised.
  limitReplies(server, {
    maxReplyBytes: ctx.config.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES,
    budget: ctx.replyBudget,
    onRefused: ctx.onReplyRefused,
  });
  return server;
}
