/**
 * MCP Apps (`@modelcontextprotocol/ext-apps`, the `io.modelcontextprotocol/ui` extension),
 * pinned in one place with fully qualified `npm:` specifiers (see `mcp_sdk.ts` for why). The
 * server side only: the helpers that attach a `ui://` page to a tool and register the page as
 * a resource, and the client-capability reader used to negotiate. The pages' `App` class is in
 * `ext_apps_page.ts`, which only the page bundles (scripts/build_apps.ts) import.
 *
 * @module
 */
export {
  EXTENSION_ID,
  getUiCapability,
  registerAppResource,
  registerAppTool,
  RESOURCE_MIME_TYPE,
  RESOURCE_URI_META_KEY,
} from "npm:@modelcontextprotocol/ext-apps@1.7.5/server";
