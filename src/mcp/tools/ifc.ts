/**
 * IFC model tools (`validate_ifc_model`). Owned by the IFC checking work; a no-op until then.
 *
 * @module
 */
// @ts-types="@modelcontextprotocol/sdk/server/mcp"
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ToolContext } from "../context.ts";

/** Registers the IFC tools on `server`. */
export function registerIfcTools(_server: McpServer, _ctx: ToolContext): void {
}
