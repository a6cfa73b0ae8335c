/**
 * The Streamable HTTP endpoint as a plain `(Request, info) => Promise<Response>` for
 * `Deno.serve` (and Deno Deploy). MCP sessions are Kv sessions: `initialize` creates one and
 * returns its `Mcp-Session-Id` (128 random bits, kept in the HTTP key space of the store, see
 * src/session/http_sessions.ts); every later request with that id is checked against the Kv
 * session (no in-memory session state, so the session survives restarts and works across
 * instances sharing the Kv) and served by a pooled server bound to that session for the
 * request: a plain JSON-RPC request through an in-process transport the server stays
 * connected to (direct_transport.ts), anything else (batches, SSE for progress, unusual
 * headers) through a fresh stateless SDK transport. Before the SDK sees a request this layer
 * enforces the Host and Origin checks (DNS-rebinding protection), the optional bearer tokens,
 * the body size, time and nesting limits, the batch size, sessions and requests per principal
 * (principals.ts) and per session, bounds the replies (src/mcp/reply_limit.ts), and writes
 * one access-log line per request (access_log.ts).
 *
 * @module
 */
import { WebStandardStreamableHTTPServerTransport } from "../deps/mcp_sdk.ts";
import {
  isInitializeRequest,
  type JSONRPCMessage,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "../deps/mcp_sdk.ts";
import { DirectTransport } from "./direct_transport.ts";
import { isIdsError } from "../ids/errors.ts";
import type { SessionStore } from "../session/kv_store.ts";
import { httpStoreId, newHttpSessionId } from "../session/http_sessions.ts";
import type { Preloaded, ServerConfig, ToolContext } from "../mcp/context.ts";
import { createServer } from "../mcp/server.ts";
import type { McpServer } from "../deps/mcp_sdk.ts";
import { jsonTooDeep, readBody } from "./body.ts";
import { HttpLog, type LogLevel, type LogSink, sessionHash } from "./access_log.ts";
import { replyBody } from "./reply_body.ts";
import { hostChecker } from "./hosts.ts";
import { CallRateLimiter, SessionsPerClient } from "./limits.ts";
import { ChurnLimiter } from "./churn.ts";
import {
  type IpRange,
  type NamedToken,
  PrincipalResolver,
  tokenProblem,
  TokenSet,
} from "./principals.ts";
import {
  DEFAULT_MAX_BATCH_REPLY_BYTES,
  type RefusedReply,
  ReplyBudget,
} from "../mcp/reply_limit.ts";

export const MCP_PATH = "/mcp";
export const HEALTH_PATH = "/healthz";
export const DEFAULT_MAX_BODY_BYTES = 25 * 1024 * 1024;
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_JSON_DEPTH = 64;
export const DEFAULT_MAX_BATCH = 32;

export interface HttpHandlerOptions {
  readonly store: SessionStore;
  readonly roots: readonly string[];
  readonly xsdDir?: string;
  readonly config: ServerConfig;
  /** Origins allowed besides loopback ones (`http://localhost:*`, 127.0.0.1, [::1]). */
  readonly allowedOrigins?: readonly string[];
  /**
   * `Host` header names accepted besides loopback names (DNS-rebinding protection). Absent:
   * every host is accepted (the CLI always sets it for servers bound to loopback).
   */
  readonly allowedHosts?: readonly string[];
  /** When set (non-empty), every MCP request needs `Authorization: Bearer <token>`. */
  readonly authToken?: string;
  /** Largest request body accepted (default 25 MB); larger → 413. */
  readonly maxBodyBytes?: number;
  /** Time allowed to receive a request body (default 30 s); slower → 408. */
  readonly bodyTimeoutMs?: number;
  /** Deepest JSON nesting of a request body (default 64); deeper → 400 before parsing. */
  readonly maxJsonDepth?: number;
  /** Live sessions one remote address may hold (default: no limit); more → 429. */
  readonly maxSessionsPerClient?: number;
  /**
   * Requests (every JSON-RPC message: tool calls, reads, notifications) per session per
   * second, token bucket (default: no limit); more → 429.
   */
  readonly toolCallsPerSecond?: number;
  /** Bucket size of {@linkcode toolCallsPerSecond} (default: twice the rate, at least 1). */
  readonly toolCallBurst?: number;
  /** Sessions one client may create per minute (default: no limit); more → 429. */
  readonly newSessionsPerMinute?: number;
  // --- principals, batches and replies (issue 15) ---
  /** Bearer tokens besides `authToken`, each a principal logged by its name. */
  readonly tokens?: readonly NamedToken[];
  /** Peers whose `X-Forwarded-For` is believed (`--trust-proxy`; default none). */
  readonly trustProxy?: readonly IpRange[];
  /** Requests (every JSON-RPC message) per principal per second (default: no limit). */
  readonly requestsPerPrincipal?: number;
  /** Bucket size of {@linkcode requestsPerPrincipal} (default: twice the rate, at least 1). */
  readonly principalBurst?: number;
  /** Most messages in one batch (default 32); more → 400. */
  readonly maxBatchMessages?: number;
  /** Largest sum of the replies of one POST (default 16 MiB); later replies → error. */
  readonly maxBatchReplyBytes?: number;
  /** Largest reply to one request; overrides `config.maxReplyBytes`. */
  readonly maxReplyBytes?: number;
  /** Time a client gets to read a reply of more than 64 KiB (default: the body timeout). */
  readonly replyTimeoutMs?: number;
  /** Least severe log level written (default info). */
  readonly logLevel?: LogLevel;
  /** Where log lines go (default: stderr, batched). */
  readonly log?: LogSink;
}

/** The handler, plus how many requests it is running (for tests and health views). */
export type HttpHandler = ((req: Request, info?: Deno.ServeHandlerInfo) => Promise<Response>) & {
  readonly inflight: () => number;
};

/** What the access log learns about a request while it is served. */
interface Note {
  sessionId?: string;
  /** The token's name, when the request came with one. */
  principal?: string;
  tool?: string;
  rpc?: string;
  reason?: string;
}

const LOOPBACK = /^https?:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;

/** Builds the handler. */
export function createHttpHandler(options: HttpHandlerOptions): HttpHandler {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const bodyTimeout = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const maxDepth = options.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH;
  const allowed = new Set(options.allowedOrigins ?? []);
  const hostOk = hostChecker(options.allowedHosts);
  const log = new HttpLog(options.logLevel ?? "info", options.log);
  if (options.authToken !== undefined && options.authToken.trim() === "") {
    // An empty token would mean "no auth" to a truthiness check: refuse it outright.
    throw new Error("authToken is empty; leave it undefined to serve without authentication");
  }
  for (const t of options.tokens ?? []) {
    const problem = tokenProblem(t.token);
    if (problem) throw new Error(`token '${t.name}': ${problem}`);
  }
  const allTokens = [
    ...(options.authToken !== undefined ? [{ name: "token", token: options.authToken }] : []),
    ...(options.tokens ?? []),
  ];
  const tokens = allTokens.length > 0 ? new TokenSet(allTokens) : undefined;
  const principals = new PrincipalResolver(options.trustProxy);
  const maxBatch = options.maxBatchMessages ?? DEFAULT_MAX_BATCH;
  const maxBatchReply = options.maxBatchReplyBytes ?? DEFAULT_MAX_BATCH_REPLY_BYTES;
  const replyTimeout = options.replyTimeoutMs ?? bodyTimeout;
  const principalRate = options.requestsPerPrincipal === undefined
    ? undefined
    : new CallRateLimiter(
      options.requestsPerPrincipal,
      options.principalBurst ?? Math.max(1, options.requestsPerPrincipal * 2),
    );
  let lastHealth = "";
  const perClient = options.maxSessionsPerClient === undefined
    ? undefined
    : new SessionsPerClient(options.maxSessionsPerClient, options.store.ttlMs);
  const rate = options.toolCallsPerSecond === undefined ? undefined : new CallRateLimiter(
    options.toolCallsPerSecond,
    options.toolCallBurst ?? Math.max(1, options.toolCallsPerSecond * 2),
  );

  const churn = options.newSessionsPerMinute === undefined
    ? undefined
    : new ChurnLimiter(options.newSessionsPerMinute);
  const pool = new ServerPool(options);
  const direct = new DirectPool(options);
  /** A reply replaced by reply_too_large: on the access line and as a warning of its own. */
  const refusedReply = (note: Note) => (r: RefusedReply) => {
    note.reason = r.which === "batch" ? "batch reply too large" : "reply too large";
    log.event("warn", "reply refused", {
      rpc: r.method,
      limit: r.limit,
      which: r.which,
      ...(note.sessionId ? { session: sessionHash(note.sessionId) } : {}),
    });
  };
  const inflight = new InFlightRequests();

  const handler = async (req: Request, info?: Deno.ServeHandlerInfo): Promise<Response> => {
    const start = performance.now();
    const note: Note = {};
    const path = pathOf(req.url);
    const peer = clientOf(info);
    const client = path === MCP_PATH
      ? principals.clientAddress(peer, req.headers.get("x-forwarded-for"))
      : peer;
    const res = await route(req, path, client, note);
    log.access({
      method: req.method,
      path: path.length > 200 ? path.slice(0, 200) + "…" : path,
      status: res.status,
      sessionId: note.sessionId,
      principal: note.principal,
      tool: note.tool,
      rpc: note.rpc,
      reason: note.reason,
      client,
      durationMs: performance.now() - start,
    });
    return res;
  };

  async function route(req: Request, path: string, client: string, note: Note) {
    if (path === HEALTH_PATH) {
      if (req.method !== "GET" && req.method !== "HEAD") return methodNotAllowed("GET");
      // Public (no token, no Host check): the status only. The reason names server paths,
      // so it goes to the log, once per change.
      const health = await options.store.health();
      const reason = health.ok ? "" : health.reason;
      if (reason !== lastHealth) {
        lastHealth = reason;
        if (reason) log.event("error", "store unavailable", { reason });
        else log.event("info", "store available again");
      }
      return health.ok
        ? Response.json({ status: "ok" })
        : Response.json({ status: "unavailable" }, { status: 503 });
    }
    if (path !== MCP_PATH) {
      return jsonError(404, -32000, `not found: ${path}; the MCP endpoint is ${MCP_PATH}`);
    }
    const host = req.headers.get("host");
    if (!hostOk(host)) {
      note.reason = "host not allowed";
      return jsonError(
        403,
        -32000,
        `Host '${host ?? ""}' is not allowed (DNS-rebinding protection); ` +
          `the server operator can allow it with --allow-host`,
      );
    }
    const origin = req.headers.get("origin");
    if (origin !== null && !LOOPBACK.test(origin) && !allowed.has(origin)) {
      note.reason = "origin not allowed";
      return jsonError(403, -32000, `Origin '${origin}' is not allowed`);
    }
    let principal: string;
    if (tokens) {
      const name = tokens.match(req.headers.get("authorization"));
      if (name === undefined) {
        note.reason = "unauthorized";
        return jsonError(401, -32000, "missing or wrong bearer token", {
          "WWW-Authenticate": 'Bearer realm="ids-mcp"',
        });
      }
      note.principal = name;
      principal = `token:${name}`;
    } else {
      principal = principals.addressPrincipal(client);
    }
    try {
      switch (req.method) {
        case "POST":
          return await handlePost(req, principal, note);
        case "DELETE":
          return await handleDelete(req, note);
        case "GET":
          // No server-initiated stream: every reply rides on its POST.
          return methodNotAllowed("POST, DELETE");
        default:
          return methodNotAllowed("POST, DELETE");
      }
    } catch (e) {
      // The store cannot keep writes (Kv file deleted or replaced): say so, as /healthz does.
      if (isIdsError(e, "store_unavailable")) {
        note.reason = "store_unavailable";
        return jsonError(503, -32000, e.message);
      }
      // The error's name and stack frames only: its message may quote client data.
      const err = e as Error;
      log.event("error", "request failed", {
        method: req.method,
        path,
        error: err?.name ?? String(e),
        stack: err?.stack?.split("\n").slice(1, 8).map((l) => l.trim()),
      });
      return jsonError(500, -32603, "internal error");
    }
  }

  return Object.assign(handler, { inflight: () => inflight.size });

  /**
   * Takes `n` requests from `key`'s bucket; a 429 (with `Retry-After` when waiting helps) when
   * they do not fit.
   */
  function rateRefusal(
    limiter: CallRateLimiter,
    key: string,
    n: number,
    scope: "principal" | "session",
    note: Note,
    clientId?: string,
  ): Response | undefined {
    const headers: Record<string, string> = clientId ? { "mcp-session-id": clientId } : {};
    const per = scope === "session" ? "per session" : tokens ? "per token" : "per client address";
    if (n > limiter.burst) {
      note.reason = "rate limited";
      return jsonError(
        429,
        -32000,
        `a batch of ${n} messages exceeds the burst of ${limiter.burst} requests ${per}; ` +
          `send at most ${limiter.burst} at once`,
        headers,
      );
    }
    const wait = limiter.take(key, n);
    if (wait === 0) return undefined;
    note.reason = "rate limited";
    return jsonError(
      429,
      -32000,
      `too many requests (limit ${limiter.ratePerSecond}/s ${per}; every JSON-RPC message ` +
        `counts, notifications included); retry in ${wait} s`,
      { "retry-after": String(wait), ...headers },
    );
  }

  async function handlePost(req: Request, principal: string, note: Note): Promise<Response> {
    const read = await readBody(req, maxBody, bodyTimeout);
    switch (read.kind) {
      case "too_large":
        note.reason = "body too large";
        return closingError(413, `request body larger than ${maxBody} bytes`, read.release);
      case "timeout":
        note.reason = "body timeout";
        return closingError(
          408,
          `request body not received within ${bodyTimeout} ms`,
          read.release,
        );
      case "aborted":
        note.reason = "body cut short";
        // The client ended its side already: the connection closes after this answer.
        return jsonError(400, -32000, `request body incomplete: ${read.reason}`);
    }
    if (jsonTooDeep(read.text, maxDepth)) {
      note.reason = "json too deep";
      return jsonError(400, -32600, `request JSON nested deeper than ${maxDepth} levels`);
    }
    let body: unknown;
    try {
      body = JSON.parse(read.text);
    } catch (e) {
      return jsonError(400, -32700, `Parse error: ${(e as Error).message}`);
    }
    const messages = Array.isArray(body) ? body : [body];
    describe(messages, note);
    if (messages.length > maxBatch) {
      note.reason = "batch too large";
      return jsonError(
        400,
        -32600,
        `a batch of ${messages.length} messages exceeds the server's limit of ${maxBatch} ` +
          `(--max-batch); send them in smaller batches`,
      );
    }
    // Every message counts (reads, notifications, initialize), not only tool calls.
    if (principalRate) {
      const refused = rateRefusal(principalRate, principal, messages.length, "principal", note);
      if (refused) return refused;
    }
    let clientId = req.headers.get("mcp-session-id");
    let sessionId: string;
    let preloaded: Preloaded | undefined;
    if (messages.some(isInitialize)) {
      if (messages.length > 1) {
        return jsonError(400, -32600, "initialize must be sent alone, not in a batch");
      }
      if (perClient && !perClient.allows(principal)) {
        note.reason = "too many sessions";
        return jsonError(
          429,
          -32000,
          `too many sessions for this ${tokens ? "token" : "client address"} (limit ` +
            `${perClient.max}); end unused ones with DELETE ${MCP_PATH} or wait until they expire`,
        );
      }
      const churnWait = churn?.take(principal) ?? 0;
      if (churnWait > 0) {
        note.reason = "session churn";
        return jsonError(
          429,
          -32000,
          `too many sessions created by this ${tokens ? "token" : "client address"} (limit ${
            churn!.perMinute
          } per minute); ` +
            `reuse a session, or retry in ${churnWait} s`,
          { "retry-after": String(churnWait) },
        );
      }
      clientId = newHttpSessionId();
      sessionId = httpStoreId(clientId)!;
      // Counted before the Kv write, so concurrent initializes cannot pass the limit together.
      perClient?.opened(principal, sessionId);
      try {
        await options.store.create(sessionId);
      } catch (e) {
        perClient?.closed(sessionId);
        throw e;
      }
      note.sessionId = clientId;
    } else {
      if (!clientId) {
        return jsonError(400, -32000, "Bad Request: Mcp-Session-Id header is required");
      }
      note.sessionId = clientId;
      const storeId = httpStoreId(clientId);
      // Only ids this server issued: never a stdio session name, never a guessed one.
      if (storeId === undefined) return sessionNotFound();
      sessionId = storeId;
      const loaded = await options.store.loadSnapshot(sessionId);
      if (!loaded) {
        perClient?.closed(sessionId);
        return sessionNotFound();
      }
      perClient?.used(sessionId);
      if (rate) {
        const refused = rateRefusal(rate, sessionId, messages.length, "session", note, clientId);
        if (refused) return refused;
      }
      // One message only: in a batch a later call must see an earlier call's writes.
      if (messages.length === 1) preloaded = { doc: loaded.doc, snapshot: loaded.snapshot };
    }
    const idHeader = { "mcp-session-id": clientId };
    if (messages.length === 1 && isCancel(messages[0])) {
      // The request being cancelled runs on another (per-request) server: route it there.
      inflight.cancel(sessionId, messages[0]);
      return new Response(null, { status: 202, headers: idHeader });
    }
    if (messages.length === 1 && isDirect(req, messages[0])) {
      return await serveDirect(sessionId, clientId, messages[0], preloaded, principal, note);
    }
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      // Plain JSON unless a call asks for progress, which needs an SSE stream.
      enableJsonResponse: !messages.some(wantsProgress),
    });
    const lease = pool.acquire(sessionId, messages.every(isPoolSafe), preloaded);
    lease.slot.principal = principal;
    lease.slot.budget = new ReplyBudget(maxBatchReply);
    lease.slot.onRefused = refusedReply(note);
    const failed = Promise.withResolvers<"failed">();
    lease.slot.onSendFailed = () => failed.resolve("failed");
    const server = lease.server;
    await server.connect(transport);
    const flight = inflight.start(sessionId, messages, transport);
    let res: Response;
    try {
      // The body was read above; the transport takes it as parsedBody. A cancelled call
      // never gets a reply from the SDK, so the cancellation ends the wait instead; a reply
      // the SDK failed to send would never come either.
      const answered = await Promise.race([
        transport.handleRequest(req, { parsedBody: body }),
        flight.cancelled,
        failed.promise,
      ]);
      if (answered === "failed") {
        inflight.end(flight);
        lease.reusable = false;
        await server.close().catch(() => {});
        pool.release(lease);
        note.reason = "reply not sent";
        log.event("error", "reply could not be sent", { rpc: note.rpc });
        return jsonError(500, -32603, "internal error: the reply could not be sent", idHeader);
      }
      if (answered === "cancelled") {
        inflight.end(flight);
        // The cancelled handler may still be unwinding: never lend this server out again.
        lease.reusable = false;
        await server.close();
        pool.release(lease);
        return new Response(null, { status: 204, headers: idHeader });
      }
      res = answered;
    } catch (e) {
      inflight.end(flight);
      lease.reusable = false;
      await server.close().catch(() => {});
      throw e;
    }
    res.headers.set("mcp-session-id", clientId);
    if (!(res.headers.get("content-type") ?? "").includes("text/event-stream")) {
      inflight.end(flight);
      // JSON (or 202) replies are complete once handleRequest returns. Close the server on a
      // later turn: by then the SDK has finished its per-request bookkeeping, so closing does
      // not abort (and allocate errors for) handlers that already answered.
      pool.closeLater(lease);
      if (res.body === null) return res;
      const bytes = new Uint8Array(await res.arrayBuffer());
      return new Response(replyBody(bytes, replyTimeout), {
        status: res.status,
        headers: res.headers,
      });
    }
    // SSE: the transport closes the stream after the last response; then close the server.
    const [forClient, forClose] = res.body!.tee();
    flight.cancelled.then(() => {
      lease.reusable = false;
      return server.close();
    }).catch(() => {});
    (async () => {
      const reader = forClose.getReader();
      while (!(await reader.read()).done) { /* drain */ }
      inflight.end(flight);
      await server.close();
      pool.release(lease);
    })().catch(() => {});
    return new Response(forClient, { status: res.status, headers: res.headers });
  }

  /**
   * One plain JSON-RPC request (or notification) on a pooled server that stays connected to a
   * {@linkcode DirectTransport}: the same server code and checks as the SDK transport's JSON
   * mode, without building and tearing down a transport per request.
   */
  async function serveDirect(
    sessionId: string,
    clientId: string,
    message: DirectMessage,
    preloaded: Preloaded | undefined,
    principal: string,
    note: Note,
  ): Promise<Response> {
    const lease = await direct.acquire(sessionId, isPoolSafe(message), preloaded);
    lease.slot.principal = principal;
    lease.slot.onRefused = refusedReply(note);
    const headers = { "mcp-session-id": clientId };
    if (message.id === undefined) {
      lease.transport.notify(message as JSONRPCMessage);
      direct.release(lease);
      return new Response(null, { status: 202, headers });
    }
    const request = message as JSONRPCMessage & { id: string | number };
    const flight = inflight.start(sessionId, [request], lease.transport);
    let answered: JSONRPCMessage | "cancelled";
    try {
      answered = await Promise.race([lease.transport.request(request), flight.cancelled]);
    } catch (e) {
      inflight.end(flight);
      lease.reusable = false;
      direct.release(lease);
      throw e;
    }
    inflight.end(flight);
    if (answered === "cancelled") {
      // The cancelled handler may still be unwinding: never lend this server out again.
      lease.reusable = false;
      direct.release(lease);
      return new Response(null, { status: 204, headers });
    }
    direct.release(lease);
    const bytes = new TextEncoder().encode(JSON.stringify(answered));
    return new Response(replyBody(bytes, replyTimeout), {
      status: 200,
      headers: { "content-type": "application/json", ...headers },
    });
  }

  async function handleDelete(req: Request, note: Note): Promise<Response> {
    const clientId = req.headers.get("mcp-session-id");
    if (!clientId) return jsonError(400, -32000, "Bad Request: Mcp-Session-Id header is required");
    note.sessionId = clientId;
    const sessionId = httpStoreId(clientId);
    if (sessionId === undefined) return sessionNotFound();
    perClient?.closed(sessionId);
    const deleted = await options.store.delete(sessionId);
    return deleted ? new Response(null, { status: 200 }) : sessionNotFound();
  }
}

