/**
 * A size limit on every reply, and a shared budget for the replies of one HTTP batch.
 *
 * Why: a reply is built whole in memory and serialised whole by the SDK. A batch of 100
 * `resources/read` of a 9 MB document (a 9 KB request) built ~1 GB; the SDK's `JSON.stringify`
 * of it threw, so the request was never answered nor logged and the memory stayed resident.
 * An SDK stdio client also drops the connection on a message above 10 MB. So each request
 * handler of a built server is wrapped once (as invalid_params.ts does): its result is measured
 * (JSON bytes, counted without building the JSON) before anything serialises it, and a result
 * above the limit is replaced by an error naming the limit and what to do instead: a tool error
 * (`isError`) for `tools/call`, a JSON-RPC error for any other request. The over-size result is
 * dropped at once, so it costs memory only while it is measured.
 *
 * Over HTTP the requests of one POST share a {@linkcode ReplyBudget}: they run one after the
 * other (so at most one unmeasured result exists at a time), their replies together must stay
 * within the batch limit, and after the first refused reply the rest of the batch is not run
 * (each would cost the work of building a reply only to drop it) and gets the error too.
 *
 * @module
 */
import type { McpServer } from "../deps/mcp_sdk.ts";

/** Default largest reply: below the 10 MB at which an SDK stdio client drops the connection. */
export const DEFAULT_MAX_REPLY_BYTES = 8 * 1024 * 1024;
/** Default largest sum of the replies of one HTTP batch. */
export const DEFAULT_MAX_BATCH_REPLY_BYTES = 16 * 1024 * 1024;
/** JSON-RPC error code of an over-size reply (implementation-defined server error range). */
export const REPLY_TOO_LARGE = -32003;

type Handler = (request: unknown, extra: unknown) => Promise<unknown>;

/** The replies of one HTTP request (a single message or a batch). */
export class ReplyBudget {
  #left: number;
  #turn: Promise<unknown> = Promise.resolve();
  /** How many replies were refused (for the access log). */
  refused = 0;
  /** Set by the first refusal: the rest of the batch is answered without being run. */
  stopped = false;

  constructor(readonly maxBytes: number) {
    this.#left = maxBytes;
  }

  get left(): number {
    return this.#left;
  }

  spend(bytes: number): void {
    this.#left -= bytes;
  }

  readonly #memo = new WeakMap<object, unknown>();

