/// <reference lib="dom" />
/**
 * The check-report app: renders a `validate_ifc_model` result in the host. The compact
 * summary in the tool result (src/mcp/report_summary.ts) is shown at once: verdict, one row
 * per specification with its counts and grouped failure reasons, and the example failing
 * elements. "Load full report" reads the JSON report behind `report_uri` through the host
 * (`resources/read`, proxied by ext-apps' `readServerResource`) and lists every failing
 * element it recorded, filtered and paged so thousands of rows stay responsive.
 *
 * DOM contract (tests/apps/): spec rows carry `data-spec-row` and `data-status`, failing
 * element rows `data-failure-row`; `#filter`, `#load-full`, `#page-prev`, `#page-next`,
 * `#page-info`, `#expand-all`, `#collapse-all`.
 *
 * @module
 */
import type { App } from "../../../deps/ext_apps_page.ts";
import {
  byId,
  connectApp,
  debounce,
  h,
  num,
  resourceText,
  resultText,
  say,
  type ToolResult,
} from "./common.ts";

/** Failing-element rows per page. */
const PAGE_SIZE = 50;

type Status = "passed" | "failed" | "no_applicable_entities";

interface Example {
  readonly global_id?: string;
  readonly entity?: string;
  readonly name?: string;
  readonly reason?: string;
}

interface Group {
  readonly facet: string;
  readonly reason: string;
  readonly count: number;
  readonly examples?: readonly Example[];
}

/** One specification as the summary (or the full report) gives it. */
interface SpecRow {
  readonly name: string;
  readonly identifier?: string | null;
  readonly status: Status;
  readonly applicable: number;
  readonly passed: number;
  readonly failed: number;
  readonly failure_groups?: readonly Group[];
  readonly more_failure_groups?: number;
  readonly omitted_failures?: number;
  readonly warning?: string;
  readonly skipped?: string;
  readonly hint?: { message?: string };
  readonly description?: string;
  readonly applicabilityText?: readonly string[];
  readonly requirementsText?: readonly string[];
}

/** One failing element in the table. */
interface Failure {
  readonly globalId: string;
  readonly entity: string;
  readonly name: string;
  readonly spec: string;
  readonly facet: string;
  readonly reason: string;
  /** Lower-cased text the filter searches. */
  readonly text: string;
}

interface FullFailure {
  readonly globalId?: string | null;
  readonly entity?: string;
  readonly name?: string | null;
  readonly facet?: string;
  readonly reason?: string;
}

interface FullSpec extends SpecRow {
  readonly failures?: readonly FullFailure[];
  readonly omittedFailures?: number;
}

const state = {
  app: undefined as App | undefined,
  result: undefined as Record<string, unknown> | undefined,
  specs: [] as SpecRow[],
  failures: [] as Failure[],
  shown: [] as Failure[],
  page: 0,
  full: false,
};

const STATUS_LABEL: Record<Status, string> = {
  passed: "Pass",
  failed: "Fail",
  no_applicable_entities: "n/a",
};

function badge(status: Status): HTMLElement {
  const cls = status === "failed" ? "s-fail" : status === "passed" ? "s-pass" : "s-invalid";
  return h("span", { class: `badge ${cls}` }, STATUS_LABEL[status]);
}

function specLabel(s: SpecRow): string {
  return s.identifier ? `${s.identifier} ${s.name}` : s.name;
}

function rateBar(s: SpecRow): HTMLElement {
  if (s.applicable === 0) {
    return h("div", { class: "rate" }, h("div", { class: "bar none" }), h("span", {}, "n/a"));
  }
  const pct = (100 * s.passed) / s.applicable;
  const bar = h("div", { class: "bar", title: `${num(s.passed)} of ${num(s.applicable)} passed` });
  bar.append(h("i", { style: `width:${pct.toFixed(2)}%` }));
  const label = pct === 100 || pct === 0 ? pct.toFixed(0) : pct.toFixed(1);
  return h("div", { class: "rate" }, bar, h("span", {}, `${label}%`));
}

