/**
 * The MCP stdio transport: standard input cut into whole lines, each decoded and parsed as one
 * JSON-RPC message.
 *
 * Why not the SDK's `StdioServerTransport`: its `ReadBuffer` concatenates every incoming chunk
 * onto what it holds and searches the whole buffer for a newline again, so one large message
 * (a 9.5 MB `load_ids` string arrives in about 150 chunks) costs quadratic time, and a message
 * above its 10 MB cap closes the transport for good. Here each chunk is scanned once and
 * decoded as it arrives (while the rest of the message is still on its way), a complete line is
 * parsed once, and a line above `maxLineBytes` is dropped with a JSON-RPC error reply (when its
 * id can be found) instead of ending the session. Messages, errors and replies are those of the
 * SDK's transport.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { Readable, type Writable } from "node:stream";
import { type JSONRPCMessage, JSONRPCMessageSchema, type Transport } from "../deps/mcp_sdk.ts";

/** Largest stdio message accepted by default (25 MiB, as HTTP's `--max-body`). */
export const DEFAULT_MAX_LINE_BYTES = 25 * 1024 * 1024;

export interface LineStdinOptions {
  readonly maxLineBytes?: number;
  /** Where an over-long line's error reply goes (stdout, as the transport writes). */
  readonly reply?: (json: string) => void;
  /** Where to log what was dropped (stderr). */
  readonly log?: (message: string) => void;
}

/** Keeps this much of the start and end of an over-long line to find its JSON-RPC id. */
const KEEP = 4096;

/**
 * A readable stream of whole lines read from `source`, each decoded from UTF-8 (as the SDK
 * decodes them: invalid bytes become U+FFFD) without its line end (`\n` or `\r\n`).
 */
export function lineStdin(source: Readable, options: LineStdinOptions = {}): Readable {
  const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const out = new Readable({ objectMode: true, read() {} });
  /** The line so far, decoded piece by piece as it arrives. */
  let parts: string[] = [];
  const decoder = new TextDecoder();
  let size = 0;
  let dropping = false;
  /** The first KEEP bytes of the line so far (to find its id if it is dropped). */
  let start: Buffer[] = [];
  let startBytes = 0;
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

  source.on("data", (chunk: Buffer | string) => {
    let buf: Buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    for (;;) {
      // The typed-array search is native; Buffer#indexOf is a slow JS loop in Deno's polyfill.
      const nl = Uint8Array.prototype.indexOf.call(buf, 10);
      const piece = nl < 0 ? buf : buf.subarray(0, nl + 1);
      if (dropping) {
        tail = Buffer.concat([tail, piece]).subarray(-KEEP);
      } else if (size + piece.length > max) {
        dropping = true;
        head = Buffer.concat([...start, piece]).subarray(0, KEEP);
        tail = piece.subarray(-KEEP);
        parts = [];
        start = [];
        startBytes = size = 0;
        decoder.decode(); // forgets a sequence cut at the end of the last piece
      } else {
        if (startBytes < KEEP) {
          start.push(piece);
          startBytes += piece.length;
        }
        // The last piece of a line ends the decoder's sequence; earlier ones may end mid-way.
        parts.push(decoder.decode(piece, { stream: nl < 0 }));
        size += piece.length;
      }
      if (nl < 0) return;
      if (dropping) {
        overLong();
        dropping = false;
        head = tail = Buffer.alloc(0);
      } else {
        const text = parts.length === 1 ? parts[0] : parts.join("");
        // The line end is not part of the message (the SDK reads up to "\n", less a "\r").
        out.push(text.endsWith("\r\n") ? text.slice(0, -2) : text.slice(0, -1));
        parts = [];
        start = [];
        startBytes = size = 0;
      }
      buf = buf.subarray(nl + 1);
      if (buf.length === 0) return;
    }
  });
  source.on("error", (e) => out.destroy(e));
  source.on("end", () => out.push(null));
  return out;
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

  constructor(readonly lines: Readable, readonly output: Writable) {}

  readonly #online = (line: string) => {
    let message: JSONRPCMessage;
    try {
      message = JSONRPCMessageSchema.parse(JSON.parse(line));
    } catch (e) {
      this.onerror?.(e instanceof Error ? e : new Error(String(e)));
      return;
    }
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

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.output.write(JSON.stringify(message) + "\n")) resolve();
      else this.output.once("drain", resolve);
    });
  }
}
