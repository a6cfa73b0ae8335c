/**
 * A raw JSON-RPC line client for `main.ts serve` over stdio: it can send what the SDK client
 * never would (malformed lines, wrong shapes) and matches replies to requests by id.
 *
 * @module
 */
import { MAIN } from "../mcp/_helpers.ts";
import { INIT_PARAMS } from "../_spawn.ts";

/** The `initialize` parameters of a plain client (raw stdio here, raw HTTP in other tests). */
export const INITIALIZE_PARAMS = INIT_PARAMS;

export interface RpcReply {
  readonly id?: unknown;
  readonly result?: Record<string, unknown>;
  readonly error?: { code: number; message: string };
}

export class RawStdioServer {
  readonly #child: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #waiting = new Map<number, (reply: RpcReply) => void>();
  readonly #encoder = new TextEncoder();
  readonly stderr: string[] = [];
  #nextId = 1;
  readonly #done: Promise<void>;

  constructor(args: string[], cwd: string, main = MAIN) {
    this.#child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--unstable-kv", "-A", main, "serve", ...args],
      cwd,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).spawn();
    this.#writer = this.#child.stdin.getWriter();
    this.#done = Promise.all([this.#readReplies(), this.#readStderr()]).then(() => {});
  }

  async #readReplies(): Promise<void> {
    const decoder = new TextDecoder();
    // Chunks are kept apart until a newline arrives: linear in the reply size (the SDK client's
    // buffer is not, which makes it the bottleneck for multi-megabyte replies).
    let parts: string[] = [];
    for await (const chunk of this.#child.stdout) {
      let text = decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = text.indexOf("\n")) >= 0) {
        parts.push(text.slice(0, nl));
        const line = parts.join("");
        parts = [];
        text = text.slice(nl + 1);
        let reply: RpcReply;
        try {
          reply = JSON.parse(line);
        } catch {
          throw new Error(`the server wrote a line that is not JSON: ${line.slice(0, 200)}`);
        }
        if (typeof reply.id === "number") this.#waiting.get(reply.id)?.(reply);
      }
      if (text !== "") parts.push(text);
    }
  }

  async #readStderr(): Promise<void> {
    for await (const chunk of this.#child.stderr.pipeThrough(new TextDecoderStream())) {
      this.stderr.push(chunk);
    }
  }

  /** Writes one raw line (a newline is added). */
  async sendLine(line: string): Promise<void> {
    await this.#writer.write(this.#encoder.encode(line + "\n"));
  }

  /** Sends a request and waits for its reply; rejects after `timeoutMs`. */
  async request(method: string, params?: unknown, timeoutMs = 30_000): Promise<RpcReply> {
    const id = this.#nextId++;
    const reply = new Promise<RpcReply>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no reply to ${method} #${id} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.#waiting.set(id, (r) => {
        clearTimeout(timer);
        this.#waiting.delete(id);
        resolve(r);
      });
    });
    await this.sendLine(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    return await reply;
  }

  async notify(method: string, params?: unknown): Promise<void> {
    await this.sendLine(JSON.stringify({ jsonrpc: "2.0", method, params }));
  }

  async initialize(): Promise<void> {
    const r = await this.request("initialize", INITIALIZE_PARAMS);
    if (!r.result) throw new Error(`initialize failed: ${JSON.stringify(r.error)}`);
    await this.notify("notifications/initialized");
  }

  async close(): Promise<number> {
    await this.#writer.close().catch(() => {});
    const status = await this.#child.status;
    await this.#done.catch(() => {});
    return status.code;
  }
}
