/**
 * The HTML report: one self-contained file a BIM coordinator opens in a browser, prints or
 * mails around. Everything is inline (CSS, a few lines of vanilla JS) and a Content Security
 * Policy forbids any network access, so the file works offline and cannot leak the model.
 *
 * All text from the IDS and the model goes through {@link escapeHtml}: an element named
 * `<script>` is shown, never executed. The script only filters and expands what is already in
 * the DOM; the report is fully readable (and printable) with scripting off.
 *
 * @module
 */

import { escapeHtml as esc } from "./escape.ts";
import {
  type CheckFailure,
  type CheckReport,
  type CheckStatus,
  invalidInputLabel,
  type SpecificationResult,
} from "./types.ts";
import { TOOLBAR_CSS } from "../../ids/render/toolbar_css.ts";

export interface HtmlOptions {
  /**
   * Failing elements listed per specification (default 5000). Beyond this the table says how
   * many were left out: a browser struggles with hundreds of thousands of rows, and the JSON
   * report has them all.
   */
  readonly maxFailuresPerSpec?: number;
}

const STATUS_LABEL: Record<CheckStatus, string> = {
  pass: "Pass",
  fail: "Fail",
  invalid: "Invalid",
};

const CSS = `
:root{--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--inv:#9a6700;
--inv-bg:#fff8c5;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--head:#f6f8fa;--accent:#0969da}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
color:var(--fg);background:#fff}
main{max-width:1200px;margin:0 auto;padding:24px}
header{display:flex;flex-wrap:wrap;gap:16px 32px;align-items:flex-start;justify-content:space-between;
border-bottom:1px solid var(--line);padding-bottom:16px}
h1{font-size:22px;margin:0 0 8px}
h2{font-size:17px;margin:28px 0 10px}
h3{font-size:13px;margin:14px 0 4px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
dl.meta{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;margin:0;color:var(--muted)}
dl.meta dt{font-weight:600}dl.meta dd{margin:0;color:var(--fg);word-break:break-all}
.verdict{font-size:20px;font-weight:700;padding:10px 18px;border-radius:8px;text-align:center;min-width:160px}
.verdict small{display:block;font-size:12px;font-weight:400}
.badge{display:inline-block;font-size:12px;font-weight:700;padding:1px 8px;border-radius:10px;
min-width:58px;text-align:center}
.s-pass{color:var(--pass);background:var(--pass-bg)}.s-fail{color:var(--fail);background:var(--fail-bg)}
.s-invalid{color:var(--inv);background:var(--inv-bg)}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:140px}
.card b{display:block;font-size:20px}.card span{color:var(--muted);font-size:12px}
${TOOLBAR_CSS}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:baseline}
th{background:var(--head);font-weight:600;font-size:12px}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{position:relative;height:10px;min-width:90px;background:var(--fail-bg);border-radius:5px;overflow:hidden}
.bar i{position:absolute;left:0;top:0;bottom:0;background:var(--pass)}
.bar.none{background:var(--head)}
.rate{display:flex;gap:8px;align-items:center}.rate span{font-size:12px;color:var(--muted);min-width:40px}
details.spec{border:1px solid var(--line);border-radius:8px;margin:10px 0}
details.spec>summary{cursor:pointer;padding:10px 14px;display:flex;gap:10px;align-items:center;
list-style:none;background:var(--head);border-radius:8px}
details.spec[open]>summary{border-bottom:1px solid var(--line);border-radius:8px 8px 0 0}
details.spec>summary::before{content:"\\25B8";color:var(--muted)}details.spec[open]>summary::before{content:"\\25BE"}
summary .name{font-weight:600;flex:1}summary .counts{color:var(--muted);font-size:12px;white-space:nowrap}
.body{padding:4px 14px 14px}
.body ul{margin:4px 0;padding-left:20px}
.id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.muted{color:var(--muted)}
.note{background:var(--inv-bg);color:var(--inv);border-radius:6px;padding:6px 10px}
.flag{color:var(--inv);font-size:12px;margin-left:6px}
.failures td:nth-child(1){white-space:nowrap}
.failures td.reason{width:40%}
tr.hidden,details.hidden,.hidden{display:none}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
footer{margin-top:32px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:10px}
@media print{.toolbar,.noprint{display:none}main{max-width:none;padding:0}
details.spec{break-inside:auto;border:none}details.spec>summary{background:none;padding-left:0}
details.spec>summary::before,details.spec[open]>summary::before{content:none}tr{break-inside:avoid}
.badge,.bar i,.verdict{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`;

/*
 * Filters by text (against spec names and failure rows) and by status; opens every section
 * before printing so the printout is complete.
 */