function textList(title: string, items: readonly string[] | undefined): Node[] {
  if (!items?.length) return [];
  return [h("h3", {}, title), h("ul", {}, ...items.map((t) => h("li", {}, t)))];
}

function specSection(s: SpecRow, index: number): HTMLElement {
  const body = h("div", { class: "body" });
  if (s.description) body.append(h("p", {}, s.description));
  if (s.skipped) body.append(h("p", { class: "note" }, `Not checked: ${s.skipped}`));
  if (s.warning) body.append(h("p", { class: "note" }, `Warning: ${s.warning}`));
  if (s.hint?.message) body.append(h("p", { class: "note" }, `Hint: ${s.hint.message}`));
  body.append(...textList("Applies to", s.applicabilityText));
  body.append(...textList("Requirements", s.requirementsText));
  const groups = s.failure_groups ?? [];
  if (groups.length) {
    body.append(
      h("h3", {}, "Why elements failed"),
      h(
        "table",
        { class: "groups" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { class: "n" }, "Count"),
            h("th", {}, "Facet"),
            h("th", {}, "Reason"),
          ),
        ),
        h(
          "tbody",
          {},
          ...groups.map((g) =>
            h(
              "tr",
              {},
              h("td", { class: "n" }, num(g.count)),
              h("td", {}, g.facet),
              h("td", {}, g.reason),
            )
          ),
        ),
      ),
    );
    if (s.more_failure_groups) {
      body.append(
        h(
          "p",
          { class: "muted" },
          `… and ${num(s.more_failure_groups)} more reasons (load the full report).`,
        ),
      );
    }
  } else if (s.status === "failed") {
    body.append(h("p", { class: "muted" }, "Reasons: see the failing elements below."));
  } else {
    body.append(
      h(
        "p",
        { class: "muted" },
        s.applicable
          ? "Every applicable element meets the requirements."
          : "No applicable elements.",
      ),
    );
  }
  return h(
    "details",
    {
      class: "spec",
      id: `spec-${index + 1}`,
      "data-spec-row": true,
      "data-status": s.status,
      open: s.status === "failed",
    },
    h(
      "summary",
      {},
      badge(s.status),
      h("span", { class: "name" }, specLabel(s)),
      h(
        "span",
        { class: "counts" },
        `${num(s.applicable)} applicable · ${num(s.passed)} passed · ${num(s.failed)} failed`,
      ),
      rateBar(s),
    ),
    body,
  );
}

function failure(spec: SpecRow, facet: string, reason: string, e: FullFailure): Failure {
  const f = {
    globalId: e.globalId ?? "",
    entity: e.entity ?? "",
    name: e.name ?? "",
    spec: specLabel(spec),
    facet,
    reason,
  };
  return { ...f, text: Object.values(f).join("\n").toLowerCase() };
}

/** The example elements of the summary's failure groups. */
function summaryFailures(specs: readonly SpecRow[]): Failure[] {
  const out: Failure[] = [];
  for (const s of specs) {
    for (const g of s.failure_groups ?? []) {
      for (const e of g.examples ?? []) {
        out.push(failure(s, g.facet, e.reason ?? g.reason, {
          globalId: e.global_id,
          entity: e.entity,
          name: e.name,
        }));
      }
    }
  }
  return out;
}

function renderSpecs(): void {
  const box = byId("specs");
  box.replaceChildren(...state.specs.map(specSection));
  applyStatusFilter();
}

function applyStatusFilter(): void {
  const want = byId<HTMLSelectElement>("status-filter").value;
  const rows = [...document.querySelectorAll<HTMLElement>("[data-spec-row]")];
  let n = 0;
  for (const r of rows) {
    const show = want === "all" || r.dataset.status === want;
    r.hidden = !show;
    if (show) n++;
  }
  byId("specs-shown").textContent = `${num(n)} of ${num(rows.length)} specifications shown`;
}

function applyFilter(): void {
  const q = byId<HTMLInputElement>("filter").value.trim().toLowerCase();
  state.shown = q ? state.failures.filter((f) => f.text.includes(q)) : state.failures;
  state.page = 0;
  renderPage();
}

