/**
 * The HTTP server's structured log: one JSON line per request (and per internal error) on
 * stderr.
 *
 * Why: a hosted endpoint needs to be watched, but stdout may carry the stdio protocol of the
 * same process, and logs must never hold what a client could be hurt by: no session id (only
 * a short hash that links the lines of one session), no token, no document content, no tool
 * arguments. Lines are buffered and written once per event-loop turn, so logging stays cheap
 * under many concurrent requests.
 *
 * @module
 */
import { createHash } from "node:crypto";

export const LOG_LEVELS = ["error", "warn", "info", "debug"] as const;
export type LogLevel = typeof LOG_LEVELS[number];

export function isLogLevel(s: string): s is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(s);
}

/** One request, as logged. */
export interface AccessEntry {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The session id as the client sent or got it; only its hash is written. */
  readonly sessionId?: string;
  /** The tool of a `tools/call` (its name only, never its arguments). */
  readonly tool?: string;
  /** The JSON-RPC method (written at debug level). */
  readonly rpc?: string;
  /** The remote address (written at debug level). */
  readonly client?: string;
  /** The name of the token the request came with (never the token itself). */
  readonly principal?: string;
  /** Why a request was refused (a fixed phrase, never client data). */
  readonly reason?: string;
  readonly durationMs: number;
}

/** Where lines go; stderr by default. Tests pass a collector. */
export type LogSink = (line: string) => void;

export class HttpLog {
  readonly #rank: number;
  readonly #sink: LogSink;

  constructor(level: LogLevel = "info", sink?: LogSink) {
    this.#rank = LOG_LEVELS.indexOf(level);
    this.#sink = sink ?? stderrSink();
  }

  /** Whether lines of `level` are written. */
  enabled(level: LogLevel): boolean {
    return LOG_LEVELS.indexOf(level) <= this.#rank;
  }

  /**
   * Logs a request at info level, or at warn for 4xx and error for 5xx, so `--log-level warn`
   * shows just the refused and failed ones.
   */
  access(e: AccessEntry): void {
    const level: LogLevel = e.status >= 500 ? "error" : e.status >= 400 ? "warn" : "info";
    if (!this.enabled(level)) return;
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      method: e.method,
      path: e.path,
      status: e.status,
    };
    if (e.sessionId) line.session = sessionHash(e.sessionId);
    if (e.principal !== undefined) line.principal = e.principal;
    if (e.tool !== undefined) line.tool = e.tool.slice(0, 64);
    if (e.reason !== undefined) line.reason = e.reason;
    line.ms = Math.round(e.durationMs * 10) / 10;
    if (this.enabled("debug")) {
      if (e.rpc !== undefined) line.rpc = e.rpc.slice(0, 64);
      if (e.client !== undefined) line.client = e.client;
    }
    this.#sink(jsonLine(line));
  }

  /** A message not tied to one request (start-up, internal errors). */
  event(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
    if (!this.enabled(level)) return;
    this.#sink(jsonLine({ time: new Date().toISOString(), level, message, ...fields }));
  }
}

/**
 * One log line as JSON, with U+2028 and U+2029 escaped: JSON allows them raw, but JavaScript
 * before ES2019 and many line-based log tools take them for line ends, which would let a
 * client-chosen tool name split a line (or forge one).
 */
export function jsonLine(fields: Record<string, unknown>): string {
  return JSON.stringify(fields).replace(
    /[\u2028\u2029]/g,
    (c) => c === "\u2028" ? "\\u2028" : "\\u2029",
  );
}

/**
 * A short, stable, one-way name for a session id: the first 12 hex digits of its SHA-256. Lines
 * of one session share it (across restarts and instances); the id (128 random bits) cannot be
 * recovered from it.
 */
export function sessionHash(id: string): string {
  let h = hashes.get(id);
  if (h === undefined) {
    h = createHash("sha256").update(id).digest("hex").slice(0, 12);
    // A session makes many requests: keep recent hashes (bounded; cleared when full).
    if (hashes.size >= 4096) hashes.clear();
    hashes.set(id, h);
  }
  return h;
}

const hashes = new Map<string, string>();

/**
 * Buffers lines and writes them to stderr at most every {@linkcode FLUSH_MS} (a write per
 * request was most of the log's cost per call), and at exit.
 */
function stderrSink(): LogSink {
  let pending: string[] = [];
  const encoder = new TextEncoder();
  const flush = () => {
    if (pending.length === 0) return;
    const bytes = encoder.encode(pending.join("\n") + "\n");
    pending = [];
    try {
      let at = 0;
      while (at < bytes.length) at += Deno.stderr.writeSync(bytes.subarray(at));
    } catch {
      // stderr closed: nothing left to tell
    }
  };
  globalThis.addEventListener("unload", flush);
  return (line) => {
    pending.push(line);
    if (pending.length === 1) setTimeout(flush, FLUSH_MS);
    else if (pending.length >= 512) flush();
  };
}

const FLUSH_MS = 50;
