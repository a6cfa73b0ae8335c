/**
 * JSON-RPC's "invalid params" (-32602) for requests whose params break the MCP schema.
 *
 * The SDK parses each request against its schema inside the request handler and lets the
 * schema error escape, which it then reports as -32603 "internal error" (`tools/call` with no
 * `params`, `initialize` with `capabilities: "x"`). That tells a client the server is broken
 * when the client sent a bad request. The handlers of a built server are wrapped once so that
 * a schema error becomes -32602 naming the offending field; anything else passes unchanged.
 *
 * @module
 */
import type { McpServer } from "../deps/mcp_sdk.ts";

/** JSON-RPC 2.0 "Invalid params". */
export const INVALID_PARAMS = -32602;

type Handler = (request: unknown, extra: unknown) => Promise<unknown>;

interface SchemaIssue {
  readonly path?: readonly PropertyKey[];
  readonly message?: string;
}

/** A zod error from the SDK's request parse (checked by shape: the SDK may bundle its own zod). */
function schemaIssues(e: unknown): readonly SchemaIssue[] | undefined {
  if (typeof e !== "object" || e === null || "code" in e) return undefined;
  const issues = (e as { issues?: unknown }).issues;
  return Array.isArray(issues) ? issues as SchemaIssue[] : undefined;
}

/** The error the SDK sends for a schema error: -32602 with the first problems named. */
function invalidParams(issues: readonly SchemaIssue[]): Error & { code: number } {
  const parts = issues.slice(0, 3).map((i) => {
    const where = (i.path ?? []).map(String).join(".");
    return `${where || "request"}: ${i.message ?? "invalid"}`;
  });
  return Object.assign(new Error(`invalid params: ${parts.join("; ")}`), { code: INVALID_PARAMS });
}

/** Wraps every request handler registered on `server` so far (call after registering all). */
export function reportInvalidParams(server: McpServer): void {
  const handlers = (server.server as unknown as { _requestHandlers?: Map<string, Handler> })
    ._requestHandlers;
  if (!(handlers instanceof Map)) return; // an SDK without the map: keep its behaviour
  for (const [method, handler] of handlers) {
    handlers.set(method, async (request, extra) => {
      try {
        return await handler(request, extra);
      } catch (e) {
        const issues = schemaIssues(e);
        throw issues ? invalidParams(issues) : e;
      }
    });
  }
}
