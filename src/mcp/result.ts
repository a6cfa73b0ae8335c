/**
 * Turning tool outcomes into MCP `CallToolResult`s: a JSON object as `structuredContent` plus a
 * text copy for clients that only read `content`, and errors as results with `isError: true`
 * (never protocol errors) so the agent sees an actionable message and can retry.
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { stopWarmUp } from "./warm_up.ts";
import type { CallToolResult, McpServer } from "../deps/mcp_sdk.ts";
import { IdsError } from "../ids/errors.ts";
import { isDamagedStoreError } from "../session/kv_file.ts";

/** A successful tool result carrying `value` both structured and as JSON text. */
export function ok<T extends Record<string, unknown>>(value: T): CallToolResult {
  return {
    content: [{ type: "text", text: JSON.stringify(value) }],
    structuredContent: value,
  };
}

/**
 * A failed tool result: `code: message` as text, then the issues behind it (line, path). No
 * structuredContent, so the SDK does not check it against the output schema.
 */
export function fail(error: unknown): CallToolResult {
  if (isDamagedStoreError(error)) {
    return errorText(
      `store_unavailable: the session store is damaged (${(error as Error).message}); ` +
        `restart the server: it names the file and how to move it aside`,
    );
  }
  if (!(error instanceof IdsError)) {
    const io = Object.values(Deno.errors).some((E) => error instanceof E);
    const message = error instanceof Error ? error.message : String(error);
    // Deno appends ": <syscall> '<absolute path>'": the server's layout is not the client's business.
    return errorText(io ? `io: ${message.replace(/:\s.*$/s, "")}` : `internal_error: ${message}`);
  }
  const lines = [`${error.code}: ${error.message}`];
  const repeated = error.issues.length === 1 && error.message.includes(error.issues[0].message);
  for (const issue of repeated ? [] : error.issues.slice(0, 50)) {
    const where = [issue.line !== undefined ? `line ${issue.line}` : "", issue.path ?? ""]
      .filter(Boolean).join(" ");
    lines.push(`- ${where ? where + ": " : ""}${issue.message}`);
  }
  if (error.issues.length > 50) lines.push(`- … and ${error.issues.length - 50} more`);
  return errorText(lines.join("\n"));
}

function errorText(text: string): CallToolResult {
  return { content: [{ type: "text", text }], isError: true };
}

/** Runs a tool body, mapping any thrown error to an `isError` result. */
export async function runTool<T extends Record<string, unknown>>(
  body: () => T | Promise<T>,
): Promise<CallToolResult> {
  stopWarmUp();
  try {
    return ok(await body());
  } catch (error) {
    return fail(error);
  }
}

/** Default time limit of one tool call (`serve --call-timeout`). */
export const DEFAULT_CALL_TIMEOUT_MS = 120_000;
/** After the limit, how long a call may still take to stop at its next check before we answer. */
const STOP_GRACE_MS = 1_000;

/** The running call's limit: its abort signal and the wall-clock deadline. */
export interface CallLimit {
  /** Aborted when the client cancels or the limit passes. */
  readonly signal: AbortSignal;
  /** Epoch ms after which the call must not change anything. */
  readonly deadline: number;
  readonly limitMs: number;
}

const calls = new AsyncLocalStorage<CallLimit>();

function timeoutError(limitMs: number): IdsError {
  return new IdsError(
    "timeout",
    `the call did not finish within its time limit of ${formatMs(limitMs)} and was stopped; ` +
      `nothing was changed. Retry with a smaller input (fewer specifications, a smaller model), ` +
      `or start the server with a longer --call-timeout`,
  );
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/**
 * Throws `timeout` when the running call is past its limit (or was cancelled). Long or
 * state-changing work calls it before committing: synchronous work may run past the deadline
 * before a timer can fire, so the deadline is compared, not only the signal.
 */
export function checkCallLimit(): void {
  const call = calls.getStore();
  if (!call) return;
  if (Date.now() > call.deadline) throw timeoutError(call.limitMs);
  if (call.signal.aborted) {
    const reason = call.signal.reason;
    throw reason instanceof IdsError
      ? reason
      : new IdsError("timeout", "the call was cancelled by the client; nothing was changed");
  }
}

/** Minimal view of the SDK's request handler `extra` the limit needs. */
interface CallExtra {
  readonly signal: AbortSignal;
}

/**
 * Puts every tool registered on `server` from now on under a time limit: the tool runs with an
 * abort signal (client cancellation or the limit, as `extra.signal`) and a deadline that
 * {@linkcode checkCallLimit} enforces before any commit. When the limit passes, the call
 * answers `timeout` — unless it finishes within a short grace, in which case its real result
 * stands (it committed before it could notice, so the reply says what happened).
 */
export function limitToolCalls(server: McpServer, limitMs = DEFAULT_CALL_TIMEOUT_MS): void {
  const register = server.registerTool.bind(server);
  type Callback = (...args: unknown[]) => CallToolResult | Promise<CallToolResult>;
  (server as { registerTool: unknown }).registerTool = (
    name: string,
    config: unknown,
    cb: Callback,
  ) =>
    (register as (n: string, c: unknown, cb: Callback) => unknown)(
      name,
      config,
      (...args: unknown[]) => runLimited(limitMs, args, cb),
    );
}

async function runLimited(
  limitMs: number,
  args: unknown[],
  cb: (...args: unknown[]) => CallToolResult | Promise<CallToolResult>,
): Promise<CallToolResult> {
  // The SDK calls (args, extra) for tools with an input schema and (extra) for those without.
  const at = args.length - 1;
  const extra = args[at] as CallExtra;
  const timer = new AbortController();
  const signal = AbortSignal.any([extra.signal, timer.signal]);
  const call: CallLimit = { signal, deadline: Date.now() + limitMs, limitMs };
  const patched = [...args];
  patched[at] = { ...extra, signal };
  const run = calls.run(call, async () => await cb(...patched)).catch(fail);
  let handle: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<"expired">((resolve) => {
    handle = setTimeout(() => {
      timer.abort(timeoutError(limitMs));
      resolve("expired");
    }, limitMs);
  });
  try {
    const first = await Promise.race([run, expired]);
    if (first !== "expired") return first;
    let graceHandle: ReturnType<typeof setTimeout> | undefined;
    const late = await Promise.race([
      run,
      new Promise<undefined>((resolve) => {
        graceHandle = setTimeout(() => resolve(undefined), STOP_GRACE_MS);
      }),
    ]);
    clearTimeout(graceHandle);
    return late !== undefined && !late.isError ? late : fail(timeoutError(limitMs));
  } finally {
    clearTimeout(handle);
  }
}
