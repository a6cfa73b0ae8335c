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
  DEFAULT_MAX_BATCH,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_JSON_DEPTH,
  type HttpHandlerOptions,
} from "../http/handler.ts";
import {
  duplicateProblem,
  type IpRange,
  type NamedToken,
  parseRange,
  parseTokensFile,
  tokenProblem,
} from "../http/principals.ts";
import { DEFAULT_MAX_BATCH_REPLY_BYTES, DEFAULT_MAX_REPLY_BYTES } from "../mcp/reply_limit.ts";
import { isLogLevel, LOG_LEVELS } from "../http/access_log.ts";
import { isLoopbackHost, isWildcardHost } from "../http/hosts.ts";
import { parseDuration } from "../session/duration.ts";

/** The `serve` arguments this module reads (as `node:util` parseArgs returns them). */
export interface HttpArgs {
  readonly hostname: string;
  readonly "auth-token"?: string[];
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
  // --- principals, batches and replies (issue 15) ---
  readonly "tokens-file"?: string;
  readonly "trust-proxy"?: string[];
  readonly "requests-per-principal"?: string;
  readonly "max-batch"?: string;
  readonly "max-reply"?: string;
  readonly "max-batch-reply"?: string;
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
export const DEFAULT_REQUESTS_PER_PRINCIPAL = 100;
/** Upper bound of --max-reply and --max-batch-reply: far below V8's largest string. */
const MAX_REPLY_CAP = 256 * 1024 * 1024;

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
  const int = (
    name: keyof HttpArgs,
    fallback: number,
    min: number,
    max = Number.MAX_SAFE_INTEGER,
  ): number | string => {
    const raw = v[name] as string | undefined;
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    return max === Number.MAX_SAFE_INTEGER
      ? `--${name} must be an integer ≥ ${min}, got '${raw}'`
      : `--${name} must be an integer from ${min} to ${max}, got '${raw}'`;
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
  const perPrincipal = int("requests-per-principal", DEFAULT_REQUESTS_PER_PRINCIPAL, 1);
  const maxBatch = int("max-batch", DEFAULT_MAX_BATCH, 1);
  const maxReply = int("max-reply", DEFAULT_MAX_REPLY_BYTES, 1024, MAX_REPLY_CAP);
  const maxBatchReply = int("max-batch-reply", DEFAULT_MAX_BATCH_REPLY_BYTES, 1024, MAX_REPLY_CAP);
  for (
    const x of [
      maxBody,
      depth,
      sessions,
      rate,
      bodyTimeout,
      grace,
      newSessions,
      perPrincipal,
      maxBatch,
      maxReply,
      maxBatchReply,
    ]
  ) {
    if (typeof x === "string") return fail(x);
  }
  const trustProxy: IpRange[] = [];
  for (const raw of v["trust-proxy"] ?? []) {
    const range = parseRange(raw);
    if (!range) {
      return fail(
        `--trust-proxy must be an IP address or a CIDR range (e.g. 10.0.0.0/8), got '${raw}'`,
      );
    }
    trustProxy.push(range);
  }

  // The environment is read only when HTTP runs: a stdio server ignores HTTP settings there.
  const env = (name: string) => useHttp ? rawEnv(name) : undefined;
  const level = v["log-level"] ?? (env("IDS_LOG_LEVEL") || "info");
  if (!isLogLevel(level)) {
    return fail(`--log-level must be one of ${LOG_LEVELS.join(", ")}, got '${level}'`);
  }

  const fromFlag = v["auth-token"];
  const flagTokens = fromFlag ?? [];
  const envToken = fromFlag === undefined ? env("IDS_MCP_TOKEN") : undefined;
  const source = fromFlag !== undefined ? "--auth-token" : "IDS_MCP_TOKEN";
  const given = envToken !== undefined ? [envToken] : flagTokens;
  for (const token of given) {
    if (token.trim() === "") {
      return fail(
        `${source} is empty, which would turn authentication off; give a token (e.g. from ` +
          `'openssl rand -hex 32') or leave ${source} unset`,
      );
    }
    if (!/^[\x21-\x7e]+$/.test(token)) {
      return fail(`${source} must be visible ASCII characters without spaces`);
    }
  }
  // One token keeps the name "token"; several are token-1, token-2… in the order given.
  const tokens: NamedToken[] = given.map((token, i) => ({
    name: given.length === 1 ? "token" : `token-${i + 1}`,
    token,
  }));
  const file = v["tokens-file"];
  if (file !== undefined) {
    let text: string;
    try {
      text = Deno.readTextFileSync(file);
    } catch (e) {
      return fail(`--tokens-file: cannot read '${file}': ${(e as Error).name}`);
    }
    try {
      tokens.push(...parseTokensFile(text, `--tokens-file '${file}'`));
    } catch (e) {
      return fail((e as Error).message);
    }
  }
  const dup = duplicateProblem(tokens);
  if (dup) return fail(`tokens: ${dup}`);
  for (const t of tokens) {
    const problem = tokenProblem(t.token);
    if (problem) return fail(`token '${t.name}': ${problem}`);
  }
  const token = tokens.length > 0 ? tokens : undefined;

  const hostname = v.hostname;
  if (useHttp && !isLoopbackHost(hostname) && token === undefined) {
    return fail(
      `refusing to serve HTTP on '${hostname}' without a token: anyone who can reach it could ` +
        `read and change every session. Set --auth-token (or IDS_MCP_TOKEN, or --tokens-file), or bind to ` +
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
      tokens: token,
      allowedOrigins: v["allow-origin"] ?? [],
      allowedHosts,
      maxBodyBytes: maxBody as number,
      bodyTimeoutMs: bodyTimeout as number,
      maxJsonDepth: depth as number,
      maxSessionsPerClient: sessions as number,
      toolCallsPerSecond: rate as number,
      logLevel: level,
      newSessionsPerMinute: newSessions as number,
      // --- principals, batches and replies (issue 15) ---
      trustProxy,
      requestsPerPrincipal: perPrincipal as number,
      maxBatchMessages: maxBatch as number,
      maxReplyBytes: maxReply as number,
      maxBatchReplyBytes: maxBatchReply as number,
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
