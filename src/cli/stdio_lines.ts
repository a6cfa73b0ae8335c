/**
 * Standard input cut into whole lines before the MCP SDK's stdio transport sees it.
 *
 * Why: the SDK's `ReadBuffer` concatenates every incoming chunk onto what it holds and searches
 * the whole buffer for a newline again, so one large message (a 3 MB `load_ids` string arrives
 * in hundreds of chunks) costs quadratic time, and a message above its 10 MB cap closes the
 * transport for good. Here each chunk is scanned once; a complete line is handed on as one
 * chunk, and a line above `maxLineBytes` is dropped with a JSON-RPC error reply (when its id
 * can be found) instead of ending the session.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { Readable } from "node:stream";

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

/** A readable stream of whole lines (newline included) read from `source`. */
export function lineStdin(source: Readable, options: LineStdinOptions = {}): Readable {
  const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const out = new Readable({ objectMode: true, read() {} });
  let parts: Buffer[] = [];
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
        head = Buffer.concat([...parts, piece]).subarray(0, KEEP);
        tail = piece.subarray(-KEEP);
        parts = [];
        size = 0;
      } else {
        parts.push(piece);
        size += piece.length;
      }
      if (nl < 0) return;
      if (dropping) {
        overLong();
        dropping = false;
        head = tail = Buffer.alloc(0);
      } else {
        out.push(parts.length === 1 ? parts[0] : Buffer.concat(parts, size));
        parts = [];
        size = 0;
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