function renderPage(): void {
  const total = state.shown.length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  state.page = Math.min(Math.max(0, state.page), pages - 1);
  const from = state.page * PAGE_SIZE;
  const rows = state.shown.slice(from, from + PAGE_SIZE).map((f) =>
    h(
      "tr",
      { class: "f", "data-failure-row": true },
      h("td", { class: "id" }, f.globalId || "(specification)"),
      h("td", { class: "id" }, f.entity),
      h("td", {}, f.name),
      h("td", { class: "spec-link" }, f.spec),
      h("td", {}, f.facet),
      h("td", { class: "reason" }, f.reason),
    )
  );
  byId("failures").replaceChildren(...rows);
  byId("page-info").textContent = total
    ? `${num(from + 1)}–${num(from + rows.length)} of ${num(total)} · page ${
      state.page + 1
    } of ${pages}`
    : "no failing elements";
  byId<HTMLButtonElement>("page-prev").disabled = state.page === 0;
  byId<HTMLButtonElement>("page-next").disabled = state.page >= pages - 1;
  const all = state.failures.length;
  byId("failures-shown").textContent = total === all
    ? `${num(all)} ${state.full ? "recorded" : "example"} failures`
    : `${num(total)} of ${num(all)} ${state.full ? "recorded" : "example"} failures match`;
}

function metaRow(label: string, value: unknown): Node[] {
  return value === undefined || value === null || value === ""
    ? []
    : [h("dt", {}, label), h("dd", {}, String(value))];
}

function showSummary(s: Record<string, unknown>): void {
  const report = (s.report ?? {}) as Record<string, unknown>;
  const overall = String(s.overall_status ?? report.status ?? "invalid");
  byId("title").textContent = String(report.title ?? "IDS check");
  const duration = typeof report.duration_ms === "number"
    ? (report.duration_ms < 1000
      ? `${Math.round(report.duration_ms)} ms`
      : `${(report.duration_ms / 1000).toFixed(2)} s`)
    : undefined;
  byId("meta").replaceChildren(
    ...metaRow("Model", report.model),
    ...metaRow("Schema", s.schema ?? report.schema),
    ...metaRow("Duration", duration),
    ...metaRow(
      "Full report",
      s.report_uri ? `${s.report_uri} (${s.report_format})` : s.report_error,
    ),
  );
  const total = Number(s.total_specifications ?? 0);
  const failed = Number(s.failed_specifications ?? 0);
  const verdict = byId("verdict");
  const cls = overall === "pass" ? "s-pass" : overall === "fail" ? "s-fail" : "s-invalid";
  verdict.className = `verdict ${cls}`;
  verdict.replaceChildren(
    overall.toUpperCase(),
    h(
      "small",
      {},
      overall === "pass"
        ? "all specifications met"
        : overall === "fail"
        ? `${failed} of ${total} specifications failed`
        : "nothing checked",
    ),
  );
  byId("cards").replaceChildren(
    h("div", { class: "card" }, h("b", {}, num(total)), h("span", {}, "specifications")),
    h(
      "div",
      { class: "card" },
      h("b", { style: "color:var(--pass)" }, num(Number(s.passed_specifications ?? 0))),
      h("span", {}, "passed"),
    ),
    h(
      "div",
      { class: "card" },
      h("b", { style: "color:var(--fail)" }, num(failed)),
      h("span", {}, "failed"),
    ),
  );
  const notes = [report.trimmed, report.failures_truncated, s.report_note]
    .filter((n) => typeof n === "string" && n !== "") as string[];
  if (typeof report.specifications_omitted === "number") {
    notes.unshift(
      `${
        num(report.specifications_omitted)
      } specifications are not in the summary; load the full report for them.`,
    );
  }
  const errors = Array.isArray(report.errors) ? report.errors as { message?: string }[] : [];
  for (const e of errors) if (e.message) notes.push(e.message);
  const notesEl = byId("notes");
  notesEl.textContent = notes.join(" ");
  notesEl.hidden = notes.length === 0;

  state.specs = (Array.isArray(report.specifications) ? report.specifications : []) as SpecRow[];
  state.failures = summaryFailures(state.specs);
  state.full = false;
  renderSpecs();
  applyFilter();
  const load = byId<HTMLButtonElement>("load-full");
  const uri = typeof s.report_uri === "string" ? s.report_uri : undefined;
  load.disabled = uri === undefined;
  byId("full-status").textContent = uri === undefined
    ? `The full report is not available${s.report_error ? `: ${s.report_error}` : "."}`
    : s.report_format !== "json"
    ? `The full report was stored as ${s.report_format}; only a json report can be shown here (run the check with report_format json).`
    : `Showing the example elements of the summary; "Load full report" lists every recorded failure.`;
  if (s.report_format !== "json") load.disabled = true;
  byId("report").hidden = false;
  say("");
}

