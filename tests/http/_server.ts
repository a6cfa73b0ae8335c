/**
 * Test plumbing for the HTTP edge tests: a spawned `main.ts serve --http` on a free loopback
 * port with its stderr collected, raw HTTP/1.1 over a TCP socket (for what `fetch` cannot
 * send: a wrong Host, a body cut short, a body sent byte by byte), and raw JSON-RPC posts.
 *
 * @module
 */
import { request as httpRequest } from "node:http";
import { Buffer } from "node:buffer";
import { MAIN, REPO } from "../mcp/_helpers.ts";
import { INIT_PARAMS, spawnHttpServer } from "../_spawn.ts";

/** The `initialize` request of a raw client (the params every test client sends). */
export const INIT = { jsonrpc: "2.0", id: 1, method: "initialize", params: INIT_PARAMS };

export const HEADERS = {
  accept: "application/json, text/event-stream",
  "content-type": "application/json",
  "mcp-protocol-version": "2025-06-18",
};

export function post(
  url: URL,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { ...HEADERS, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** `initialize` over raw fetch; returns the issued session id. */
export async function initialize(url: URL, headers: Record<string, string> = {}): Promise<string> {
  const res = await post(url, INIT, headers);
  await res.body?.cancel();
  const id = res.headers.get("mcp-session-id");
  if (res.status !== 200 || !id) throw new Error(`initialize answered ${res.status}`);
  return id;
}

/** A tools/call as one raw JSON-RPC request. */
export function toolCall(id: number, name: string, args: Record<string, unknown> = {}) {
  return { jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } };
}

/** A loopback port that was free a moment ago (the one place tests and benches pick one). */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

export interface Spawned {
  readonly child: Deno.ChildProcess;
  readonly port: number;
  readonly url: URL;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** Everything it wrote to stdout so far. */
  stdout(): string;
  /** SIGTERM, then waits for the exit status. */
  stop(): Promise<Deno.CommandStatus>;
}

/** The `deno` arguments of `main.ts serve --http --port <port> ...args`. */
export function serveHttpArgs(port: number, args: string[], permissions = ["-A"]): string[] {
  return [
    "run",
    "--unstable-kv",
    ...permissions,
    MAIN,
    "serve",
    "--http",
    "--port",
    String(port),
    ...args,
  ];
}

/**
 * Spawns `main.ts serve --http --port <port> ...args` (a free port unless given) and waits
 * until it listens. `permissions` replaces `-A` (e.g. to run without network permission for
 * 0.0.0.0).
 */
export async function spawnServer(
  args: string[],
  options: { env?: Record<string, string>; permissions?: string[]; port?: number } = {},
): Promise<Spawned> {
  const port = options.port ?? freePort();
  const server = await spawnHttpServer(
    Deno.execPath(),
    serveHttpArgs(port, args, options.permissions),
    { cwd: REPO, env: options.env, collectStdout: true },
  );
  return {
    child: server.child,
    port,
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    stderr: server.log,
    stdout: server.out,
    stop: server.stop,
  };
}

/**
 * Runs `main.ts serve ...args` to completion (for the refusals at start). A server that starts
 * instead of refusing is killed after `limitMs` and reported with code -1.
 */
export async function serveOnce(
  args: string[],
  options: { env?: Record<string, string>; permissions?: string[]; limitMs?: number } = {},
): Promise<{ code: number; err: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--unstable-kv", ...(options.permissions ?? ["-A"]), MAIN, "serve", ...args],
    cwd: REPO,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
    env: { NO_COLOR: "1", ...options.env },
  }).spawn();
  const output = child.output();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((r) => {
    timer = setTimeout(() => r("timeout"), options.limitMs ?? 30_000);
  });
  const first = await Promise.race([child.status, timedOut]);
  clearTimeout(timer);
  if (first === "timeout") child.kill("SIGKILL");
  const r = await output;
  return { code: first === "timeout" ? -1 : r.code, err: new TextDecoder().decode(r.stderr) };
}

