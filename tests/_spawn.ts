/**
 * Test plumbing for running ids-mcp exactly as a user or a platform would: a subprocess with
 * chosen flags (the SDK's stdio client would add `-A`), spoken to in raw JSON-RPC over stdio
 * or over HTTP. Used by the run-mode, start-task, Deploy and README tests.
 *
 * @module
 */
import assert from "node:assert/strict";

const PROTOCOL = "2025-06-18";

/** The `initialize` params every test client sends. */
export const INIT_PARAMS = {
  protocolVersion: PROTOCOL,
  capabilities: {},
  clientInfo: { name: "spawn-test", version: "1" },
};

/** One JSON-RPC response (result or error). */
export interface RpcReply {
  readonly id: number;
  readonly result?: Record<string, unknown> & {
    isError?: boolean;
    content?: { type: string; text: string }[];
    structuredContent?: Record<string, unknown>;
  };
  readonly error?: { code: number; message: string };
}

/** What both transports share: a request, a notification, and the MCP calls built on them. */
abstract class RpcClient {
  abstract request(method: string, params?: unknown): Promise<RpcReply>;
  protected abstract notify(method: string): Promise<void>;

  /**
   * `initialize` + `notifications/initialized`; returns the initialize result. `capabilities`
   * are the client's (none by default; e.g. the MCP Apps extension).
   */
  async initialize(capabilities: Record<string, unknown> = {}): Promise<RpcReply> {
    const reply = await this.request("initialize", { ...INIT_PARAMS, capabilities });
    await this.notify("notifications/initialized");
    return reply;
  }

  /** A `tools/call`; returns the tool result. */
  async call(
    name: string,
    args: Record<string, unknown> = {},
  ): Promise<NonNullable<RpcReply["result"]>> {
    const reply = await this.request("tools/call", { name, arguments: args });
    assert.ok(reply.result, JSON.stringify(reply));
    return reply.result;
  }
}

/** A stdio server subprocess, one request at a time (it runs pipelined requests concurrently). */
export class StdioServer extends RpcClient {
  readonly #child: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #reader: ReadableStreamDefaultReader<string>;
  #buffer = "";
  #nextId = 1;

  constructor(
    command: string,
    args: string[],
    options: { cwd?: string; env?: Record<string, string> } = {},
  ) {
    super();
    this.#child = new Deno.Command(command, {
      args,
      cwd: options.cwd,
      env: { NO_COLOR: "1", ...options.env },
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#writer = this.#child.stdin.getWriter();
    this.#reader = this.#child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  }

  async #send(message: Record<string, unknown>): Promise<void> {
    await this.#writer.write(new TextEncoder().encode(JSON.stringify(message) + "\n"));
  }

  /** Sends a request and waits for its reply (notifications in between are skipped). */
  async request(method: string, params: unknown = {}): Promise<RpcReply> {
    const id = this.#nextId++;
    await this.#send({ jsonrpc: "2.0", id, method, params });
    for (;;) {
      const nl = this.#buffer.indexOf("\n");
      if (nl >= 0) {
        const line = this.#buffer.slice(0, nl);
        this.#buffer = this.#buffer.slice(nl + 1);
        const msg = JSON.parse(line);
        if (msg.id === id) return msg as RpcReply;
        continue;
      }
      const { value, done } = await this.#reader.read();
      if (done) throw new Error(`server closed stdout before answering ${method}`);
      this.#buffer += value;
    }
  }

  protected async notify(method: string): Promise<void> {
    await this.#send({ jsonrpc: "2.0", method });
  }

  /** Closes stdin (which must end the server) and returns its exit code and stderr. */
  async close(): Promise<{ code: number; stderr: string }> {
    await this.#writer.close().catch(() => {});
    const status = await this.#child.status;
    const stderr = new TextDecoder().decode(
      (await new Response(this.#child.stderr).arrayBuffer()) as ArrayBuffer,
    );
    this.#reader.releaseLock();
    await this.#child.stdout.cancel().catch(() => {});
    return { code: status.code, stderr };
  }
}

/** An HTTP server subprocess; `url` is the MCP endpoint it announced on stderr. */
export interface HttpServerProcess {
  readonly child: Deno.ChildProcess;
  readonly url: string;
  /** Its stderr so far. */
  log(): string;
  /** Its stdout so far (empty unless spawned with `collectStdout`). */
  out(): string;
  /** SIGTERM, then waits for the exit status. */
  stop(): Promise<Deno.CommandStatus>;
}

/**
 * Spawns a server that logs `listening on http://…` on stderr and waits for that line; fails
 * with its stderr when it exits first.
 */
export async function spawnHttpServer(
  command: string,
  args: string[],
  options: {
    cwd?: string;
    env?: Record<string, string>;
    clearEnv?: boolean;
    collectStdout?: boolean;
  } = {},
): Promise<HttpServerProcess> {
  const child = new Deno.Command(command, {
    args,
    cwd: options.cwd,
    env: { NO_COLOR: "1", ...options.env },
    clearEnv: options.clearEnv,
    stdin: "null",
    stdout: options.collectStdout ? "piped" : "null",
    stderr: "piped",
  }).spawn();
  let out = "";
  const outDrained = options.collectStdout
    ? (async () => {
      for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) out += chunk;
    })().catch(() => {})
    : Promise.resolve();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  let url: string | undefined;
  while (!url) {
    const { value, done } = await reader.read();
    if (done) {
      const status = await child.status;
      throw new Error(`server exited (${status.code}) before listening: ${seen}`);
    }
    seen += value;
    url = /listening on (http:\/\/\S+)/.exec(seen)?.[1];
  }
  // Keep draining stderr so the child never blocks on a full pipe.
  const drained = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: "", done: true }));
      if (done) return;
      seen += value;
    }
  })();
  return {
    child,
    url,
    log: () => seen,
    out: () => out,
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch {
        // already gone
      }
      const status = await child.status;
      await drained;
      await outDrained;
      return status;
    },
  };
}

