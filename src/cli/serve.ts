/**
 * CLI sub-command `serve`: the MCP server over stdio (default), Streamable HTTP (`--http`), or
 * both. Everything it logs goes to stderr, because stdout carries the stdio protocol.
 *
 * @module
 */
import { parseArgs } from "node:util";
import process from "node:process";
import { parseDuration, SessionStore } from "../session/kv_store.ts";
import { defaultWriteRoots, resolveRoots } from "../fs/roots.ts";
import { DEFAULT_CONFIG, type ServerConfig } from "../mcp/context.ts";
import { createServer } from "../mcp/server.ts";
import {
  createHttpHandler,
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_MAX_BATCH,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_JSON_DEPTH,
  MCP_PATH,
} from "../http/handler.ts";
import { DEFAULT_MAX_BATCH_REPLY_BYTES, DEFAULT_MAX_REPLY_BYTES } from "../mcp/reply_limit.ts";
import {
  DEFAULT_MAX_SESSIONS_PER_CLIENT,
  DEFAULT_NEW_SESSIONS_PER_MINUTE,
  DEFAULT_REQUESTS_PER_PRINCIPAL,
  DEFAULT_SHUTDOWN_GRACE_MS,
  DEFAULT_TOOL_CALLS_PER_SECOND,
  httpOptions,
  listenFailure,
} from "./serve_http_options.ts";
import { isReservedSessionName } from "../session/http_sessions.ts";
import { isIdsError } from "../ids/errors.ts";
import { readXsdFiles } from "../fs/xsd_load.ts";
import { deliverThroughLine, lineStdin, LineStdioTransport } from "./stdio_lines.ts";
import { unknownOption } from "./command.ts";
import { startMaintenance, storeQuotaOptions } from "./serve_store_options.ts";
import { DEFAULT_HEAVY_LIMITS, type HeavyLimits } from "../mcp/heavy_work.ts";
import { startWarmUp, stopWarmUp } from "../mcp/warm_up.ts";
import { setIoTurns } from "../ids/time_slice.ts";
import { onDenoDeploy } from "../session/kv_location.ts";

const BODY_TIMEOUT_S = DEFAULT_BODY_TIMEOUT_MS / 1000;