  /**
   * `make()` once per `key` within this request: a batch reading one document many times
   * renders it once, and its replies share one string.
   */
  memo<T>(key: object, make: () => T): T {
    if (this.#memo.has(key)) return this.#memo.get(key) as T;
    const value = make();
    this.#memo.set(key, value);
    return value;
  }

  /** Runs `f` once every earlier request of this budget has its reply measured. */
  serial<T>(f: () => Promise<T>): Promise<T> {
    const run = this.#turn.then(f, f);
    this.#turn = run.catch(() => {});
    return run;
  }
}

/** What a refused reply is reported with (to the access log or stderr; never content). */
export interface RefusedReply {
  readonly method: string;
  /** The limit it was over: --max-reply, or --max-batch-reply for a batch. */
  readonly limit: number;
  /** "reply" for the per-reply limit, "batch" when the batch's budget ran out. */
  readonly which: "reply" | "batch";
}

export interface ReplyLimitOptions {
  readonly maxReplyBytes: number;
  /** The budget of the request being served (HTTP), if any. */
  readonly budget?: () => ReplyBudget | undefined;
  readonly onRefused?: (refused: RefusedReply) => void;
}

/** Wraps every request handler registered on `server` so far (call after registering all). */
export function limitReplies(server: McpServer, options: ReplyLimitOptions): void {
  const handlers = (server.server as unknown as { _requestHandlers?: Map<string, Handler> })
    ._requestHandlers;
  if (!(handlers instanceof Map)) return; // an SDK without the map: keep its behaviour
  const max = options.maxReplyBytes;
  for (const [method, handler] of handlers) {
    handlers.set(method, (request, extra) => {
      const budget = options.budget?.();
      const run = async () => {
        if (budget?.stopped) return refuse(method, "skipped", budget.maxBytes);
        const result = await handler(request, extra);
        const limit = budget ? Math.min(max, Math.max(0, budget.left)) : max;
        const bytes = jsonBytes(result, limit);
        if (bytes <= limit) {
          budget?.spend(bytes);
          return result;
        }
        const which = bytes > max || !budget ? "reply" : "batch";
        const limitBytes = which === "reply" ? max : budget!.maxBytes;
        if (budget) {
          budget.refused++;
          budget.stopped = true;
        }
        options.onRefused?.({ method, limit: limitBytes, which });
        return refuse(method, which, limitBytes);
      };
      return budget ? budget.serial(run) : run();
    });
  }
}

/** The reply_too_large answer: a tool error for `tools/call`, a JSON-RPC error otherwise. */
function refuse(method: string, which: "reply" | "batch" | "skipped", limit: number): unknown {
  const message = refusal(method, which, limit);
  if (method === "tools/call") {
    return { content: [{ type: "text", text: `reply_too_large: ${message}` }], isError: true };
  }
  throw Object.assign(new Error(message), {
    code: REPLY_TOO_LARGE,
    data: { reason: "reply_too_large", limit_bytes: limit },
  });
}

/** The message of a refused reply: the limit, and how to get the content another way. */
function refusal(method: string, which: "reply" | "batch" | "skipped", limit: number): string {
  if (which === "skipped") {
    return `not run: an earlier reply of this batch was over the server's reply limits ` +
      `(--max-reply, or --max-batch-reply of ${limit} bytes); send this request again on its own`;
  }
  if (which === "batch") {
    return `the replies of this batch exceed the server's limit of ${limit} bytes per batch ` +
      `(--max-batch-reply); send these requests in separate, smaller batches`;
  }
  const what = method === "resources/read"
    ? "read ids://session/info for a summary and list_facets per specification, or write the " +
      "document to a file with export_ids output_path"
    : method === "tools/call"
    ? "ask for less: export_ids with output_path writes the XML to a file, get_ids_info gives " +
      "a summary, validate_ifc_model's max_failures bounds a report"
    : "ask for less at a time";
  return `the reply to ${method} is larger than the server's limit of ${limit} bytes ` +
    `(--max-reply); ${what}`;
}

/**
 * The UTF-8 size of `JSON.stringify(value)`, computed without building it; counting stops
 * once it passes `limit` (the result is then some number above `limit`).
 */
export function jsonBytes(value: unknown, limit = Infinity): number {
  let n = 0;
  const walk = (v: unknown): void => {
    if (n > limit) return;
    switch (typeof v) {
      case "string":
        n += stringBytes(v, limit - n);
        return;
      case "number":
        n += Number.isFinite(v) ? String(v).length : 4;
        return;
      case "boolean":
        n += v ? 4 : 5;
        return;
      case "object":
        break;
      default:
        return; // undefined, functions, symbols: left out (or null in arrays, close enough)
    }
    if (v === null) {
      n += 4;
      return;
    }
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") return walk((v as { toJSON(): unknown }).toJSON());
    if (Array.isArray(v)) {
      n += 2 + Math.max(0, v.length - 1);
      for (const item of v) {
        walk(item ?? null);
        if (n > limit) return;
      }
      return;
    }
    n += 2;
    let first = true;
    for (const key in v) {
      if (!Object.hasOwn(v, key)) continue;
      const item = (v as Record<string, unknown>)[key];
      if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
      n += (first ? 0 : 1) + stringBytes(key, Infinity) + 1;
      first = false;
      walk(item);
      if (n > limit) return;
    }
  };
  walk(value);
  return n;
}

/** Bytes of `s` as a JSON string literal in UTF-8; stops counting past `limit`. */
function stringBytes(s: string, limit: number): number {
  // Every character is at least one byte: a string longer than the limit is over it.
  if (s.length + 2 > limit) return s.length + 2;
  let n = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c) n += 1;
      else if (c === 0x22 || c === 0x5c || c === 8 || c === 9 || c === 10 || c === 12 || c === 13) {
        n += 2;
      } else n += 6;
    } else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 6; // a lone surrogate is written as \udxxx
    } else if (c >= 0xdc00 && c <= 0xdfff) n += 6;
    else n += 3;
  }
  return n;
}