/** Reads an MCP HTTP reply, JSON or a one-event SSE stream. */
async function readReply(res: Response): Promise<RpcReply> {
  const text = await res.text();
  if ((res.headers.get("content-type") ?? "").includes("text/event-stream")) {
    const datas = text.split("\n").filter((l) => l.startsWith("data:")).map((l) =>
      JSON.parse(l.slice(5))
    );
    const reply = datas.find((d) => "id" in d && ("result" in d || "error" in d));
    assert.ok(reply, `no reply in SSE stream: ${text}`);
    return reply;
  }
  return JSON.parse(text);
}

/** A raw MCP client over Streamable HTTP for one session. */
export class HttpClient extends RpcClient {
  #session: string | undefined;
  #nextId = 1;
  constructor(readonly url: string, readonly token?: string) {
    super();
  }

  #headers(): Record<string, string> {
    return {
      accept: "application/json, text/event-stream",
      "content-type": "application/json",
      ...(this.#session
        ? { "mcp-session-id": this.#session, "mcp-protocol-version": PROTOCOL }
        : {}),
      ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
    };
  }

  /** POSTs one message; returns the raw response (for status checks). */
  post(message: Record<string, unknown>): Promise<Response> {
    return fetch(this.url, {
      method: "POST",
      headers: this.#headers(),
      body: JSON.stringify(message),
    });
  }

  /** A request; the `initialize` reply's Mcp-Session-Id is kept for the later ones. */
  async request(method: string, params: unknown = {}): Promise<RpcReply> {
    const res = await this.post({ jsonrpc: "2.0", id: this.#nextId++, method, params });
    assert.equal(res.status, 200, `${method}: HTTP ${res.status} ${await res.clone().text()}`);
    if (method === "initialize") {
      this.#session = res.headers.get("mcp-session-id") ?? undefined;
      assert.ok(this.#session, "no Mcp-Session-Id on initialize");
    }
    return await readReply(res);
  }

  protected async notify(method: string): Promise<void> {
    const res = await this.post({ jsonrpc: "2.0", method });
    await res.body?.cancel();
  }
}

/** `GET /healthz` next to an MCP endpoint URL; returns the parsed body. */
export async function health(mcpUrl: string): Promise<{ status: string }> {
  const res = await fetch(new URL("/healthz", mcpUrl));
  assert.equal(res.status, 200);
  return await res.json();
}

/** The text of a tool result's first content item. */
export function text(result: NonNullable<RpcReply["result"]>): string {
  return result.content?.[0]?.text ?? "";
}

/**
 * Serves the files under `root` read-only over loopback as `text/plain`, the way
 * raw.githubusercontent.com serves a tagged checkout, for `deno run https://…/main.ts`
 * (and, with `contentType` `application/octet-stream`, as GitHub serves a release asset such as
 * `ids-mcp.js`). `requests` lists the paths asked for, in order.
 */
export function serveCheckout(
  root: string,
  contentType = "text/plain; charset=utf-8",
): { base: string; requests: readonly string[]; close(): Promise<void> } {
  const ac = new AbortController();
  const requests: string[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen() {} },
    async (req) => {
      const path = decodeURIComponent(new URL(req.url).pathname);
      requests.push(path);
      if (path.includes("..")) return new Response("bad path", { status: 400 });
      try {
        const body = await Deno.readFile(`${root.replace(/\/+$/, "")}${path}`);
        return new Response(body, { headers: { "content-type": contentType } });
      } catch {
        return new Response("404: Not Found", { status: 404 });
      }
    },
  );
  return {
    base: `http://127.0.0.1:${server.addr.port}/`,
    requests,
    async close() {
      ac.abort();
      await server.finished;
    },
  };
}
