/**
 * Reply bodies a client must read in time.
 *
 * Why: Deno.serve has no write timeout. A client that posts a request for a large reply and
 * never reads it keeps the reply in the server's memory for as long as it keeps the socket
 * open, and a few hundred such connections pin gigabytes. Large replies are therefore streamed
 * in chunks under a deadline; past it the body fails, which makes Deno drop the connection and
 * lets the bytes go.
 *
 * @module
 */
import { jsonLine } from "./access_log.ts";

/** Replies above this many bytes are streamed under a deadline. */
const REPLY_CHUNK = 64 * 1024;

/**
 * A reply body a client must read within `timeoutMs`: Deno has no write timeout, so a client
 * that never reads would otherwise keep a large reply in memory for as long as it keeps the
 * socket open. Past the deadline the body fails, which drops the connection and frees the
 * bytes. Small replies fit the socket buffers and are sent as they are.
 */
export function replyBody(bytes: Uint8Array<ArrayBuffer>, timeoutMs: number): BodyInit {
  if (bytes.length <= REPLY_CHUNK) return bytes;
  let rest: Uint8Array<ArrayBuffer> | undefined = bytes;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new ReadableStream<Uint8Array>({
    start(c) {
      timer = setTimeout(() => {
        if (rest === undefined) return;
        rest = undefined;
        c.error(jsonLine({
          time: new Date().toISOString(),
          level: "warn",
          message: "connection dropped: the client did not read its reply in time",
          ms: timeoutMs,
        }));
      }, timeoutMs);
    },
    pull(c) {
      if (rest === undefined) return;
      c.enqueue(rest.subarray(0, REPLY_CHUNK));
      rest = rest.subarray(REPLY_CHUNK);
      if (rest.length > 0) return;
      rest = undefined;
      clearTimeout(timer);
      c.close();
    },
    cancel() {
      rest = undefined;
      clearTimeout(timer);
    },
  });
}