/** Reads the JSON report through the host and lists every recorded failure. */
async function loadFull(): Promise<void> {
  const s = state.result;
  const uri = typeof s?.report_uri === "string" ? s.report_uri : undefined;
  if (!state.app || !uri) return;
  const button = byId<HTMLButtonElement>("load-full");
  button.disabled = true;
  byId("full-status").textContent = `Loading ${uri}…`;
  try {
    const read = await state.app.readServerResource({ uri });
    const full = JSON.parse(resourceText(read, uri)) as {
      specifications?: FullSpec[];
      truncated?: string;
    };
    const specs = full.specifications ?? [];
    // Keep the summary's grouped reasons for the specifications it had.
    const groups = new Map(state.specs.map((x) => [specLabel(x), x]));
    state.specs = specs.map((x) => {
      const had = groups.get(specLabel(x));
      return {
        ...x,
        failure_groups: had?.failure_groups,
        more_failure_groups: had?.more_failure_groups,
      };
    });
    state.failures = specs.flatMap((x) =>
      (x.failures ?? []).map((f) => failure(x, f.facet ?? "", f.reason ?? "", f))
    );
    state.full = true;
    renderSpecs();
    applyFilter();
    const omitted = specs.reduce((n, x) => n + (x.omittedFailures ?? 0), 0);
    byId("full-status").textContent =
      `Full report loaded: ${num(state.failures.length)} recorded failures` +
      (omitted ? `; ${num(omitted)} more were counted but not recorded (max_failures)` : "") +
      (full.truncated ? `. ${full.truncated}` : ".");
    button.textContent = "Full report loaded";
  } catch (e) {
    button.disabled = false;
    byId("full-status").textContent = `Could not load ${uri} through the host: ${
      (e as Error).message
    }`;
  }
}

function onResult(result: ToolResult): void {
  const s = result.structuredContent;
  if (!s || (result.isError && !s.report)) {
    byId("report").hidden = true;
    say(
      result.isError ? `The check failed: ${resultText(result)}` : "The tool result has no report.",
      "error",
    );
    return;
  }
  state.result = s;
  showSummary(s);
  if (result.isError) say(`The check could not run: ${resultText(result)}`, "error");
}

function wire(): void {
  byId("status-filter").addEventListener("change", applyStatusFilter);
  byId("filter").addEventListener("input", debounce(applyFilter, 120));
  byId("load-full").addEventListener("click", () => void loadFull());
  byId("page-prev").addEventListener("click", () => {
    state.page--;
    renderPage();
  });
  byId("page-next").addEventListener("click", () => {
    state.page++;
    renderPage();
  });
  const all = (open: boolean) => () => {
    for (const d of document.querySelectorAll<HTMLDetailsElement>("details[data-spec-row]")) {
      d.open = open;
    }
  };
  byId("expand-all").addEventListener("click", all(true));
  byId("collapse-all").addEventListener("click", all(false));
}

wire();
connectApp("ids-mcp check report", {
  onResult,
  onInput(args) {
    const what = args.ifc_file_path ?? (args.ifc_content ? "the model in the call" : "the model");
    if (!state.result) say(`Checking ${String(what)} against the session's IDS…`);
  },
}).then((app) => {
  state.app = app;
}, (e: Error) => say(`Could not connect to the host: ${e.message}`, "error"));
