/**
 * An in-process MCP transport that keeps a pooled `McpServer` connected across HTTP requests.
 *
 * Why: the SDK's stateless `WebStandardStreamableHTTPServerTransport` must be built, connected
 * and closed for every request (it refuses reuse). Profiling under 16 concurrent clients showed
 * that cycle (Accept/Content-Type parsing, a header copy and URL per request, stream maps, a
 * `ConnectionClosed` McpError allocated by every close, a timer to close later) was about a
 * quarter of the server's CPU per `tools/call`. For the common request (one JSON-RPC request or
 * notification answered with plain JSON) the handler instead hands the message to a server
 * that stays connected to this transport and waits for the response with the same id.
 *
 * A server using it serves one HTTP request at a time (the handler's pool guarantees that), so
 * request ids of different clients never meet inside one SDK `Protocol`. Messages other than
 * the awaited response (notifications or server requests related to the call) have no stream
 * to travel on in plain-JSON mode and are dropped, as the SDK transport's JSON mode drops them;
 * calls that want them (a progress token) take the SDK transport with SSE.
 *
 * @module
 */
import type { JSONRPCMessage, McpServer } from "../deps/mcp_sdk.ts";

/** The SDK's `Transport` interface, as `McpServer.connect` takes it. */
type Transport = Parameters<McpServer["connect"]>[0];

type Id = string | number;

export class DirectTransport implements Transport {
  onmessage?: Transport["onmessage"];
  onclose?: () => void;
  onerror?: (error: Error) => void;
  #waiting?: { readonly id: Id; readonly resolve: (message: JSONRPCMessage) => void };
  #closed = false;

  start(): Promise<void> {
    return Promise.resolve();
  }

  send(message: JSONRPCMessage): Promise<void> {
    const w = this.#waiting;
    if (
      w && "id" in message && message.id === w.id && ("result" in message || "error" in message)
    ) {
      this.#waiting = undefined;
      w.resolve(message);
    }
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.#waiting = undefined;
    this.onclose?.();
    return Promise.resolve();
  }

  /** Delivers one JSON-RPC request; resolves with the server's response to it. */
  request(message: JSONRPCMessage & { id: Id }): Promise<JSONRPCMessage> {
    if (this.#closed) return Promise.reject(new Error("transport closed"));
    if (this.#waiting) return Promise.reject(new Error("transport busy"));
    const { promise, resolve } = Promise.withResolvers<JSONRPCMessage>();
    this.#waiting = { id: message.id, resolve };
    this.onmessage?.(message);
    return promise;
  }

  /** Delivers a notification (or anything else that gets no response). */
  notify(message: JSONRPCMessage): void {
    this.onmessage?.(message);
  }
}
