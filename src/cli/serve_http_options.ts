/**
 * The HTTP options of `serve`, checked: what the handler gets, how long shutdown waits, and the
 * reasons the server refuses to start.
 *
 * Why a module of its own: every refusal here protects someone. An empty token would silently
 * turn authentication off; a server bound off loopback without a token would hand every
 * session to anyone who can reach the port; a missing network permission used to end in an
 * uncaught `NotCapable` trace. Each becomes a clear message before anything listens.
 *
 * @module
 */
import {
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_JSON_DEPTH,
  type HttpHandlerOptions,
} from "../http/handler.ts";
import { isLogLevel, LOG_LEVELS } from "../http/access_log.ts";
import { isLoopbackHost, isWildcardHost } from "../http/hosts.ts";
import { parseDuration } from "../session/duration.ts";

/** The `serve` arguments this module reads (as `node:util` parseArgs returns them). */
export interface HttpArgs {
  readonly hostname: string;
  readonly "auth-token"?: string;
  readonly "allow-origin"?: string[];
  readonly "allow-host"?: string[];
  readonly "max-body"?: string;
  readonly "body-timeout"?: string;
  readonly "max-json-depth"?: string;
  readonly "max-sessions-per-client"?: string;
  readonly "tool-calls-per-second"?: string;
  readonly "shutdown-grace"?: string;
  readonly "log-level"?: string;
  readonly "new-sessions-per-minute"?: string;
}

type HandlerPart = Omit<HttpHandlerOptions, "store" | "roots" | "xsdDir" | "config">;

export type HttpOptions =
  | { readonly kind: "ok"; readonly handler: HandlerPart; readonly shutdownGraceMs: number }
  | { readonly kind: "error"; readonly message: string };

export const DEFAULT_MAX_SESSIONS_PER_CLIENT = 100;
export const DEFAULT_TOOL_CALLS_PER_SECOND = 20;
export const DEFAULT_SHUTDOWN_GRACE_MS = 5_000;
/** Sessions one client may create per minute (src/http/churn.ts). */
export const DEFAULT_NEW_SESSIONS_PER_MINUTE = 60;

/** Reads an environment variable; `undefined` when unset or not permitted (set-but-empty is ""). */
function rawEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/**
 * Checks the HTTP options. `useHttp` false still validates them (a typo fails either way) but
 * skips the rules about the listening address.
 */
export function httpOptions(v: HttpArgs, useHttp: boolean): HttpOptions {
  const fail = (message: string): HttpOptions => ({ kind: "error", message });
  const int = (name: keyof HttpArgs, fallback: number, min: number): number | string => {
    const raw = v[name] as string | undefined;
    if (raw === undefined) return fallback;
    const n = Number(raw);
    return Number.isInteger(n) && n >= min
      ? n
      : `--${name} must be an integer ≥ ${min}, got '${raw}'`;
  };
  const duration = (name: keyof HttpArgs, fallback: number): number | string => {
    const raw = v[name] as string | undefined;
    if (raw === undefined) return fallback;
    try {
      const ms = parseDuration(raw);
      return ms > 0 ? ms : `--${name} must be longer than 0`;
    } catch (e) {
      return `--${name}: ${(e as Error).message}`;
    }
  };

  const maxBody = int("max-body", DEFAULT_MAX_BODY_BYTES, 1);
  const depth = int("max-json-depth", DEFAULT_MAX_JSON_DEPTH, 1);
  const sessions = int("max-sessions-per-client", DEFAULT_MAX_SESSIONS_PER_CLIENT, 1);
  const rate = int("tool-calls-per-second", DEFAULT_TOOL_CALLS_PER_SECOND, 1);
  const bodyTimeout = duration("body-timeout", DEFAULT_BODY_TIMEOUT_MS);
  const grace = duration("shutdown-grace", DEFAULT_SHUTDOWN_GRACE_MS);
  const newSessions = int("new-sessions-per-minute", DEFAULT_NEW_SESSIONS_PER_MINUTE, 1);
  for (const x of [maxBody, depth, sessions, rate, bodyTimeout, grace, newSessions]) {
    if (typeof x === "string") return fail(x);
  }

  // The environment is read only when HTTP runs: a stdio server ignores HTTP settings there.
  const env = (name: string) => useHttp ? rawEnv(name) : undefined;
  const level = v["log-level"] ?? (env("IDS_LOG_LEVEL") || "info");
  if (!isLogLevel(level)) {
    return fail(`--log-level must be one of ${LOG_LEVELS.join(", ")}, got '${level}'`);
  }

  const fromFlag = v["auth-token"];
  const token = fromFlag ?? env("IDS_MCP_TOKEN");
  const source = fromFlag !== undefined ? "--auth-token" : "IDS_MCP_TOKEN";
  if (token !== undefined && token.trim() === "") {
    return fail(
      `${source} is empty, which would turn authentication off; give a token (e.g. from ` +
        `'openssl rand -hex 32') or leave ${source} unset`,
    );
  }
  if (token !== undefined && !/^[\x21-\x7e]+$/.test(token)) {
    return fail(`${source} must be visible ASCII characters without spaces`);
  }

  const hostname = v.hostname;
  if (useHttp && !isLoopbackHost(hostname) && token === undefined) {
    return fail(
      `refusing to serve HTTP on '${hostname}' without a token: anyone who can reach it could ` +
        `read and change every session. Set --auth-token (or IDS_MCP_TOKEN), or bind to ` +
        `127.0.0.1 (the default)`,
    );
  }
  const extraHosts = v["allow-host"] ?? [];
  // Bound to every interface, the server cannot know its public names; unless they are
  // listed, any Host passes and the (mandatory) token guards it.
  const allowedHosts = isWildcardHost(hostname)
    ? (extraHosts.length > 0 ? extraHosts : undefined)
    : [hostname, ...extraHosts];

  return {
    kind: "ok",
    shutdownGraceMs: grace as number,
    handler: {
      authToken: token,
      allowedOrigins: v["allow-origin"] ?? [],
      allowedHosts,
      maxBodyBytes: maxBody as number,
      bodyTimeoutMs: bodyTimeout as number,
      maxJsonDepth: depth as number,
      maxSessionsPerClient: sessions as number,
      toolCallsPerSecond: rate as number,
      logLevel: level,
      newSessionsPerMinute: newSessions as number,
    },
  };
}

/** A clear message for a `Deno.serve` that could not listen. */
export function listenFailure(e: unknown, hostname: string, port: number): string {
  const where = `${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`;
  if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
    return `no permission to listen on ${where}: run Deno with --allow-net=${hostname} ` +
      `(deno task start allows only 127.0.0.1 and localhost)`;
  }
  if (e instanceof Deno.errors.AddrInUse) {
    return `cannot listen on ${where}: the port is in use; pick another with --port (0 picks a free one)`;
  }
  if (e instanceof Deno.errors.AddrNotAvailable) {
    return `cannot listen on ${where}: no such address on this machine (--hostname)`;
  }
  return `cannot listen on ${where}: ${(e as Error)?.message ?? e}`;
}
