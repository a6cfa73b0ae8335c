/// <reference lib="dom" />
/**
 * What both app pages share: connecting the ext-apps `App` to the host (tool results, host
 * theme and style variables), small DOM builders that only ever set text (never HTML from the
 * IDS or the model), and number formatting. Runs in the host's sandboxed iframe; bundled by
 * scripts/build_apps.ts.
 *
 * @module
 */
import {
  App,
  applyDocumentTheme,
  applyHostStyleVariables,
  type McpUiHostContext,
} from "../../../deps/ext_apps_page.ts";

/** A tool result as the host delivers it (`ui/notifications/tool-result`). */
export interface ToolResult {
  readonly isError?: boolean;
  readonly content?: readonly { type: string; text?: string }[];
  readonly structuredContent?: Record<string, unknown>;
}

/** Follows the host's light/dark theme and its CSS variables (fonts, colours). */
function applyHostContext(ctx: McpUiHostContext | undefined): void {
  if (!ctx) return;
  if (ctx.theme === "light" || ctx.theme === "dark") applyDocumentTheme(ctx.theme);
  if (ctx.styles?.variables) applyHostStyleVariables(ctx.styles.variables);
}

/**
 * Connects the page to its host and calls `onResult` with each tool result and `onInput` when
 * the tool is called (before its result). The handlers are set before `connect`, so a result
 * the host sends right after the handshake is not missed.
 */
export async function connectApp(
  name: string,
  handlers: {
    onResult(result: ToolResult): void;
    onInput?(args: Record<string, unknown>): void;
  },
): Promise<App> {
  const app = new App({ name, version: "1.0.0" }, {}, { autoResize: true });
  app.ontoolresult = (params) => handlers.onResult(params as ToolResult);
  app.ontoolinput = (params) => handlers.onInput?.(params.arguments ?? {});
  app.onhostcontextchanged = (ctx) => applyHostContext(ctx);
  // A host may end the view at any time; nothing to save.
  app.onteardown = () => ({});
  await app.connect();
  applyHostContext(app.getHostContext());
  return app;
}

/** The text of a resources/read reply's first content, or an error saying what came instead. */
export function resourceText(read: { contents: readonly unknown[] }, uri: string): string {
  const first = read.contents[0] as { text?: unknown; blob?: unknown } | undefined;
  if (typeof first?.text === "string") return first.text;
  throw new Error(`${uri} returned no text${first?.blob !== undefined ? " (binary)" : ""}`);
}

/** The first text content of a tool result (an error's message). */
export function resultText(result: ToolResult): string {
  return result.content?.find((c) => c.type === "text")?.text ?? "";
}

type Child = Node | string | undefined | false;

/** An element with attributes and children; strings become text nodes (never parsed). */
export function h(
  tag: string,
  attrs: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) {
    if (c === undefined || c === false) continue;
    e.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return e;
}

/** The element with `id`, which the page's shell always has. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`#${id} missing from the page`);
  return e as T;
}

/** Shows `message` in the page's status line (`#message`); empty hides it. */
export function say(message: string, kind: "note" | "error" = "note"): void {
  const m = byId("message");
  m.textContent = message;
  m.className = kind;
  m.hidden = message === "";
}

/** Counts with thousands separators (31,600), as the HTML report writes them. */
export function num(n: number): string {
  return Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",") : String(n);
}

/** Runs `fn` at most once per `ms` of quiet (typing in a filter over thousands of rows). */
export function debounce(fn: () => void, ms: number): () => void {
  let t: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(t);
    t = setTimeout(fn, ms);
  };
}