/** The remote address a request came from ("unknown" off TCP, e.g. in tests without info). */
function clientOf(info: Deno.ServeHandlerInfo | undefined): string {
  const addr = info?.remoteAddr as Deno.Addr | undefined;
  return addr && (addr.transport === "tcp" || addr.transport === "udp") ? addr.hostname : "unknown";
}

/** Notes the JSON-RPC method and, for a tool call, the tool name (never arguments). */
function describe(messages: readonly unknown[], note: Note): void {
  const first = messages[0] as { method?: unknown; params?: { name?: unknown } } | null;
  if (typeof first?.method === "string") note.rpc = first.method;
  for (const m of messages) {
    if (isToolCall(m)) {
      const name = (m as { params?: { name?: unknown } }).params?.name;
      note.tool = typeof name === "string" ? name : "?";
      return;
    }
  }
}

function isToolCall(message: unknown): boolean {
  return (message as { method?: unknown } | null)?.method === "tools/call";
}

/** Where a cancellation is delivered: the transport the cancelled request came in on. */
interface MessageSink {
  onmessage?: (message: JSONRPCMessage) => void;
}

/** One POST being served: its transport and the request ids it carries. */
interface Flight {
  readonly sessionId: string;
  readonly transport: MessageSink;
  readonly pending: Set<string>;
  /** Resolves with "cancelled" once every request of the POST was cancelled. */
  readonly cancelled: Promise<"cancelled">;
  readonly resolve: (v: "cancelled") => void;
}