const HELP = `ids-mcp serve — run the MCP server

Usage: ids-mcp serve [options]

Transports (stdio when neither is given; both may be given):
  --stdio                 serve MCP over stdin/stdout
  --http                  serve Streamable HTTP at /mcp (plus GET /healthz)
  --hostname HOST         HTTP interface (default 127.0.0.1)
  --port PORT             HTTP port (default 8080; 0 picks a free one)

Sessions:
  --kv PATH|:memory:|URL  Deno.Kv location (env IDS_KV; default ~/.local/share/ids-mcp/sessions.kv)
  --session NAME          stdio session name (default "default"); two stdio servers on one Kv
                          with the same name share the document
  --session-ttl DURATION  sliding session lifetime, e.g. 90s, 30m, 24h (default 24h)
  --call-timeout DURATION time limit of one tool call (default 120s); a call past it answers
                          "timeout" and changes nothing
  --max-session-bytes SIZE
                          stored bytes one session may hold, its document after compression
                          plus stored reports (default 8MiB); more → quota_exceeded
  --max-store-bytes SIZE  stored bytes all sessions on the Kv may hold together (default
                          1GiB; shared by every server on the same Kv); more → quota_exceeded

Files and validation:
  --root DIR              directory tools may read and write files in (repeatable). Default
                          for stdio: read the working directory, write only to
                          ~/.local/share/ids-mcp/exports; for HTTP: no file access
  --xsd-dir DIR           directory with the official ids.xsd (env IDS_XSD_DIR)

HTTP security (a server bound off loopback refuses to start without a token):
  --auth-token TOKEN      require "Authorization: Bearer TOKEN" (env IDS_MCP_TOKEN; an empty
                          token is refused); repeatable: each token is a principal with its
                          own quotas, logged as "token" (one) or token-1, token-2…
  --tokens-file PATH      more tokens, read at start: one per line, "name:token" or a bare
                          token (logged as line-<n>); # comments and blank lines skipped
  --trust-proxy ADDR|CIDR reverse proxy whose X-Forwarded-For is believed (repeatable); the
                          client is the rightmost hop that is not a trusted proxy
  --allow-origin ORIGIN   browser Origin allowed besides localhost (repeatable)
  --allow-host HOST       Host header accepted besides loopback names and --hostname
                          (repeatable; DNS-rebinding protection; bound to 0.0.0.0 or :: without
                          it, any Host is accepted and the token guards the server)

HTTP limits:
  --max-body BYTES        largest request body, HTTP and stdio message (default ${DEFAULT_MAX_BODY_BYTES})
  --body-timeout DURATION time to receive a request body (default ${BODY_TIMEOUT_S}s); slower → 408;
                          also the time a client has to read a reply above 64 KiB
  --max-json-depth N      deepest JSON nesting of a request (default ${DEFAULT_MAX_JSON_DEPTH})
  --max-sessions-per-client N
                          live sessions per principal: per token, or without tokens per
                          client address (IPv6: per /64) (default ${DEFAULT_MAX_SESSIONS_PER_CLIENT}); more → 429
  --new-sessions-per-minute N
                          sessions one client may create per minute (default ${DEFAULT_NEW_SESSIONS_PER_MINUTE},
                          as a burst after a quiet minute); more → 429 with Retry-After
  --tool-calls-per-second N
                          requests per session per second, every JSON-RPC message counted
                          (default ${DEFAULT_TOOL_CALLS_PER_SECOND}, bursts of twice that); more → 429 with Retry-After
  --requests-per-principal N
                          requests per principal per second, all its sessions together
                          (default ${DEFAULT_REQUESTS_PER_PRINCIPAL}, bursts of twice that); more → 429 with Retry-After
  --max-batch N           most messages in one JSON-RPC batch (default ${DEFAULT_MAX_BATCH}); more → 400
  --max-reply BYTES       largest reply to one request, HTTP and stdio (default ${DEFAULT_MAX_REPLY_BYTES});
                          a larger one is replaced by a reply_too_large error
  --max-batch-reply BYTES largest sum of the replies of one HTTP batch (default ${DEFAULT_MAX_BATCH_REPLY_BYTES});
                          replies past it get reply_too_large
  --shutdown-grace DURATION
                          on SIGINT/SIGTERM, or when stdio's input ends, time in-flight
                          requests get before exit (default ${DEFAULT_SHUTDOWN_GRACE_MS / 1000}s)
  --log-level LEVEL       error|warn|info|debug (env IDS_LOG_LEVEL; default info): one JSON
                          line per request on stderr

Heavy work (IFC checks and inspections, IDS loads over 1 MB; stdio and HTTP):
  --max-heavy-calls N     heavy calls running at once (default ${DEFAULT_HEAVY_LIMITS.maxRunning}: the cores, at most 2)
  --heavy-queue N         heavy calls waiting for a slot (default ${DEFAULT_HEAVY_LIMITS.maxQueued}); more, a third one
                          from one session, or over ${
  DEFAULT_HEAVY_LIMITS.maxContentChars / 1024 / 1024
} MiB of ifc_content in flight → "busy"
                          tool error with a retry hint

  -h, --help              show this help`;

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined; // no --allow-env: behave as unset
  }
}

/** `--max-heavy-calls` and `--heavy-queue`, checked; a message when one is wrong. */
function heavyOptions(
  v: { "max-heavy-calls"?: string; "heavy-queue"?: string },
): Partial<HeavyLimits> | string {
  const out: { maxRunning?: number; maxQueued?: number } = {};
  for (
    const [flag, key, min] of [["max-heavy-calls", "maxRunning", 1], [
      "heavy-queue",
      "maxQueued",
      0,
    ]] as const
  ) {
    const raw = v[flag];
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) {
      return `--${flag} must be an integer ≥ ${min}, got '${raw}'`;
    }
    out[key] = n;
  }
  return out;
}

