/**
 * The static part of each app page: the body the script fills in (with the message shown until
 * a tool result arrives) and the CSS the apps add to the HTML report's and spec sheet's own
 * (host themes, paging). scripts/build_apps.ts puts them, the existing report/sheet CSS and the
 * bundled script into one HTML file per app.
 *
 * @module
 */

/**
 * Host theming on top of the report/sheet CSS: the host's colours when it gives them
 * (`--color-*` variables of the MCP Apps spec), and dark values for `data-theme="dark"`
 * (set by ext-apps' `applyDocumentTheme` from the host context).
 */
export const APP_CSS = `
:root{--bg:var(--color-background-primary,#fff);--fg:var(--color-text-primary,#1f2328);
--muted:var(--color-text-secondary,#59636e);--line:var(--color-border-primary,#d1d9e0);
--head:var(--color-background-secondary,#f6f8fa)}
:root[data-theme=dark]{--bg:var(--color-background-primary,#0d1117);--fg:var(--color-text-primary,#e6edf3);
--muted:var(--color-text-secondary,#9198a1);--line:var(--color-border-primary,#3d444d);
--head:var(--color-background-secondary,#151b23);--accent:#4493f8;
--pass:#3fb950;--pass-bg:#12261e;--fail:#f85149;--fail-bg:#3c1618;--inv:#d29922;--inv-bg:#37290e;
--req:#4493f8;--req-bg:#0d2a4a;--opt:#3fb950;--opt-bg:#12261e;--pro:#f85149;--pro-bg:#3c1618}
body{background:var(--bg);color:var(--fg);font-family:var(--font-sans,system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif)}
main{padding:16px}
.toolbar{background:var(--bg)}
.toolbar input,.toolbar select,.toolbar button,.pager button{background:var(--bg);color:var(--fg)}
.pager{display:flex;gap:10px;align-items:center;justify-content:flex-end;padding:8px 0}
.pager button{font:inherit;padding:4px 10px;border:1px solid var(--line);border-radius:6px;cursor:pointer}
button:disabled{opacity:.5;cursor:default}
#message.note{color:var(--muted);padding:10px 0}
#message.error{background:var(--fail-bg);color:var(--fail);border-radius:6px;padding:8px 12px}
.groups td.n{width:70px}
.spec-link{color:var(--muted);font-size:12px}
`;

/** The check-report app's body; src/mcp/apps/pages/report.ts fills it in. */
export const REPORT_BODY = `<main>
<p id="message" class="note">Waiting for a validate_ifc_model result from the host…</p>
<div id="report" hidden>
<header><div><h1 id="title">IDS check</h1><dl class="meta" id="meta"></dl></div>
<div id="verdict" class="verdict"></div></header>
<p id="notes" class="muted" hidden></p>
<div class="cards" id="cards"></div>
<h2>Specifications</h2>
<div class="toolbar"><select id="status-filter" aria-label="Status"><option value="all">All statuses</option>
<option value="failed">Failed</option><option value="passed">Passed</option>
<option value="no_applicable_entities">No applicable elements</option></select>
<button id="expand-all" type="button">Expand all</button>
<button id="collapse-all" type="button">Collapse all</button>
<output id="specs-shown"></output></div>
<div id="specs"></div>
<h2>Failing elements</h2>
<div class="toolbar"><input id="filter" type="search" aria-label="Filter failing elements"
placeholder="Filter by GlobalId, name, entity, facet, reason, specification…">
<button id="load-full" type="button">Load full report</button>
<output id="failures-shown"></output></div>
<p id="full-status" class="muted"></p>
<table class="failures"><thead><tr><th>GlobalId</th><th>Entity</th><th>Name</th>
<th>Specification</th><th>Facet</th><th>Reason</th></tr></thead><tbody id="failures"></tbody></table>
<div class="pager"><button id="page-prev" type="button">‹ Previous</button>
<span id="page-info"></span><button id="page-next" type="button">Next ›</button></div>
</div>
</main>`;

/** The spec-sheet app's body; src/mcp/apps/pages/spec_sheet.ts fills it in. */
export const SPEC_SHEET_BODY = `<main>
<p id="message" class="note">Waiting for a render_ids result from the host…</p>
<div id="sheet" hidden></div>
<p id="actions" hidden><button id="reload" type="button">Reload from the session</button></p>
</main>`;