/**
 * Requests in progress on this instance, by session and JSON-RPC id, so that a
 * `notifications/cancelled` (which arrives in its own POST) reaches the server running the
 * request. Cancelling on another instance sharing the Kv is not supported.
 */
class InFlightRequests {
  readonly #byKey = new Map<string, Flight>();

  start(
    sessionId: string,
    messages: unknown[],
    transport: MessageSink,
  ): Flight {
    const { promise, resolve } = Promise.withResolvers<"cancelled">();
    const flight: Flight = {
      sessionId,
      transport,
      pending: new Set(),
      cancelled: promise,
      resolve,
    };
    for (const m of messages) {
      const id = (m as { id?: unknown } | null)?.id;
      if (id === undefined || id === null) continue;
      const key = keyOf(sessionId, id);
      flight.pending.add(key);
      this.#byKey.set(key, flight);
    }
    return flight;
  }

  end(flight: Flight): void {
    for (const key of flight.pending) {
      if (this.#byKey.get(key) === flight) this.#byKey.delete(key);
    }
  }

  cancel(sessionId: string, message: unknown): void {
    const requestId = (message as { params?: { requestId?: unknown } }).params?.requestId;
    const key = keyOf(sessionId, requestId);
    const flight = this.#byKey.get(key);
    if (!flight) return;
    this.#byKey.delete(key);
    flight.pending.delete(key);
    // Aborts the handler's signal inside the SDK (the tool sees `extra.signal`).
    flight.transport.onmessage?.(message as JSONRPCMessage);
    if (flight.pending.size === 0) flight.resolve("cancelled");
  }

  get size(): number {
    return this.#byKey.size;
  }
}

function keyOf(sessionId: string, id: unknown): string {
  return `${sessionId}\u0000${JSON.stringify(id)}`;
}

function isCancel(message: unknown): boolean {
  return (message as { method?: unknown } | null)?.method === "notifications/cancelled";
}

/**
 * Building an McpServer with every tool costs about 1.5 ms, more than a whole tool call, so
 * servers are reused: each is bound to one request at a time through a mutable session slot
 * in its ToolContext (tools read `ctx.sessionId` at call time). A server that handled a
 * request which leaves client state in it (initialize, logging/setLevel…) is not reused.
 */
class ServerPool {
  readonly #idle: Lease[] = [];
  readonly #max = 64;
  constructor(private readonly options: HttpHandlerOptions) {}