const SCRIPT = `
(function(){
var q=document.getElementById('q'),st=document.getElementById('status'),out=document.getElementById('shown');
var specs=[].slice.call(document.querySelectorAll('details.spec'));
function apply(){
  var text=q.value.trim().toLowerCase(),status=st.value,nSpecs=0,nRows=0;
  specs.forEach(function(d){
    var okStatus=status==='all'||d.getAttribute('data-status')===status;
    var head=d.querySelector('summary').textContent.toLowerCase();
    var rows=[].slice.call(d.querySelectorAll('tr.f')),hit=0;
    rows.forEach(function(r){
      var show=!text||head.indexOf(text)>=0||r.textContent.toLowerCase().indexOf(text)>=0;
      r.classList.toggle('hidden',!show);if(show)hit++;
    });
    var show=okStatus&&(!text||head.indexOf(text)>=0||hit>0);
    d.classList.toggle('hidden',!show);
    var row=document.getElementById('row-'+d.id);if(row)row.classList.toggle('hidden',!show);
    if(show){nSpecs++;nRows+=hit;if(text&&hit>0)d.open=true;}
  });
  out.textContent=nSpecs+' of '+specs.length+' specifications, '+nRows+' failure rows shown';
}
var timer;q.addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(apply,120);});st.addEventListener('change',apply);
document.getElementById('expand').addEventListener('click',function(){specs.forEach(function(d){d.open=true;});});
document.getElementById('collapse').addEventListener('click',function(){specs.forEach(function(d){d.open=false;});});
window.addEventListener('beforeprint',function(){specs.forEach(function(d){d.open=true;});});
apply();
})();
`;