/** Runs `serve` with `args`; resolves with the exit code when every transport has stopped. */
export async function run(args: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args,
      allowPositionals: false,
      options: {
        stdio: { type: "boolean" },
        http: { type: "boolean" },
        hostname: { type: "string", default: "127.0.0.1" },
        port: { type: "string", default: "8080" },
        kv: { type: "string" },
        session: { type: "string", default: "default" },
        "session-ttl": { type: "string", default: "24h" },
        "call-timeout": { type: "string", default: "120s" },
        root: { type: "string", multiple: true },
        "xsd-dir": { type: "string" },
        "auth-token": { type: "string", multiple: true },
        "allow-origin": { type: "string", multiple: true },
        "max-body": { type: "string" },
        "allow-host": { type: "string", multiple: true },
        "body-timeout": { type: "string" },
        "max-json-depth": { type: "string" },
        "max-sessions-per-client": { type: "string" },
        "tool-calls-per-second": { type: "string" },
        "shutdown-grace": { type: "string" },
        "log-level": { type: "string" },
        // Storage quotas (serve_store_options.ts) and session churn (serve_http_options.ts).
        "max-session-bytes": { type: "string" },
        "max-store-bytes": { type: "string" },
        "new-sessions-per-minute": { type: "string" },
        // Heavy work (src/mcp/heavy_work.ts).
        "max-heavy-calls": { type: "string" },
        "heavy-queue": { type: "string" },
        // --- principals, batches and replies (issue 15) ---
        "tokens-file": { type: "string" },
        "trust-proxy": { type: "string", multiple: true },
        "requests-per-principal": { type: "string" },
        "max-batch": { type: "string" },
        "max-reply": { type: "string" },
        "max-batch-reply": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (e) {
    const unknown = (e as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
      ? /'([^']+)'/.exec((e as Error).message)?.[1]
      : undefined;
    if (unknown !== undefined) return unknownOption("serve", unknown, HELP);
    console.error(`ids-mcp serve: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const useHttp = values.http === true;
  const useStdio = values.stdio === true || !useHttp;
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`ids-mcp serve: --port must be 0–65535, got '${values.port}'`);
    return 2;
  }
  const heavy = heavyOptions(values);
  if (typeof heavy === "string") {
    console.error(`ids-mcp serve: ${heavy}`);
    return 2;
  }
  const http = httpOptions(values, useHttp);
  if (http.kind === "error") {
    console.error(`ids-mcp serve: ${http.message}`);
    return 2;
  }
  const quotas = storeQuotaOptions(values);
  if (quotas.kind === "error") {
    console.error(`ids-mcp serve: ${quotas.message}`);
    return 2;
  }
  if (useStdio && isReservedSessionName(values.session)) {
    console.error(
      `ids-mcp serve: --session '${values.session}': names starting with 'http:' belong to ` +
        `HTTP sessions; choose another name`,
    );
    return 2;
  }

  let store: SessionStore;
  let stdioRoots: string[];
  let stdioWriteRoots: string[];
  let httpRoots: string[];
  let ttlMs: number;
  let callTimeoutMs: number;
  try {
    ttlMs = parseDuration(values["session-ttl"]);
    callTimeoutMs = parseDuration(values["call-timeout"]);
    const explicitRoots = values.root ?? [];
    httpRoots = await resolveRoots(explicitRoots);
    // Only stdio defaults to the working directory; HTTP-only (Deno Deploy) never asks for it.
    stdioRoots = explicitRoots.length > 0 || !useStdio
      ? httpRoots
      : await resolveRoots([Deno.cwd()]);
    // Without --root, exports never land in the working directory (often the checkout).
    stdioWriteRoots = explicitRoots.length > 0 || !useStdio ? httpRoots : await defaultWriteRoots();
    const config: ServerConfig = DEFAULT_CONFIG;
    store = await SessionStore.open(values.kv ?? env("IDS_KV"), {
      ttlMs,
      maxDocumentBytes: Math.max(config.maxDocumentBytes * 2, 16 * 1024 * 1024),
      maxSessionBytes: quotas.maxSessionBytes,
      maxStoreBytes: quotas.maxStoreBytes,
    });
  } catch (e) {
    console.error(`ids-mcp serve: ${isIdsError(e) ? e.message : (e as Error).message}`);
    return 1;
  }
  const xsdDir = values["xsd-dir"] ?? env("IDS_XSD_DIR");
  if (xsdDir !== undefined) {
    try {
      // Fail at start rather than on the first export; compiling waits until it is needed.
      await readXsdFiles(xsdDir);
    } catch (e) {
      console.error(`ids-mcp serve: --xsd-dir: ${(e as Error).message}`);
      store.close();
      return 1;
    }
  }
  // Chunks of writes a killed process left behind, and sessions that expired, stop counting.
  const stopMaintenance = startMaintenance(store, (line) => console.error(line));
  const config: ServerConfig = {
    ...DEFAULT_CONFIG,
    callTimeoutMs,
    heavy,
    maxReplyBytes: http.handler.maxReplyBytes,
  };
  const running: Promise<unknown>[] = [];
  const stops: (() => Promise<void>)[] = [];

  if (useHttp) {
    const handler = createHttpHandler({
      store,
      roots: httpRoots,
      xsdDir,
      config,
      ...http.handler,
    });
    let httpServer: Deno.HttpServer;
    try {
      httpServer = Deno.serve({
        hostname: values.hostname,
        port,
        onListen: ({ hostname, port }) => {
          const host = hostname.includes(":") ? `[${hostname}]` : hostname;
          console.error(`ids-mcp: listening on http://${host}:${port}${MCP_PATH}`);
        },
      }, handler);
    } catch (e) {
      console.error(`ids-mcp serve: ${listenFailure(e, values.hostname, port)}`);
      stopMaintenance();
      store.close();
      return 1;
    }
    running.push(httpServer.finished);
    stops.push(() => httpServer.shutdown());
  }

  if (useStdio) {
    const sessionId = values.session;
    try {
      await store.ensure(sessionId);
    } catch (e) {
      console.error(`ids-mcp serve: session '${sessionId}': ${(e as Error).message}`);
      stopMaintenance();
      store.close();
      return 1;
    }
    const server = createServer({
      store,
      sessionId,
      roots: stdioRoots,
      writeRoots: stdioWriteRoots,
      xsdDir,
      config,
      recreateSession: true,
      onReplyRefused: (r) =>
        console.error(
          `ids-mcp: a reply to ${r.method} was larger than --max-reply (${r.limit} bytes); ` +
            `answered reply_too_large instead`,
        ),
    });
    // Our own line transport: the SDK's buffering is quadratic in the message size (see module).
    const maxBody = http.handler.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    // Read with Deno's own reads, not node's process.stdin (twice as fast: stdio_lines.ts).
    const stdin = lineStdin(Deno.stdin, {
      maxLineBytes: maxBody,
      reply: (json) => process.stdout.write(json),
      log: (m) => console.error(m),
      onLongLine: stopWarmUp,
    });
    const transport = new LineStdioTransport(stdin, process.stdout);
    const closed = new Promise<void>((resolve) => {
      // The SDK transport does not notice stdin ending (the client went away); we do, and
      // answer what was asked before it ended (within the shutdown grace) before going.
      let once = false;
      const ended = () => {
        if (once) return;
        once = true;
        const grace = setTimeout(resolve, http.shutdownGraceMs);
        transport.answered().then(() => {
          clearTimeout(grace);
          resolve();
        });
      };
      stdin.once("end", ended);
      stdin.once("close", ended);
    });
    await server.connect(transport);
    console.error(`ids-mcp: serving stdio, session '${sessionId}'`);
    running.push(closed.then(async () => {
      // Without HTTP, the process is done when stdio is.
      if (!useHttp) return;
      await new Promise(() => {});
    }));
    stops.push(() => server.close());
  }

  // Idle until the first request: compile the IDS reading paths and build the tables now.
  if (!onDenoDeploy()) startWarmUp(useStdio ? { deliver: deliverThroughLine } : {});
  // One client, on stdio: heavy work yields through cheap turns (no bystander to serve).
  if (!useHttp) setIoTurns(true);

  // A Kv file deleted or replaced while running is reported once on stderr as soon as it is
  // noticed (writes are refused with store_unavailable and /healthz answers 503 meanwhile).
  const watchStore = setInterval(async () => {
    const health = await store.health().catch(() => ({ ok: true }) as const);
    if (!health.ok) {
      console.error(`ids-mcp: ${health.reason}`);
      clearInterval(watchStore);
    }
  }, 10_000);
  Deno.unrefTimer(watchStore);

  let stopping = false;
  const shutdown = async () => {
    // A second signal while waiting for in-flight requests: exit now.
    if (stopping) Deno.exit(0);
    stopping = true;
    const stopped = Promise.all(stops.map((stop) => stop().catch(() => {})));
    // A hung request must not keep the process alive: after the grace period, exit anyway.
    const { promise: grace, resolve } = Promise.withResolvers<void>();
    const timer = setTimeout(resolve, http.shutdownGraceMs);
    await Promise.race([stopped, grace]);
    clearTimeout(timer);
    stopMaintenance();
    store.close();
    Deno.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    try {
      Deno.addSignalListener(signal, shutdown);
    } catch {
      // not supported on this platform
    }
  }
  await Promise.race(running);
  clearInterval(watchStore);
  for (const stop of stops) await stop().catch(() => {});
  stopMaintenance();
  store.close();
  return 0;
}
