/**
 * An MCP Apps host for tests: what Claude, VS Code or ChatGPT do with a tool's `ui://` resource,
 * built from real parts. The MCP SDK `Client` (declaring the `io.modelcontextprotocol/ui`
 * extension) talks to our real server over stdio; a headless Chromium (tests/_browser.ts) opens
 * a host page served by a local `Deno.serve`, whose script (tests/_app_host/host_page.ts,
 * bundled with `deno bundle` on first use) loads the resource's HTML into a sandboxed iframe
 * through ext-apps' `AppBridge` and forwards the app's requests (tools/call, resources/read) to
 * `/rpc` here, where the SDK client sends them to the server. The test then reads and drives the
 * app's DOM through DevTools, inside the iframe, whether Chromium runs it in-process or as an
 * out-of-process frame.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
// @ts-types="@modelcontextprotocol/sdk/client/index"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/types"
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { Browser, Page } from "./_browser.ts";
import { REPO, stdioHarness } from "./mcp/_helpers.ts";

/** The extension a client declares to get apps (SEP-1865), with the one MIME type it renders. */
export const UI_EXTENSION = "io.modelcontextprotocol/ui";
export const APP_MIME_TYPE = "text/html;profile=mcp-app";

const DIR = fileURLToPath(new URL("./_app_host", import.meta.url));

const bundles = new Map<string, Promise<string>>();
/** `entry` (a file under tests/_app_host/) bundled for the browser, once per test process. */
function bundleForBrowser(entry: string): Promise<string> {
  let bundle = bundles.get(entry);
  if (!bundle) {
    bundle = (async () => {
      const dir = await Deno.makeTempDir({ prefix: "ids-mcp-app-host-" });
      try {
        const out = `${dir}/out.js`;
        const { success, stderr } = await new Deno.Command(Deno.execPath(), {
          args: ["bundle", "--platform=browser", "--frozen", "-o", out, `${DIR}/${entry}`],
          cwd: REPO,
          stdout: "null",
          stderr: "piped",
          env: { NO_COLOR: "1" },
        }).output();
        if (!success) throw new Error(`deno bundle ${entry}: ${new TextDecoder().decode(stderr)}`);
        return await Deno.readTextFile(out);
      } finally {
        await Deno.remove(dir, { recursive: true }).catch(() => {});
      }
    })();
    bundles.set(entry, bundle);
  }
  return bundle;
}

/** The probe app's page (tests/_app_host/probe_app.ts, one inline module), to test the host. */
export async function probeAppHtml(): Promise<string> {
  const script = (await bundleForBrowser("probe_app.ts")).replaceAll("</script", "<\\/script");
  return `<!doctype html><html><head><meta charset="utf-8"><title>probe</title></head>
<body><button id="read">Read report</button><output id="read-result"></output>
<button id="info">IDS info</button><output id="info-result"></output>
<pre id="result"></pre><script type="module">${script}</script></body></html>`;
}