/** Counts with thousands separators (31,600), independent of the viewer's locale. */
function num(n: number): string {
  // toLocaleString costs ~50 µs a call: seconds for a report of 10,000 specifications.
  if (!Number.isInteger(n)) return n.toLocaleString("en-US");
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function badge(status: CheckStatus): string {
  return `<span class="badge s-${status}">${STATUS_LABEL[status]}</span>`;
}

function rateBar(spec: SpecificationResult): string {
  if (spec.applicable === 0) {
    return `<div class="rate"><div class="bar none"></div><span>n/a</span></div>`;
  }
  if (spec.occurs === "prohibited") {
    // Every applicable element of a prohibited specification is a violation.
    return `<div class="rate"><div class="bar" title="prohibited: ${num(spec.applicable)} ` +
      `element(s) should not exist"><i style="width:0%"></i></div><span>0%</span></div>`;
  }
  const pct = (100 * spec.passed) / spec.applicable;
  const label = pct === 100 || pct === 0 ? pct.toFixed(0) : pct.toFixed(1);
  return `<div class="rate"><div class="bar" title="${num(spec.passed)} of ${
    num(spec.applicable)
  } passed">` +
    `<i style="width:${pct.toFixed(2)}%"></i></div><span>${label}%</span></div>`;
}

function specAnchor(index: number): string {
  return `spec-${index + 1}`;
}

function specTitle(spec: SpecificationResult): string {
  const id = spec.identifier ? `<span class="id muted">${esc(spec.identifier)}</span> ` : "";
  return `${id}${esc(spec.name)}`;
}

function occursText(spec: SpecificationResult): string {
  switch (spec.occurs) {
    case "required":
      return "Required: at least one element must be applicable.";
    case "prohibited":
      return "Prohibited: no element may be applicable.";
    case "optional":
      return "Optional: applies to any matching elements, none required.";
    default:
      return "";
  }
}

function textList(title: string, items: readonly string[] | undefined): string {
  if (!items?.length) return "";
  return `<h3>${esc(title)}</h3><ul>${items.map((t) => `<li>${esc(t)}</li>`).join("")}</ul>`;
}

function failureRow(f: CheckFailure): string {
  const gid = f.globalId
    ? `<span class="id">${esc(f.globalId)}</span>`
    : `<span class="muted">(specification)</span>`;
  const step = f.stepId !== undefined ? ` <span class="muted id">#${f.stepId}</span>` : "";
  return `<tr class="f"><td>${gid}${step}</td><td class="id">${esc(f.entity)}</td>` +
    `<td>${esc(f.name ?? "")}</td><td>${esc(f.facet)}</td><td class="reason">${
      esc(f.reason)
    }</td></tr>`;
}

/**
 * "Failing elements (3)", "(3 · 4 failed requirements)" when some fail several facets, or "Why
 * it failed" when only the specification itself failed (e.g. nothing applicable).
 */
function failureHeading(spec: SpecificationResult): string {
  const failures = spec.failures;
  const elements = new Set(failures.filter((f) => f.globalId).map((f) => f.globalId)).size;
  const elementRows = failures.filter((f) => f.globalId).length;
  if (spec.omittedFailures) {
    return `Failing elements (${num(spec.failed)}; the first ${num(elements)} recorded)`;
  }
  if (elements === 0) return "Why it failed";
  const extra = elements === elementRows ? "" : ` · ${num(elementRows)} failed requirements`;
  return `Failing elements (${num(elements)}${extra})`;
}

function specSection(spec: SpecificationResult, index: number, max: number): string {
  const parts: string[] = [];
  const open = spec.status === "pass" ? "" : " open";
  parts.push(
    `<details class="spec" id="${specAnchor(index)}" data-status="${spec.status}"${open}>`,
    `<summary>${badge(spec.status)}<span class="name">${specTitle(spec)}</span>` +
      `<span class="counts">${num(spec.applicable)} applicable · ${num(spec.passed)} passed · ` +
      `${num(spec.failed)} failed</span></summary>`,
    `<div class="body">`,
  );
  if (spec.description) parts.push(`<p>${esc(spec.description)}</p>`);
  if (spec.instructions) {
    parts.push(`<p><b>Instructions:</b> ${esc(spec.instructions)}</p>`);
  }
  if (spec.skipped) parts.push(`<p class="note">Not checked: ${esc(spec.skipped)}</p>`);
  if (spec.warning) parts.push(`<p class="note">Warning: ${esc(spec.warning)}</p>`);
  if (spec.hint) parts.push(`<p class="note">Hint: ${esc(spec.hint.message)}</p>`);
  const occurs = occursText(spec);
  if (occurs) parts.push(`<p class="muted">${esc(occurs)}</p>`);
  parts.push(textList("Applies to", spec.applicabilityText));
  parts.push(textList("Requirements", spec.requirementsText));
  if (spec.failures.length || spec.omittedFailures) {
    const shown = spec.failures.slice(0, max);
    parts.push(
      `<h3>${failureHeading(spec)}</h3>`,
      `<table class="failures"><thead><tr><th>GlobalId</th><th>Entity</th><th>Name</th>` +
        `<th>Facet</th><th>Reason</th></tr></thead><tbody>`,
      shown.map(failureRow).join("\n"),
      `</tbody></table>`,
    );
    const hidden = spec.failures.length - shown.length;
    const omitted = spec.omittedFailures ?? 0;
    if (hidden > 0) {
      parts.push(
        `<p class="muted">… and ${num(hidden)} more failures not listed here; ` +
          `the JSON report (<code>--format json</code>) contains ${
            omitted ? "more" : "all"
          } of them.</p>`,
      );
    }
    if (omitted > 0) {
      parts.push(
        `<p class="muted">${num(omitted)} further failures were not recorded by the check ` +
          `(it keeps a limited number per specification; the counts above are exact).</p>`,
      );
    }
  } else if (spec.status === "pass") {
    parts.push(
      `<p class="muted">${
        spec.applicable
          ? "Every applicable element meets the requirements."
          : "No applicable elements."
      }</p>`,
    );
  }
  parts.push(`</div></details>`);
  return parts.join("\n");
}

/** A short marker in the summary table for skipped specifications and results with caveats. */
function flag(spec: SpecificationResult): string {
  if (spec.skipped) return `<span class="flag" title="${esc(spec.skipped)}">not checked</span>`;
  if (spec.warning) return `<span class="flag" title="${esc(spec.warning)}">⚠ warning</span>`;
  if (spec.hint) return `<span class="flag" title="${esc(spec.hint.message)}">⚠ subtypes</span>`;
  return "";
}

function summaryRow(spec: SpecificationResult, index: number): string {
  return `<tr id="row-${specAnchor(index)}"><td class="n">${index + 1}</td>` +
    `<td><a href="#${specAnchor(index)}">${specTitle(spec)}</a>${flag(spec)}</td>` +
    `<td>${badge(spec.status)}</td>` +
    `<td class="n">${num(spec.applicable)}</td><td class="n">${num(spec.passed)}</td>` +
    `<td class="n">${num(spec.failed)}</td><td>${rateBar(spec)}</td></tr>`;
}

function metaRow(label: string, value: string | undefined): string {
  return value ? `<dt>${esc(label)}</dt><dd>${esc(value)}</dd>` : "";
}

function duration(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Renders the report as one self-contained HTML document. */
export function renderHtml(report: CheckReport, options: HtmlOptions = {}): string {
  const max = Math.max(0, options.maxFailuresPerSpec ?? 5000);
  const specs = report.specifications;
  const title = report.title ?? "IDS check";
  const passedSpecs = specs.filter((s) => s.status === "pass").length;
  const failedSpecs = specs.filter((s) => s.status === "fail").length;
  const checks = specs.reduce((n, s) => n + s.applicable, 0);
  const failedChecks = specs.reduce((n, s) => n + s.failed, 0);
  const verdictNote = report.status === "pass"
    ? "all specifications met"
    : report.status === "fail"
    ? `${failedSpecs} of ${specs.length} specifications failed`
    : `${invalidInputLabel(report)} is invalid; nothing checked`;

  const out: string[] = [];
  out.push(
    `<!DOCTYPE html>`,
    `<html lang="en"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; ` +
      `style-src 'unsafe-inline'; script-src 'unsafe-inline'">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="generator" content="ids-mcp">`,
    `<title>${esc(`${STATUS_LABEL[report.status]} · ${title}`)}</title>`,
    `<style>${CSS}</style></head><body><main>`,
    `<header><div><h1>${esc(title)}</h1><dl class="meta">`,
    metaRow("IDS", report.ids),
    metaRow("Model", report.model),
    metaRow("Schema", report.schema),
    metaRow("Checked", report.checkedAt),
    metaRow("Duration", duration(report.durationMs)),
    `</dl></div>`,
    `<div class="verdict s-${report.status}">${STATUS_LABEL[report.status].toUpperCase()}` +
      `<small>${esc(verdictNote)}</small></div></header>`,
  );
  if (report.truncated) out.push(`<p class="muted">${esc(report.truncated)}</p>`);

  if (report.errors?.length) {
    out.push(
      `<h2>Why ${
        invalidInputLabel(report)
      } is invalid</h2><table><thead><tr><th>Kind</th><th>Message</th>` +
        `<th>Where</th></tr></thead><tbody>`,
      ...report.errors.map((e) => {
        const where = [e.path, e.line !== undefined ? `line ${e.line}` : undefined]
          .filter(Boolean).join(", ");
        return `<tr><td>${esc(e.kind)}</td><td>${esc(e.message)}</td><td>${esc(where)}</td></tr>`;
      }),
      `</tbody></table>`,
    );
  }

  if (report.idsFindings?.length) {
    out.push(
      `<h2>IDS findings</h2><p class="muted">The model was checked as the IDS is written; ` +
        `fix these in the IDS to be sure it says what is meant.</p>` +
        `<table><thead><tr><th>Severity</th><th>Code</th><th>Message</th><th>Where</th></tr>` +
        `</thead><tbody>`,
      ...report.idsFindings.map((f) => {
        const where = [f.path, f.line !== undefined ? `line ${f.line}` : undefined]
          .filter(Boolean).join(", ");
        return `<tr><td>${esc(f.severity)}</td><td>${esc(f.code)}</td><td>${
          esc(f.message)
        }</td><td>${esc(where)}</td></tr>`;
      }),
      `</tbody></table>`,
    );
  }

  out.push(
    `<div class="cards">`,
    `<div class="card"><b>${specs.length}</b><span>specifications</span></div>`,
    `<div class="card"><b style="color:var(--pass)">${passedSpecs}</b><span>passed</span></div>`,
    `<div class="card"><b style="color:var(--fail)">${failedSpecs}</b><span>failed</span></div>`,
    `<div class="card"><b>${num(failedChecks)} / ${
      num(checks)
    }</b><span>element checks failed</span></div>`,
    `</div>`,
  );

  if (specs.length) {
    out.push(
      `<h2>Summary</h2>`,
      `<table class="summary"><thead><tr><th class="n">#</th><th>Specification</th>` +
        `<th>Status</th><th class="n">Applicable</th><th class="n">Passed</th>` +
        `<th class="n">Failed</th><th>Pass rate</th></tr></thead><tbody>`,
      specs.map(summaryRow).join("\n"),
      `</tbody></table>`,
      `<h2>Specifications</h2>`,
      `<div class="toolbar noprint">` +
        `<input id="q" type="search" placeholder="Filter by GlobalId, name, entity, facet, reason…" ` +
        `aria-label="Filter">` +
        `<select id="status" aria-label="Status"><option value="all">All statuses</option>` +
        `<option value="fail">Failed</option><option value="pass">Passed</option>` +
        `<option value="invalid">Invalid</option></select>` +
        `<button id="expand" type="button">Expand all</button>` +
        `<button id="collapse" type="button">Collapse all</button>` +
        `<output id="shown"></output></div>`,
      ...specs.map((s, i) => specSection(s, i, max)),
    );
  }

  out.push(
    `<footer>Generated by ids-mcp from the buildingSMART IDS 1.0 checking rules.</footer>`,
    `</main>`,
    specs.length ? `<script>${SCRIPT}</script>` : "",
    `</body></html>`,
  );
  return out.filter((s) => s !== "").join("\n") + "\n";
}
