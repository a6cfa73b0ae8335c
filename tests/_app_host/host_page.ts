/// <reference lib="dom" />
/**
 * The browser half of the MCP Apps test host (tests/_app_host.ts bundles it with `deno bundle
 * --platform browser`): what a chat client does with a tool's UI resource. It puts the
 * resource's HTML in a sandboxed iframe (`sandbox="allow-scripts"`, opaque origin, a
 * Content-Security-Policy built from the resource's declared domains, as hosts do), talks to it
 * through ext-apps' `AppBridge` over `PostMessageTransport`, and forwards the app's MCP requests
 * (tools/call, resources/read) to the Deno side's `/rpc`, where the real SDK client sends them
 * to the real server.
 *
 * @module
 */
import {
  AppBridge,
  type McpUiHostContext,
  type McpUiResourceCsp,
  PostMessageTransport,
} from "@modelcontextprotocol/ext-apps/app-bridge";
import type { MountRequest } from "../_app_host.ts";

/** Posts one forwarded request to the Deno side; its error message becomes the app's error. */
async function rpc<T>(method: string, params: unknown): Promise<T> {
  const response = await fetch("/rpc", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ method, params }),
  });
  const body = await response.json() as { result?: T; error?: string };
  if (body.error !== undefined) throw new Error(body.error);
  return body.result as T;
}

/**
 * The policy a host applies to an app (the MCP Apps spec: declared domains only, nothing when
 * none are declared), put first in <head> so it governs every script and style of the page.
 */
export function cspFor(csp: McpUiResourceCsp = {}): string {
  const list = (domains: string[] | undefined, base: string) =>
    [base, ...(domains ?? [])].filter((s) => s).join(" ") || "'none'";
  const resources = csp.resourceDomains;
  return [
    "default-src 'none'",
    `script-src ${list(resources, "'unsafe-inline'")}`,
    `style-src ${list(resources, "'unsafe-inline'")}`,
    `img-src ${list(resources, "data:")}`,
    `font-src ${list(resources, "data:")}`,
    `media-src ${list(resources, "data:")}`,
    `connect-src ${list(csp.connectDomains, "")}`,
    `frame-src ${list(csp.frameDomains, "")}`,
    `base-uri ${list(csp.baseUriDomains, "")}`,
  ].join("; ");
}

function withCsp(html: string, csp: McpUiResourceCsp | undefined): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${cspFor(csp)}">`;
  return /<head[^>]*>/i.test(html)
    ? html.replace(/<head[^>]*>/i, (head) => head + meta)
    : meta + html;
}

/** Host colours the app may use (a subset of the spec's CSS variables), per theme. */
const STYLES: Record<"light" | "dark", Record<string, string>> = {
  light: {
    "--color-background-primary": "#ffffff",
    "--color-text-primary": "#1a1a1a",
  },
  dark: {
    "--color-background-primary": "#1f1f1f",
    "--color-text-primary": "#f0f0f0",
  },
};

/** How long an app may take to initialise (a failing app never does: fail fast instead). */
const INIT_MS = 15_000;

let bridge: AppBridge | undefined;
let context: McpUiHostContext = {};

/**
 * Mounts the app and resolves once it has initialised and been given the tool input and
 * result. Errors of the bridge are console errors, so the Deno side's page collects them.
 */
async function mountApp(request: MountRequest): Promise<{ appName: string | undefined }> {
  document.documentElement.style.colorScheme = request.theme;
  document.body.style.background = STYLES[request.theme]["--color-background-primary"];
  const iframe = document.createElement("iframe");
  iframe.id = "app";
  iframe.setAttribute("sandbox", "allow-scripts");
  iframe.style.cssText = "width:100%;height:100%;border:0;display:block";
  document.getElementById("frame")!.append(iframe);

  context = {
    theme: request.theme,
    styles: { variables: STYLES[request.theme] as never },
    displayMode: "inline",
    availableDisplayModes: ["inline"],
    platform: "web",
    locale: "en-GB",
    containerDimensions: { width: iframe.clientWidth, maxHeight: 4000 },
  };
  bridge = new AppBridge(
    null,
    { name: "ids-mcp test host", version: "1.0.0" },
    { serverTools: {}, serverResources: {}, logging: {} },
    { hostContext: context },
  );
  bridge.oncalltool = (params) => rpc("tools/call", params);
  bridge.onreadresource = (params) => rpc("resources/read", params);
  bridge.onlistresources = (params) => rpc("resources/list", params);
  bridge.onloggingmessage = ({ level, data }) => {
    const log = ["error", "critical", "alert", "emergency"].includes(level)
      ? console.error
      : console.log;
    log(`app log (${level}):`, JSON.stringify(data));
  };
  // Protocol's error hook (its type is not re-exported through app-bridge's declarations).
  (bridge as unknown as { onerror?: (e: unknown) => void }).onerror = (error) =>
    console.error("bridge error:", String(error));

  const initialized = Promise.withResolvers<void>();
  bridge.oninitialized = () => initialized.resolve();
  const window = iframe.contentWindow!;
  await bridge.connect(new PostMessageTransport(window, window));
  iframe.srcdoc = withCsp(request.html, request.csp);
  const timer = setTimeout(
    () => initialized.reject(new Error(`the app did not initialise within ${INIT_MS} ms`)),
    INIT_MS,
  );
  await initialized.promise.finally(() => clearTimeout(timer));
  await bridge.sendToolInput({ arguments: request.toolInput });
  await bridge.sendToolResult(request.toolResult as never);
  return { appName: bridge.getAppVersion()?.name };
}

/** Switches the host theme after mounting (ui/notifications/host-context-changed). */
function setTheme(theme: "light" | "dark"): void {
  document.documentElement.style.colorScheme = theme;
  document.body.style.background = STYLES[theme]["--color-background-primary"];
  context = { ...context, theme, styles: { variables: STYLES[theme] as never } };
  bridge!.setHostContext(context);
}

Object.assign(globalThis, { mountApp, setTheme });
