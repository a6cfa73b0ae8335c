/**
 * Turning tool outcomes into MCP `CallToolResult`s: a JSON object as `structuredContent` plus a
 * text copy for clients that only read `content`, and errors as results with `isError: true`
 * (never protocol errors) so the agent sees an actionable message and can retry.
 *
 * @module
 */
import type { CallToolResult } from "../deps/mcp_sdk.ts";
import { IdsError } from "../ids/errors.ts";

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
  if (!(error instanceof IdsError)) {
    const io = error instanceof Deno.errors.NotFound ||
      error instanceof Deno.errors.PermissionDenied;
    const message = error instanceof Error ? error.message : String(error);
    return errorText(`${io ? "io" : "internal_error"}: ${message}`);
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
  try {
    return ok(await body());
  } catch (error) {
    return fail(error);
  }
}
