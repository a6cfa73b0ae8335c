/**
 * The browser side of MCP Apps: the `App` class a page uses to talk to its host (tool results,
 * host theme, proxied resources/read), pinned like every other third-party import. Imported only
 * by the app pages in src/mcp/apps/pages/, which scripts/build_apps.ts bundles into the HTML
 * the server embeds; nothing reachable from `main.ts` imports it.
 *
 * @module
 */
export {
  App,
  applyDocumentTheme,
  applyHostStyleVariables,
  type McpUiHostContext,
} from "npm:@modelcontextprotocol/ext-apps@1.7.5";
