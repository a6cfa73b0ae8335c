/**
 * The spec sheet as one self-contained HTML page, for modellers who receive an IDS and cannot
 * read XML: inline CSS, a few lines of vanilla script (filter, expand/collapse) and a Content
 * Security Policy that forbids any network access, so it works offline and mailed around.
 * Readable with scripting off; `@media print` drops the toolbar and opens every section so it
 * prints to PDF cleanly. Every string from the IDS is escaped. Pure: returns the page.
 *
 * @module
 */
import { escapeHtml as esc } from "./escape.ts";
import type { SheetClassTable, SheetSpecification, SpecSheet } from "./spec_sheet.ts";
import { TOOLBAR_CSS } from "./toolbar_css.ts";

const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--head:#f6f8fa;--req:#0969da;--req-bg:#ddf4ff;
--opt:#1a7f37;--opt-bg:#dafbe1;--pro:#cf222e;--pro-bg:#ffebe9}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
color:var(--fg);background:#fff}
main{max-width:1100px;margin:0 auto;padding:24px}
header{border-bottom:1px solid var(--line);padding-bottom:12px}
h1{font-size:22px;margin:0 0 8px}
h3{font-size:13px;margin:14px 0 4px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
h4{font-size:14px;margin:14px 0 6px}
dl.meta{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;margin:0;color:var(--muted)}
dl.meta dt{font-weight:600}dl.meta dd{margin:0;color:var(--fg)}
.badge{display:inline-block;font-size:12px;font-weight:700;padding:1px 8px;border-radius:10px}
.c-required{color:var(--req);background:var(--req-bg)}.c-optional{color:var(--opt);background:var(--opt-bg)}
.c-prohibited{color:var(--pro);background:var(--pro-bg)}
${TOOLBAR_CSS}
details.spec{border:1px solid var(--line);border-radius:8px;margin:10px 0}
details.spec>summary{cursor:pointer;padding:10px 14px;display:flex;gap:10px;align-items:center;
list-style:none;background:var(--head);border-radius:8px}
details.spec[open]>summary{border-bottom:1px solid var(--line);border-radius:8px 8px 0 0}
details.spec>summary::before{content:"\\25B8";color:var(--muted)}details.spec[open]>summary::before{content:"\\25BE"}
summary .name{font-weight:600;flex:1}summary .ver{color:var(--muted);font-size:12px}
.body{padding:4px 14px 14px}
ul.sentences{margin:4px 0;padding-left:20px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:baseline}
th{background:var(--head);font-weight:600;font-size:12px}
td code{font-size:12px}
.muted{color:var(--muted)}.hidden{display:none}
.empty{color:var(--muted);font-style:italic}
footer{margin-top:24px;color:var(--muted);font-size:12px}
@media print{.toolbar,.noprint{display:none}main{max-width:none;padding:0}
details.spec{break-inside:auto;border:none;border-top:1px solid var(--line);border-radius:0}
details.spec>summary{background:none;break-after:avoid}details.spec>summary::before{content:""}
thead{display:table-header-group}tr{break-inside:avoid}h4{break-after:avoid}
.badge{border:1px solid currentColor}@page{margin:15mm}}
`;

/** Filters specifications and property rows, expands/collapses; opens all before printing. */
const SCRIPT = `(function(){
var q=document.getElementById("q"),c=document.getElementById("card"),out=document.getElementById("shown");
var specs=[].slice.call(document.querySelectorAll("details.spec"));
function apply(){var t=q.value.trim().toLowerCase(),k=c.value,n=0;
specs.forEach(function(s){var rows=[].slice.call(s.querySelectorAll("tr.prop"));
var head=(s.getAttribute("data-text")||"").indexOf(t)>=0,any=(s.getAttribute("data-req")||"").indexOf(t)>=0;
rows.forEach(function(r){var m=!t||head||(r.getAttribute("data-text")||"").indexOf(t)>=0;
r.classList.toggle("hidden",!m);if(m&&t)any=true;});
var ok=(k==="all"||s.getAttribute("data-card")===k)&&(!t||head||any);
s.classList.toggle("hidden",!ok);if(ok){n++;if(t)s.open=true;}});
out.value=n+" of "+specs.length+" specifications shown";}
q.addEventListener("input",apply);c.addEventListener("change",apply);
document.getElementById("expand").addEventListener("click",function(){specs.forEach(function(s){s.open=true;});});
document.getElementById("collapse").addEventListener("click",function(){specs.forEach(function(s){s.open=false;});});
window.addEventListener("beforeprint",function(){specs.forEach(function(s){s.open=true;});});
apply();})();`;

function classTable(t: SheetClassTable): string {
  const rows = t.properties.map((p) => {
    const text = [p.propertySet, p.name, p.dataType ?? "", p.allowedValues, p.obligation]
      .join(" ").toLowerCase();
    return `<tr class="prop" data-text="${esc(text)}"><td>${esc(p.propertySet)}</td>` +
      `<td><b>${esc(p.name)}</b>${
        p.instructions ? `<br><span class="muted">${esc(p.instructions)}</span>` : ""
      }</td>` +
      `<td>${
        p.dataType ? `<code>${esc(p.dataType)}</code>` : `<span class="muted">any</span>`
      }</td>` +
      `<td>${p.unit ? esc(p.unit) : `<span class="muted">–</span>`}</td>` +
      `<td>${esc(p.allowedValues)}</td>` +
      `<td><span class="badge c-${p.obligation}">${esc(p.obligation)}</span></td></tr>`;
  });
  const heading = `${esc(t.className)}${
    t.predefinedType ? ` <span class="muted">(predefined type ${esc(t.predefinedType)})</span>` : ""
  }`;
  return `<h4>${heading}</h4><table><thead><tr><th>Property set</th><th>Property</th>` +
    `<th>Data type</th><th>Unit</th><th>Allowed values</th><th>Obligation</th></tr></thead>` +
    `<tbody>${rows.join("")}</tbody></table>`;
}

function list(items: readonly string[], empty: string): string {
  return items.length
    ? `<ul class="sentences">${items.map((s) => `<li>${esc(s)}</li>`).join("")}</ul>`
    : `<p class="empty">${esc(empty)}</p>`;
}

function section(s: SheetSpecification): string {
  // A match in the heading (name, applicability) shows the whole section; one in a
  // requirement sentence shows the section with only the property rows that match.
  const heading = [s.name, s.identifier ?? "", s.description ?? "", ...s.applicability]
    .join(" ").toLowerCase();
  const requirements = s.requirements.join(" ").toLowerCase();
  const parts = [
    `<details class="spec" open data-card="${s.cardinality.kind}" data-text="${esc(heading)}" ` +
    `data-req="${esc(requirements)}">`,
    `<summary><span class="muted">${s.index}.</span><span class="name">${esc(s.name)}${
      s.identifier ? ` <span class="muted">[${esc(s.identifier)}]</span>` : ""
    }</span><span class="ver">${esc(s.ifcVersions.join(", "))}</span>` +
    `<span class="badge c-${s.cardinality.kind}">${s.cardinality.kind}</span></summary>`,
    `<div class="body">`,
  ];
  if (s.description) parts.push(`<p>${esc(s.description)}</p>`);
  if (s.instructions) parts.push(`<p class="muted">Instructions: ${esc(s.instructions)}</p>`);
  parts.push(`<p>${esc(s.cardinality.words)} IFC versions: ${esc(s.ifcVersions.join(", "))}.</p>`);
  parts.push(`<h3>Applies to</h3>`, list(s.applicability, "every element"));
  parts.push(`<h3>Requirements</h3>`);
  if (s.requirementsDescription) parts.push(`<p>${esc(s.requirementsDescription)}</p>`);
  parts.push(list(s.requirements, "none: matching elements only have to exist (or not)"));
  if (s.tables.length) {
    parts.push(`<h3>Properties per class</h3>`, ...s.tables.map(classTable));
  }
  parts.push(`</div></details>`);
  return parts.join("\n");
}

/** The spec sheet as a self-contained HTML page. */
export function specSheetHtml(sheet: SpecSheet): string {
  const n = sheet.specifications.length;
  const out = [
    `<!doctype html>`,
    `<html lang="en"><head><meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width,initial-scale=1">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; ` +
    `style-src 'unsafe-inline'; script-src 'unsafe-inline'">`,
    `<title>${esc(sheet.title)} — IDS spec sheet</title>`,
    `<style>${CSS}</style></head><body><main>`,
    `<header><h1>${esc(sheet.title)}</h1><dl class="meta">`,
    ...sheet.info.map((i) => `<dt>${esc(i.label)}</dt><dd>${esc(i.value)}</dd>`),
    `<dt>Specifications</dt><dd>${n}</dd>`,
    `<dt>IFC versions</dt><dd>${esc(sheet.ifcVersions.join(", ") || "none")}</dd>`,
    `</dl></header>`,
  ];
  if (n) {
    out.push(
      `<div class="toolbar noprint">` +
        `<input id="q" type="search" placeholder="Filter by specification, class, property, value…" ` +
        `aria-label="Filter">` +
        `<select id="card" aria-label="Cardinality"><option value="all">All</option>` +
        `<option value="required">Required</option><option value="optional">Optional</option>` +
        `<option value="prohibited">Prohibited</option></select>` +
        `<button id="expand" type="button">Expand all</button>` +
        `<button id="collapse" type="button">Collapse all</button>` +
        `<output id="shown">${n} of ${n} specifications shown</output></div>`,
      ...sheet.specifications.map(section),
    );
  } else out.push(`<p class="empty">This IDS has no specifications yet.</p>`);
  out.push(
    `<footer>Values of measures are in SI units, as IDS 1.0 defines. Rendered by ids-mcp.</footer>`,
    `</main>`,
    n ? `<script>${SCRIPT}</script>` : "",
    `</body></html>`,
  );
  return out.filter((s) => s !== "").join("\n") + "\n";
}