/** A raw HTTP/1.1 connection to 127.0.0.1:`port`. */
export class RawConnection {
  readonly #conn: Deno.TcpConn;
  #received = "";
  readonly #closed: Promise<void>;

  private constructor(conn: Deno.TcpConn) {
    this.#conn = conn;
    this.#closed = (async () => {
      const buf = new Uint8Array(16 * 1024);
      const decoder = new TextDecoder();
      for (;;) {
        let n: number | null;
        try {
          n = await conn.read(buf);
        } catch {
          return;
        }
        if (n === null) return;
        this.#received += decoder.decode(buf.subarray(0, n), { stream: true });
      }
    })();
  }

  static async open(port: number): Promise<RawConnection> {
    return new RawConnection(await Deno.connect({ hostname: "127.0.0.1", port }));
  }

  /** Sends text; false when the server has closed the connection. */
  async send(text: string): Promise<boolean> {
    try {
      const bytes = new TextEncoder().encode(text);
      let at = 0;
      while (at < bytes.length) at += await this.#conn.write(bytes.subarray(at));
      return true;
    } catch {
      return false;
    }
  }

  /** Ends the sending side (the server sees the end of the body). */
  async closeWrite(): Promise<void> {
    await this.#conn.closeWrite();
  }

  /** What the server sent so far. */
  get received(): string {
    return this.#received;
  }

  /** The status code of the first response, once it arrived. */
  get status(): number | undefined {
    const m = /^HTTP\/1\.1 (\d{3})/.exec(this.#received);
    return m ? Number(m[1]) : undefined;
  }

  /** Resolves true when the server closed the connection within `ms`, else false. */
  async closedWithin(ms: number): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<false>((r) => timer = setTimeout(() => r(false), ms));
    const closed = this.#closed.then(() => true as const);
    const result = await Promise.race([closed, timeout]);
    clearTimeout(timer);
    return result;
  }

  /** Waits (up to `ms`) until a response status arrived. */
  async response(ms: number): Promise<number | undefined> {
    const until = performance.now() + ms;
    while (this.status === undefined && performance.now() < until) {
      if (await this.closedWithin(20)) break;
    }
    return this.status;
  }

  close(): void {
    try {
      this.#conn.close();
    } catch {
      // already closed
    }
  }
}

/** A raw request head for POST /mcp. */
export function rawHead(
  port: number,
  headers: Record<string, string | number> = {},
  path = "/mcp",
): string {
  const all: Record<string, string | number> = {
    host: `127.0.0.1:${port}`,
    ...HEADERS,
    ...headers,
  };
  return `POST ${path} HTTP/1.1\r\n` +
    Object.entries(all).map(([k, v]) => `${k}: ${v}\r\n`).join("") + "\r\n";
}

/**
 * A POST to `url` sent from the loopback address `localAddress` (e.g. 127.0.0.2), so tests can
 * be several clients as the server sees them (`fetch` cannot choose its source address).
 */
export function postFrom(
  url: URL,
  localAddress: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const { promise, resolve, reject } = Promise.withResolvers<Response>();
  const req = httpRequest({
    host: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    method: "POST",
    localAddress,
    headers: { ...HEADERS, host: url.host, ...headers },
  }, (res) => {
    const chunks: Uint8Array[] = [];
    res.on("data", (c: Uint8Array) => chunks.push(c));
    res.on("error", reject);
    res.on("end", () => {
      const h = new Headers();
      for (const [k, v] of Object.entries(res.headers)) {
        if (typeof v === "string") h.set(k, v);
      }
      // 1xx-2xx statuses without a body (202, 204) cannot carry one in a Response.
      const empty = res.statusCode === 204 || res.statusCode === 202;
      resolve(
        new Response(empty ? null : Buffer.concat(chunks), { status: res.statusCode, headers: h }),
      );
    });
  });
  req.on("error", reject);
  req.end(typeof body === "string" ? body : JSON.stringify(body));
  return promise;
}