const HOST_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>ids-mcp test host</title><link rel="icon" href="data:,">
<style>html, body { margin: 0; height: 100%; } #frame { height: 100vh; }</style>
<script type="module" src="/host.js"></script></head>
<body><div id="frame"></div></body></html>`;

/** What the Deno side passes to `window.mountApp`. */
export interface MountRequest {
  /** The UI resource's HTML, as resources/read returned it. */
  readonly html: string;
  /** The resource's `_meta.ui.csp` (absent: nothing but inline code and data: URLs). */
  readonly csp?: {
    connectDomains?: string[];
    resourceDomains?: string[];
    frameDomains?: string[];
    baseUriDomains?: string[];
  };
  readonly theme: "light" | "dark";
  /** The tool call's arguments and result, delivered once the app has initialised. */
  readonly toolInput: Record<string, unknown>;
  readonly toolResult: Record<string, unknown>;
  readonly toolName: string;
}

/** One request the app made through the host, and whether the server answered it. */
export interface Forwarded {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly error?: string;
}

/** A JavaScript context to evaluate in: a DevTools session and, in-process, a context id. */
export class Frame {
  constructor(readonly session: Page, readonly contextId?: number) {}

  /** Evaluates `expression` in the frame (awaiting a promise) and returns its JSON value. */
  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.session.send("Runtime.evaluate", {
      expression,
      returnByValue: true,
      awaitPromise: true,
      ...(this.contextId !== undefined ? { contextId: this.contextId } : {}),
    });
    if (r.exceptionDetails) throw new Error(`${expression}: ${JSON.stringify(r.exceptionDetails)}`);
    return (r.result as { value: T }).value;
  }

  /**
   * Resolves when `expression` is truthy in the frame (checked on every animation frame, in the
   * page, so no timing guess); rejects with `what` after `timeoutMs`.
   */
  async waitFor(expression: string, what: string, timeoutMs = 15_000): Promise<void> {
    const ok = await this.evaluate<boolean>(`new Promise((resolve) => {
      const end = performance.now() + ${timeoutMs};
      const tick = () => {
        let v = false;
        try { v = !!(${expression}); } catch { v = false; }
        if (v) resolve(true); else if (performance.now() > end) resolve(false);
        else requestAnimationFrame(tick);
      };
      tick();
    })`);
    if (!ok) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
  }
}

/** What `mount` needs: which resource, and the tool call whose result the app shows. */
export interface MountOptions {
  readonly resourceUri: string;
  /** The page to mount instead of the resource's (the probe app); the resource is not read. */
  readonly html?: string;
  readonly toolName: string;
  readonly toolInput: Record<string, unknown>;
  readonly toolResult: CallToolResult;
  readonly theme?: "light" | "dark";
}

/** A running host: server, browser, host page. Dispose to stop all three. */
export class AppHost {
  /** Frame id → the default JavaScript context of that frame, for in-process frames. */
  readonly #contexts = new Map<string, number>();
  /** Sessions of out-of-process frames (one per iframe target). */
  readonly #oopif: Page[] = [];

  private constructor(
    readonly client: Client,
    readonly browser: Browser,
    readonly page: Page,
    /** Every request the app sent through the host, in order. */
    readonly forwarded: readonly Forwarded[],
    readonly stop: () => Promise<void>,
  ) {}

  /**
   * Starts `main.ts serve` (stdio, `serverArgs`), the host page's HTTP server and Chromium
   * (`executable`), with a `width`×`height` viewport.
   */
  static async start(
    executable: string,
    options: { serverArgs?: string[]; width?: number; height?: number } = {},
  ): Promise<AppHost> {
    const script = await bundleForBrowser("host_page.ts");
    const client = new Client({ name: "ids-mcp-app-host", version: "1.0.0" }, {
      capabilities: { extensions: { [UI_EXTENSION]: { mimeTypes: [APP_MIME_TYPE] } } },
    });
    const server = await stdioHarness(options.serverArgs ?? [], client);
    const forwarded: Forwarded[] = [];
    const http = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      async (req) => {
        const path = new URL(req.url).pathname;
        if (path === "/") {
          return new Response(HOST_HTML, { headers: { "content-type": "text/html" } });
        }
        if (path === "/host.js") {
          return new Response(script, { headers: { "content-type": "text/javascript" } });
        }
        if (path === "/rpc" && req.method === "POST") {
          const { method, params } = await req.json() as Forwarded;
          try {
            const result = await forward(client, method, params);
            forwarded.push({ method, params });
            return Response.json({ result });
          } catch (e) {
            const error = (e as Error).message;
            forwarded.push({ method, params, error });
            return Response.json({ error });
          }
        }
        return new Response("not found", { status: 404 });
      },
    );
    let browser: Browser | undefined;
    try {
      browser = await Browser.launch(executable);
      const page = await browser.open("about:blank");
      await page.send("Emulation.setDeviceMetricsOverride", {
        width: options.width ?? 1000,
        height: options.height ?? 700,
        deviceScaleFactor: 1,
        mobile: false,
      });
      const b = browser;
      const host = new AppHost(client, browser, page, forwarded, async () => {
        await b.close();
        await http.shutdown();
        await server.close();
      });
      await host.#watchFrames();
      const loaded = page.next("Page.loadEventFired");
      await page.send("Page.navigate", { url: `http://127.0.0.1:${http.addr.port}/` });
      await loaded;
      return host;
    } catch (e) {
      await browser?.close();
      await http.shutdown();
      await server.close();
      throw e;
    }
  }

  /** Tracks frame contexts, and attaches to out-of-process iframes before their scripts run. */
  async #watchFrames(): Promise<void> {
    const { browser, page } = this;
    browser.on((m) => {
      const p = m.params ?? {};
      if (m.sessionId === page.sessionId && m.method === "Runtime.executionContextCreated") {
        const c = p.context as { id: number; auxData?: { frameId?: string; isDefault?: boolean } };
        if (c.auxData?.isDefault && c.auxData.frameId) this.#contexts.set(c.auxData.frameId, c.id);
      } else if (m.sessionId === page.sessionId && m.method === "Target.attachedToTarget") {
        const sessionId = p.sessionId as string;
        const child = new Page(browser, sessionId);
        this.#oopif.push(child);
        (async () => {
          await child.send("Runtime.enable");
          await child.send("Log.enable");
          await child.send("Runtime.runIfWaitingForDebugger");
        })().catch(() => {});
      }
    });
    await page.send("Target.setAutoAttach", {
      autoAttach: true,
      waitForDebuggerOnStart: true,
      flatten: true,
    });
  }

  /**
   * Reads `resourceUri` through the client, mounts it with the tool call's input and result, and
   * returns the app's frame once the app has initialised and received both.
   */
  async mount(options: MountOptions): Promise<Frame> {
    const read = options.html === undefined
      ? await this.client.readResource({ uri: options.resourceUri })
      : { contents: [{ uri: options.resourceUri, mimeType: APP_MIME_TYPE, text: options.html }] };
    const content = read.contents[0] as {
      text?: string;
      mimeType?: string;
      _meta?: { ui?: { csp?: MountRequest["csp"] } };
    };
    if (content?.text === undefined) throw new Error(`${options.resourceUri} has no text`);
    if (content.mimeType !== APP_MIME_TYPE) {
      throw new Error(`${options.resourceUri} is ${content.mimeType}, not ${APP_MIME_TYPE}`);
    }
    const request: MountRequest = {
      html: content.text,
      csp: content._meta?.ui?.csp,
      theme: options.theme ?? "light",
      toolName: options.toolName,
      toolInput: options.toolInput,
      toolResult: options.toolResult as Record<string, unknown>,
    };
    try {
      await this.page.evaluate(`mountApp(${JSON.stringify(request)})`);
    } catch (e) {
      const errors = this.errors().map((m) => m.slice(0, 600)).join("\n");
      throw new Error(`mounting ${options.resourceUri} failed: ${(e as Error).message.slice(0, 600)}
errors in host and app:\n${errors || "(none)"}`);
    }
    return this.#appFrame();
  }

  /** Switches the host theme (the app hears host-context-changed). */
  async setTheme(theme: "light" | "dark"): Promise<void> {
    await this.page.evaluate(`setTheme(${JSON.stringify(theme)})`);
  }

  /** The iframe's frame: its out-of-process session, or its context in the page's session. */
  async #appFrame(): Promise<Frame> {
    if (this.#oopif.length > 0) return new Frame(this.#oopif[this.#oopif.length - 1]);
    const { frameTree } = await this.page.send("Page.getFrameTree") as {
      frameTree: { childFrames?: { frame: { id: string } }[] };
    };
    const id = frameTree.childFrames?.[0]?.frame.id;
    const contextId = id === undefined ? undefined : this.#contexts.get(id);
    if (contextId === undefined) throw new Error("the app's iframe has no JavaScript context");
    return new Frame(this.page, contextId);
  }

  /**
   * A PNG of the host page once `frame` has painted its current state: Chromium composites an
   * out-of-process frame's last submitted picture, so the app must have rendered a frame since
   * its last change (two animation frames) or the screenshot shows an older state.
   */
  async screenshot(frame: Frame): Promise<Uint8Array> {
    await frame.evaluate(
      `new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))`,
    );
    return await this.page.screenshot();
  }

  /** Console errors and exceptions of the host page and the app's frame. */
  errors(): string[] {
    return [...this.page.errors, ...this.#oopif.flatMap((p) => p.errors)];
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

/** Sends one of the requests a host forwards for an app to the server. */
function forward(
  client: Client,
  method: string,
  params: Record<string, unknown>,
): Promise<unknown> {
  switch (method) {
    case "tools/call":
      return client.callTool(params as Parameters<Client["callTool"]>[0]);
    case "resources/read":
      return client.readResource(params as Parameters<Client["readResource"]>[0]);
    case "resources/list":
      return client.listResources(params as Parameters<Client["listResources"]>[0]);
    default:
      return Promise.reject(new Error(`the test host does not forward ${method}`));
  }
}
