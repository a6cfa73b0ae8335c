/**
 * The MCP stdio transport: standard input cut into whole lines, each decoded and parsed as one
 * JSON-RPC message.
 *
 * Why not the SDK's `StdioServerTransport`: its `ReadBuffer` concatenates every incoming chunk
 * onto what it holds and searches the whole buffer for a newline again, so one large message
 * (a 9.5 MB `load_ids` string arrives in about 150 chunks) costs quadratic time, and a message
 * above its 10 MB cap closes the transport for good. Here each chunk is scanned once, a
 * complete line is decoded and parsed once (a long one from its bytes, its long strings decoded
 * on their own: json_bytes.ts), and a line above `maxLineBytes` is dropped with a JSON-RPC
 * error reply (when its id can be found) instead of ending the session. Messages, errors and
 * replies are those of the SDK's transport.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { Readable, type Writable } from "node:stream";
import { type JSONRPCMessage, JSONRPCMessageSchema, type Transport } from "../deps/mcp_sdk.ts";
import { decodePieces, firstBytes, JsonLineParser, LONG_STRING_BYTES } from "./json_bytes.ts";

/** Largest stdio message accepted by default (25 MiB, as HTTP's `--max-body`). */
export const DEFAULT_MAX_LINE_BYTES = 25 * 1024 * 1024;

export interface LineStdinOptions {
  readonly maxLineBytes?: number;
  /** Where an over-long line's error reply goes (stdout, as the transport writes). */
  readonly reply?: (json: string) => void;
  /** Where to log what was dropped (stderr). */
  readonly log?: (message: string) => void;
  /** Called when a line grows long (a big message is arriving: the idle warm-up stops). */
  readonly onLongLine?: () => void;
}

/** Keeps this much of the start and end of an over-long line to find its JSON-RPC id. */
const KEEP = 4096;

/**
 * A line of the stream: its text, or (for a line of {@linkcode LONG_STRING_BYTES} or more) the
 * parser its bytes were fed to as they came.
 */
export type StdinLine = string | JsonLineParser;

/**
 * A readable stream of whole lines ({@linkcode StdinLine}) read from `source`, without their
 * line end (`\n` or `\r\n`), decoded from UTF-8 as the SDK decodes them (invalid bytes become
 * U+FFFD, a BOM stays).
 */
export function lineStdin(
  source: Readable | ByteReader,
  options: LineStdinOptions = {},
): Readable {
  const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const out = new Readable({ objectMode: true, read() {} });
  /** The bytes of the line so far, until it is long enough for a parser. */
  let pieces: Uint8Array[] = [];
  let parser: JsonLineParser | undefined;
  let size = 0;
  let dropping = false;
  let head: Buffer = Buffer.alloc(0);
  let tail: Buffer = Buffer.alloc(0);

  const overLong = () => {
    const id = findId(tail.toString("latin1")) ?? findId(head.toString("latin1"));
    options.log?.(
      `ids-mcp: dropped a stdio message of more than ${max} bytes` +
        (id === undefined ? " (no request id found)" : ` (request id ${id})`),
    );
    if (id !== undefined) {
      options.reply?.(
        JSON.stringify({
          jsonrpc: "2.0",
          id: JSON.parse(id),
          error: {
            code: -32600,
            message: `the message is larger than the stdio limit of ${max} bytes; pass large ` +
              `IFC models by path (ifc_file_path) and large IDS files by path (load_ids)`,
          },
        }) + "\n",
      );
    }
  };

  const onData = (chunk: Uint8Array | string) => {
    let buf: Uint8Array = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    for (;;) {
      // The typed-array search is native; Buffer#indexOf is a slow JS loop in Deno's polyfill.
      const nl = Uint8Array.prototype.indexOf.call(buf, 10);
      const piece = nl < 0 ? buf : buf.subarray(0, nl);
      if (dropping) {
        tail = Buffer.concat([tail, piece]).subarray(-KEEP);
      } else if (size + piece.length > max) {
        dropping = true;
        head = parser ? parser.head(KEEP) : firstBytes([...pieces, piece], KEEP);
        tail = Buffer.from(piece.subarray(-KEEP));
        pieces = [];
        parser = undefined;
        size = 0;
      } else {
        size += piece.length;
        if (parser) {
          parser.push(piece);
        } else {
          pieces.push(piece);
          if (size >= LONG_STRING_BYTES) {
            // Long enough to hold a long string: unescape while the rest arrives.
            options.onLongLine?.();
            parser = new JsonLineParser();
            for (const p of pieces) parser.push(p);
            pieces = [];
          }
        }
      }
      if (nl < 0) return;
      if (dropping) {
        overLong();
        dropping = false;
        head = tail = Buffer.alloc(0);
      } else {
        // The line end is not part of the message (the SDK reads up to "\n", less a "\r").
        out.push(parser ?? lineText(pieces));
        pieces = [];
        parser = undefined;
        size = 0;
      }
      buf = buf.subarray(nl + 1);
      if (buf.length === 0) return;
    }
  };
  if ("on" in source) {
    source.on("data", onData);
    source.on("error", (e) => out.destroy(e));
    source.on("end", () => out.push(null));
  } else {
    pump(source, onData).then(() => out.push(null), (e) => out.destroy(e));
  }
  return out;
}

