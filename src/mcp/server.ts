/**
 * The McpServer factory: one server instance bound to one session at a time (stdio builds one
 * for its stable session; HTTP pools them and binds one to each request's session), with every
 * tool group, the session and schema resources and the workflow prompts registered.
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
import { registerResources, registerSpecSheetResources } from "./resources.ts";
import { registerRenderTools } from "./tools/render.ts";
import { registerPrompts } from "./prompts.ts";
import { registerApps } from "./apps/apps.ts";
import { limitToolCalls } from "./result.ts";
import { reportInvalidParams } from "./invalid_params.ts";
import { DEFAULT_MAX_REPLY_BYTES, limitReplies } from "./reply_limit.ts";

export const SERVER_NAME = "ids-mcp";
export const SERVER_VERSION = "0.1.0";

const INSTRUCTIONS = `ids-mcp authors buildingSMART IDS 1.0 files and checks IFC models against
them. This session holds one IDS document.
Look names up first, never guess them: describe_ifc_entity and list_property_sets (or the
ifc://schema/{version}/entity/{name} and ifc://schema/{version}/pset/{name} resources), and
inspect_ifc_model for what a real model contains.
Then: create_ids (or load_ids) → add_specification (note the spec_id it returns) → add_*_facet
with location "applicability" (which elements the specification applies to: one entity facet,
matching that exact class, subtypes not included) and "requirements" (what those elements must
have) → optional add_*_restriction on a facet parameter (facet_index from list_facets) →
validate_ids until valid → export_ids. validate_ifc_model checks a model against the document.
The prompts write_ids_from_requirements, draft_ids_from_model and check_ifc_model spell these
workflows out. Errors come back as tool results with isError and say what to do instead.`;

/** Builds a server whose tools act on `ctx.sessionId`'s document. */
export function createServer(ctx: ToolContext): McpServer {
  const server = new StrictMcpServer(
    { name: SERVER_NAME, version: SERVER_VERSION },
    {
      instructions: INSTRUCTIONS,
      capabilities: { tools: {}, resources: {}, prompts: {}, logging: {} },
    },
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
  registerRenderTools(server, ctx);
  registerResources(server, ctx);
  registerSpecSheetResources(server, ctx);
  registerPrompts(server);
  // After the tools it links: hides the apps from clients that do not render them.
  registerApps(server);
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