  acquire(sessionId: string, reusable: boolean, preloaded?: Preloaded): Lease {
    const lease = this.#idle.pop() ?? this.#create();
    lease.slot.sessionId = sessionId;
    lease.slot.preloaded = preloaded;
    lease.reusable = reusable;
    return lease;
  }

  #closing: Lease[] = [];

  /** Closes `lease`'s server on the next timer turn, batched, then returns it to the pool. */
  closeLater(lease: Lease): void {
    this.#closing.push(lease);
    if (this.#closing.length > 1) return;
    setTimeout(() => {
      const batch = this.#closing;
      this.#closing = [];
      for (const l of batch) l.server.close().then(() => this.release(l), () => {});
    }, 0);
  }

  release(lease: Lease): void {
    unbind(lease.slot);
    if (lease.reusable && this.#idle.length < this.#max) this.#idle.push(lease);
  }

  #create(): Lease {
    return { ...boundServer(this.options), reusable: true };
  }
}

interface Slot {
  sessionId: string;
  /** The session read that proved the id live, reused by the request's first document read. */
  preloaded?: Preloaded;
  /** Who the request counts against (ToolContext.principal). */
  principal?: string;
  /** The replies of the request so far (a batch shares one). */
  budget?: ReplyBudget;
  onRefused?: (r: RefusedReply) => void;
  /** The SDK could not send a reply (the request would never be answered). */
  onSendFailed?: () => void;
}

/** Forgets the request a pooled server served. */
function unbind(slot: Slot): void {
  slot.preloaded = undefined;
  slot.principal = undefined;
  slot.budget = undefined;
  slot.onRefused = undefined;
  slot.onSendFailed = undefined;
}

interface Lease {
  readonly server: McpServer;
  readonly slot: Slot;
  reusable: boolean;
}

/**
 * Pooled servers for {@linkcode serveDirect}: each is connected once to its own
 * {@linkcode DirectTransport} and bound to one request at a time through its session slot.
 */
class DirectPool {
  readonly #idle: DirectLease[] = [];
  readonly #max = 64;
  constructor(private readonly options: HttpHandlerOptions) {}

