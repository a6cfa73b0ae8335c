/**
 * MCP Apps (SEP-1865, the `io.modelcontextprotocol/ui` extension): two interactive pages a
 * host renders in a sandboxed iframe beside the tool call, so a person sees the result where
 * the conversation is. `validate_ifc_model` links the check-report app (the compact summary at
 * once, the full report on demand), `render_ids` the spec-sheet app. The pages are bundled
 * HTML strings (src/mcp/apps/generated/, built by scripts/build_apps.ts), so the binary, the
 * one-file bundle and Deploy serve them without a file system or network.
 *
 * Negotiation: a host declares the extension in `initialize` (`capabilities.extensions`). A
 * server that sees a client's `initialize` without it hides the pages entirely (no `_meta.ui`
 * on the tools, no `ui://` resources), so such a client sees exactly what it saw before Apps.
 * A server that has not seen the `initialize` (HTTP serves each request on a pooled server
 * bound to the session, and the session does not keep the client's capabilities) keeps the
 * tools' links, which a client without Apps ignores, and serves the pages to `resources/read`
 * but leaves them out of `resources/list`, which stays as it was (a host finds a page through
 * the tool's `_meta.ui.resourceUri`, not the list).
 *
 * @module
 */
import type { McpServer, RegisteredTool } from "../../deps/mcp_sdk.ts";
import { getUiCapability, registerAppResource, RESOURCE_MIME_TYPE } from "../../deps/ext_apps.ts";
import { REPORT_APP_HTML } from "./generated/report_app.ts";
import { SPEC_SHEET_APP_HTML } from "./generated/spec_sheet_app.ts";

/** The check-report app, linked from `validate_ifc_model`. */
export const REPORT_APP_URI = "ui://ids-mcp/check-report.html";
/** The spec-sheet app, linked from `render_ids`. */
export const SPEC_SHEET_APP_URI = "ui://ids-mcp/spec-sheet.html";
/** The media type of an MCP App page (`text/html;profile=mcp-app`). */
export const APP_MIME_TYPE = RESOURCE_MIME_TYPE;

/** The pages the server serves, by resource URI. */
export const APPS: readonly {
  readonly uri: string;
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly html: string;
}[] = [
  {
    uri: REPORT_APP_URI,
    name: "check-report-app",
    title: "IDS check report (app)",
    description: "Interactive view of a validate_ifc_model result: pass/fail per " +
      "specification, grouped failure reasons, failing elements with a filter and paging",
    html: REPORT_APP_HTML,
  },
  {
    uri: SPEC_SHEET_APP_URI,
    name: "spec-sheet-app",
    title: "IDS spec sheet (app)",
    description: "Interactive view of the session's IDS as a spec sheet, for review before " +
      "export",
    html: SPEC_SHEET_APP_HTML,
  },
];

/** Why the pages need no network: they are one self-contained file and fetch nothing. */
const NO_NETWORK = { connectDomains: [], resourceDomains: [], frameDomains: [] };
/** The pages' `_meta.ui`, on the resource and on its contents. */
const PAGE_META = { ui: { csp: NO_NETWORK, prefersBorder: true } };

/**
 * The `_meta` that links a tool to its app; `registerAppTool` adds the flat legacy key
 * (`ui/resourceUri`) older hosts read.
 */
export function appToolMeta(uri: string): { ui: { resourceUri: string } } {
  return { ui: { resourceUri: uri } };
}

/** The tools that got an app link, so negotiation can take it off again. */
const linkedTools = new WeakMap<McpServer, RegisteredTool[]>();

/**
 * Notes that `tool` (registered with {@linkcode appToolMeta}) links an app; called by the tool
 * modules right after `registerAppTool`.
 */
export function noteAppTool(server: McpServer, tool: RegisteredTool): RegisteredTool {
  const list = linkedTools.get(server) ?? [];
  list.push(tool);
  linkedTools.set(server, list);
  return tool;
}

/** Whether client capabilities declare MCP Apps with our page type. */
export function clientRendersApps(capabilities: unknown): boolean {
  const ui = getUiCapability(capabilities as Parameters<typeof getUiCapability>[0]);
  // A client that names no types accepts the only one there is.
  return ui !== undefined && (ui.mimeTypes === undefined || ui.mimeTypes.includes(APP_MIME_TYPE));
}

type AppResourceConfig = Parameters<typeof registerAppResource>[3];
type Handler = (request: unknown, extra: unknown) => Promise<unknown>;

/**
 * Registers the app pages as resources and hides them (and the tools' links) from a client
 * whose `initialize` does not declare the UI extension. Call after the tools are registered.
 */
export function registerApps(server: McpServer): void {
  const resources = APPS.map((app) =>
    registerAppResource(server, app.name, app.uri, {
      title: app.title,
      description: app.description,
      mimeType: APP_MIME_TYPE,
      _meta: PAGE_META,
      // ext-apps types the metadata through its own view of the SDK, which loses these keys.
    } as AppResourceConfig, (uri) => ({
      contents: [{
        uri: uri.href,
        mimeType: APP_MIME_TYPE,
        text: app.html,
        _meta: PAGE_META,
      }],
    }))
  );
  const handlers = (server.server as unknown as { _requestHandlers?: Map<string, Handler> })
    ._requestHandlers;
  const initialize = handlers?.get("initialize");
  const list = handlers?.get("resources/list");
  if (!handlers || !initialize || !list) return; // an SDK without the map: advertise them
  const uris = new Set(APPS.map((a) => a.uri));
  handlers.set("resources/list", async (request, extra) => {
    const result = await list(request, extra) as { resources?: { uri: string }[] };
    if (server.server.getClientCapabilities() !== undefined || !result.resources) return result;
    return { ...result, resources: result.resources.filter((r) => !uris.has(r.uri)) };
  });
  handlers.set("initialize", async (request, extra) => {
    const result = await initialize(request, extra);
    if (!clientRendersApps(server.server.getClientCapabilities())) {
      // Set directly: update()/disable() would send list_changed notifications, which such
      // a client never got before either.
      for (const tool of linkedTools.get(server) ?? []) tool._meta = undefined;
      for (const resource of resources) resource.enabled = false;
    }
    return result;
  });
}