/**
 * `text` as the line parser delivers it from a `load_ids` message that carries it, fed in
 * pieces as a pipe gives them: run while idle, so the parser is compiled when a big message
 * comes (its byte loop ran interpreted for most of the first 9.7 MB message: ≈ 0.1 s).
 */
export function deliverThroughLine(text: string): string {
  const line = new TextEncoder().encode(JSON.stringify({
    method: "tools/call",
    params: { name: "load_ids", arguments: { source: text, source_type: "string" } },
    jsonrpc: "2.0",
    id: 0,
  }));
  const parser = new JsonLineParser();
  for (let at = 0; at < line.length; at += PIPE_BYTES) {
    parser.push(line.subarray(at, at + PIPE_BYTES));
  }
  const message = parser.finish() as { params: { arguments: { source: string } } };
  return message.params.arguments.source;
}

/** What one read of a pipe gives at most on Linux. */
const PIPE_BYTES = 65536;

/** What Deno's `Deno.stdin` is to us: reads into a buffer, `null` at the end. */
export interface ByteReader {
  read(into: Uint8Array): Promise<number | null>;
}

/**
 * Reads `source` to its end, handing each read's bytes (a copy: they are kept) to `onData`.
 *
 * Why not node's `process.stdin`: in Deno each of its chunks goes through the stream polyfill;
 * a 9.7 MB message took 145–160 ms to arrive that way and 77–79 ms with `Deno.stdin.read`
 * (a server that only counts the bytes, the SDK's client sending).
 */
async function pump(source: ByteReader, onData: (chunk: Uint8Array) => void): Promise<void> {
  const buf = new Uint8Array(1024 * 1024);
  for (;;) {
    const n = await source.read(buf);
    if (n === null) return;
    if (n > 0) onData(buf.slice(0, n));
  }
}

/** The text of a short line's pieces, without a `\r` ending it. */
function lineText(pieces: readonly Uint8Array[]): string {
  const text = decodePieces(pieces);
  return text.endsWith("\r") ? text.slice(0, -1) : text;
}

/** The `"id": …` of a JSON-RPC message fragment, as JSON text (number or string). */
function findId(text: string): string | undefined {
  const m = /"id"\s*:\s*(-?\d{1,16}|"(?:[^"\\]|\\.){0,200}")\s*[,}]/.exec(text);
  return m?.[1];
}

/**
 * The MCP server transport over {@linkcode lineStdin}'s lines (one JSON-RPC message each) and
 * a writable stream: the SDK's `StdioServerTransport` without its buffering. A line that is
 * not a JSON-RPC message is reported to `onerror` and skipped, as the SDK does.
 */
export class LineStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  #started = false;
  /** Ids of the requests received and not answered yet. */
  readonly #open = new Set<string | number>();
  /** Settled when the last open request is answered (made by the first wait for it). */
  #allAnswered: PromiseWithResolvers<void> | undefined;

  constructor(readonly lines: Readable, readonly output: Writable) {}

  /**
   * Resolves once every request received so far has been answered (its reply written). When
   * standard input ends the server waits for this before it exits: a client that writes its
   * requests and closes its end (`… | ids-mcp serve`) still gets every reply.
   */
  answered(): Promise<void> {
    if (this.#open.size === 0) return Promise.resolve();
    this.#allAnswered ??= Promise.withResolvers<void>();
    return this.#allAnswered.promise;
  }

  readonly #online = (line: StdinLine) => {
    let message: JSONRPCMessage;
    try {
      message = JSONRPCMessageSchema.parse(
        typeof line === "string" ? JSON.parse(line) : line.finish(),
      );
    } catch (e) {
      this.onerror?.(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    if ("method" in message && "id" in message) this.#open.add(message.id);
    this.onmessage?.(message);
  };

  readonly #onerror = (error: Error) => this.onerror?.(error);

  start(): Promise<void> {
    if (this.#started) {
      throw new Error("LineStdioTransport already started");
    }
    this.#started = true;
    this.lines.on("data", this.#online);
    this.lines.on("error", this.#onerror);
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.lines.off("data", this.#online);
    this.lines.off("error", this.#onerror);
    if (this.lines.listenerCount("data") === 0) this.lines.pause();
    this.onclose?.();
    return Promise.resolve();
  }

  async send(message: JSONRPCMessage): Promise<void> {
    await new Promise<void>((resolve) => {
      if (this.output.write(JSON.stringify(message) + "\n")) resolve();
      else this.output.once("drain", resolve);
    });
    const id = "method" in message ? undefined : (message as { id?: string | number }).id;
    if (id !== undefined && this.#open.delete(id) && this.#open.size === 0) {
      this.#allAnswered?.resolve();
      this.#allAnswered = undefined;
    }
  }
}