  async acquire(sessionId: string, reusable: boolean, preloaded?: Preloaded): Promise<DirectLease> {
    const lease = this.#idle.pop() ?? await this.#create();
    lease.slot.sessionId = sessionId;
    lease.slot.preloaded = preloaded;
    lease.reusable = reusable;
    return lease;
  }

  /** Back to the pool, or closed when it may hold client state or a cancelled call. */
  release(lease: DirectLease): void {
    unbind(lease.slot);
    if (lease.reusable && this.#idle.length < this.#max) {
      this.#idle.push(lease);
    } else {
      lease.server.close().catch(() => {});
    }
  }

  async #create(): Promise<DirectLease> {
    const { server, slot } = boundServer(this.options);
    const transport = new DirectTransport();
    await server.connect(transport);
    return { server, slot, transport, reusable: true };
  }
}

interface DirectLease extends Lease {
  readonly transport: DirectTransport;
}

/** A server whose tools act on whatever session its slot holds at call time. */
function boundServer(o: HttpHandlerOptions): { server: McpServer; slot: Slot } {
  const slot: Slot = { sessionId: "" };
  const ctx: ToolContext = {
    store: o.store,
    get sessionId() {
      return slot.sessionId;
    },
    get principal() {
      return slot.principal;
    },
    replyBudget: () => slot.budget,
    onReplyRefused: (r) => slot.onRefused?.(r),
    takePreloaded: () => {
      const p = slot.preloaded;
      slot.preloaded = undefined;
      return p;
    },
    roots: o.roots,
    xsdDir: o.xsdDir,
    config: o.maxReplyBytes === undefined
      ? o.config
      : { ...o.config, maxReplyBytes: o.maxReplyBytes },
  };
  const server = createServer(ctx);
  server.server.onerror = (e) => {
    if (/^Failed to send (an error )?response/.test(e.message)) slot.onSendFailed?.();
  };
  return { server, slot };
}

/** A single JSON-RPC request or notification, as far as {@linkcode isDirect} checked it. */
interface DirectMessage {
  readonly jsonrpc: "2.0";
  readonly method: string;
  readonly id?: string | number;
  readonly params?: Record<string, unknown>;
}

const PROTOCOL_VERSIONS: ReadonlySet<string> = new Set(SUPPORTED_PROTOCOL_VERSIONS);
/** The keys of a JSON-RPC request or notification (the SDK refuses any other). */
const DIRECT_KEYS: ReadonlySet<string> = new Set(["jsonrpc", "id", "method", "params"]);

/**
 * True for the common request {@linkcode serveDirect} handles: headers the SDK transport would
 * accept (Accept lists JSON and SSE, Content-Type is JSON, a supported protocol version) and
 * one well-formed request or notification that wants no progress stream. Anything else goes
 * through the SDK transport, which gives the unusual cases their exact SDK answers (406, 415,
 * 400 with its messages, batches, SSE).
 */
function isDirect(req: Request, message: unknown): message is DirectMessage {
  if (message === null || typeof message !== "object" || Array.isArray(message)) return false;
  const m = message as Record<string, unknown>;
  if (m.jsonrpc !== "2.0" || typeof m.method !== "string" || m.method === "initialize") {
    return false;
  }
  // The SDK's message schemas are strict: a request with another key (or a `_meta` it does not
  // accept) is no request to its Protocol, which drops it without an answer, so the HTTP
  // request would hang. The SDK transport refuses such a message with a 400 instead.
  for (const key in m) if (!DIRECT_KEYS.has(key)) return false;
  const id = m.id;
  if (id !== undefined && typeof id !== "string" && !Number.isSafeInteger(id)) return false;
  const params = m.params;
  if (
    params !== undefined && (params === null || typeof params !== "object" || Array.isArray(params))
  ) {
    return false;
  }
  // A progress token (which needs SSE) or any other `_meta`: the SDK transport checks it.
  if (params !== undefined && "_meta" in params) return false;
  const h = req.headers;
  const accept = h.get("accept");
  if (!accept?.includes("application/json") || !accept.includes("text/event-stream")) return false;
  const type = h.get("content-type");
  if (type === null || type.split(";", 1)[0].trim().toLowerCase() !== "application/json") {
    return false;
  }
  const version = h.get("mcp-protocol-version");
  return version === null || PROTOCOL_VERSIONS.has(version);
}

/** The path of a request URL without building a URL object (this runs for every request). */
function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  const end = url.slice(start).search(/[?#]/);
  return end < 0 ? url.slice(start) : url.slice(start, start + end);
}

function isInitialize(message: unknown): boolean {
  return (message as { method?: unknown } | null)?.method === "initialize" &&
    isInitializeRequest(message);
}

/** Requests after which a server holds nothing of the client (stateless calls). */
const POOL_SAFE = new Set([
  "tools/call",
  "tools/list",
  "resources/list",
  "resources/read",
  "resources/templates/list",
  "prompts/list",
  "ping",
  "notifications/initialized",
  "notifications/cancelled",
]);

function isPoolSafe(message: unknown): boolean {
  const method = (message as { method?: unknown } | null)?.method;
  return typeof method !== "string" || POOL_SAFE.has(method);
}

function wantsProgress(message: unknown): boolean {
  const m = message as { params?: { _meta?: { progressToken?: unknown } } } | null;
  return m?.params?._meta?.progressToken !== undefined;
}

function jsonError(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/**
 * A JSON-RPC error whose body fails after its content, which makes Deno.serve drop the
 * connection (it has no other way to close one and ignores `Connection: close`). Used where
 * the connection is no good any more (a body refused, too slow or cut short), so a client
 * cannot keep it open, or make the server drain gigabytes, after its request was answered.
 * `release` runs first: the body stream must be released for the drop to happen.
 */
function closingError(
  status: number,
  message: string,
  release?: () => Promise<void>,
): Response {
  const bytes = new TextEncoder().encode(
    JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }),
  );
  let sent = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(c) {
      if (!sent) {
        sent = true;
        c.enqueue(bytes);
        return;
      }
      await release?.();
      // Deno prints the stream's error on stderr whatever the log level; a string is printed
      // as it is, so it becomes a log line of the same shape as the others.
      c.error(JSON.stringify({
        time: new Date().toISOString(),
        level: "warn",
        message: "connection dropped after a refused request body",
        status,
      }));
    },
  });
  return new Response(body, { status, headers: { "content-type": "application/json" } });
}

function sessionNotFound(): Response {
  return jsonError(404, -32001, "Session not found (unknown or expired); initialize a new one");
}

function methodNotAllowed(allow: string): Response {
  return new Response(
    JSON.stringify({
      jsonrpc: "2.0",
      error: { code: -32000, message: "Method not allowed" },
      id: null,
    }),
    { status: 405, headers: { allow, "content-type": "application/json" } },
  );
}
