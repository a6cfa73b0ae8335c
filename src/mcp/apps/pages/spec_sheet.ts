/// <reference lib="dom" />
/**
 * The spec-sheet app: shows the session's IDS as the spec sheet `render_ids` renders, so a
 * person reviews what the agent wrote before it is exported. On a `render_ids` result it reads
 * the sheet's HTML resource (`ids://session/spec-sheet.html`, rendered from the current
 * document on each read) through the host, and shows the sheet's own markup (built and escaped
 * by src/ids/render/spec_sheet_html.ts) with its filter and expand/collapse wired here, since
 * the sheet's inline script does not run when inserted. "Reload" reads it again after edits.
 *
 * DOM contract (tests/apps/): one `data-spec` element per specification; `#q` filters.
 *
 * @module
 */
import type { App } from "../../../deps/ext_apps_page.ts";
import {
  byId,
  connectApp,
  debounce,
  h,
  resourceText,
  resultText,
  say,
  type ToolResult,
} from "./common.ts";

/** The HTML spec sheet resource (src/mcp/resources.ts renders it on read). */
const SHEET_URI = "ids://session/spec-sheet.html";

let app: App | undefined;
let markdown: string | undefined;

/** The sheet's filter and buttons, as its own inline script does it (spec_sheet_html.ts). */
function wireSheet(root: HTMLElement): void {
  const q = root.querySelector<HTMLInputElement>("#q");
  const card = root.querySelector<HTMLSelectElement>("#card");
  const out = root.querySelector<HTMLOutputElement>("#shown");
  const specs = [...root.querySelectorAll<HTMLDetailsElement>("details.spec")];
  for (const s of specs) s.setAttribute("data-spec", "");
  const apply = () => {
    const t = (q?.value ?? "").trim().toLowerCase();
    const k = card?.value ?? "all";
    let n = 0;
    for (const s of specs) {
      const head = (s.dataset.text ?? "").includes(t);
      let any = (s.dataset.req ?? "").includes(t);
      for (const r of s.querySelectorAll<HTMLElement>("tr.prop")) {
        const m = !t || head || (r.dataset.text ?? "").includes(t);
        r.classList.toggle("hidden", !m);
        if (m && t) any = true;
      }
      const ok = (k === "all" || s.dataset.card === k) && (!t || head || any);
      s.classList.toggle("hidden", !ok);
      if (ok) {
        n++;
        if (t) s.open = true;
      }
    }
    if (out) out.value = `${n} of ${specs.length} specifications shown`;
  };
  q?.addEventListener("input", debounce(apply, 100));
  card?.addEventListener("change", apply);
  root.querySelector("#expand")?.addEventListener(
    "click",
    () => specs.forEach((s) => s.open = true),
  );
  root.querySelector("#collapse")?.addEventListener(
    "click",
    () => specs.forEach((s) => s.open = false),
  );
  apply();
}

/** Shows the sheet's markup: the `<main>` of the page the server rendered. */
function showSheet(html: string): void {
  const doc = new DOMParser().parseFromString(html, "text/html");
  // Scripts never run from a parsed document; removed anyway, the app wires its own.
  for (const s of doc.querySelectorAll("script")) s.remove();
  const main = doc.querySelector("main");
  const sheet = byId("sheet");
  sheet.replaceChildren(...(main ? [...main.childNodes] : []));
  wireSheet(sheet);
  sheet.hidden = false;
  byId("actions").hidden = false;
  say("");
}

async function load(): Promise<void> {
  if (!app) return;
  say("Loading the spec sheet…");
  try {
    showSheet(resourceText(await app.readServerResource({ uri: SHEET_URI }), SHEET_URI));
  } catch (e) {
    const why = `Could not read ${SHEET_URI} through the host: ${(e as Error).message}`;
    if (markdown) {
      // The reply's Markdown (small documents) still shows what the IDS says.
      const sheet = byId("sheet");
      sheet.replaceChildren(h("pre", { style: "white-space:pre-wrap" }, markdown));
      sheet.hidden = false;
      say(`${why}. Showing the Markdown of the reply instead.`, "error");
    } else say(why, "error");
  }
}

function onResult(result: ToolResult): void {
  if (result.isError) {
    say(`render_ids failed: ${resultText(result)}`, "error");
    return;
  }
  const s = result.structuredContent ?? {};
  markdown = typeof s.markdown === "string" ? s.markdown : undefined;
  void load();
}

byId("reload").addEventListener("click", () => void load());
let pending: ToolResult | undefined;
connectApp("ids-mcp spec sheet", {
  onResult(result) {
    // A result may come with the handshake, before `app` is set.
    if (app) onResult(result);
    else pending = result;
  },
}).then((a) => {
  app = a;
  if (pending) onResult(pending);
}, (e: Error) => say(`Could not connect to the host: ${e.message}`, "error"));
