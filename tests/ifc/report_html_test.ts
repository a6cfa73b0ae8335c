import assert from "node:assert/strict";
import { renderHtml } from "../../src/ifc/report/html.ts";
import {
  cappedReport,
  caveatReport,
  failingReport,
  HOSTILE_NAME,
  invalidReport,
  manyFailures,
  passingReport,
} from "./report_sample_data.ts";

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

Deno.test("html: hostile names are escaped, only our own script runs", () => {
  const html = renderHtml(failingReport);
  assert.equal(html.includes(HOSTILE_NAME), false);
  assert.ok(
    html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;wall&#39;"),
  );
  assert.equal(count(html.toLowerCase(), "<script"), 1);
  assert.ok(html.includes("<title>Fail · Fire safety &lt;requirements&gt;</title>"));
  assert.ok(html.includes("tower &amp; annex.ifc"));
});

Deno.test("html: self-contained, no network", () => {
  const html = renderHtml(failingReport);
  assert.ok(html.startsWith("<!DOCTYPE html>"));
  assert.ok(html.includes(`content="default-src 'none';`));
  assert.equal(/\s(src|href)="(?!#)/i.test(html), false, "only in-page links");
  assert.equal(/@import|url\(/i.test(html), false);
});

Deno.test("html: header, summary table and a section per specification", () => {
  const html = renderHtml(failingReport);
  assert.ok(html.includes(`<div class="verdict s-fail">FAIL<small>2 of 3 specifications failed`));
  assert.ok(html.includes("<dt>Schema</dt><dd>IFC4</dd>"));
  assert.equal(count(html, `<details class="spec"`), 3);
  assert.equal(count(html, `<tr id="row-spec-`), 3);
  // failing specs open, passing closed
  assert.ok(html.includes(`id="spec-1" data-status="fail" open>`));
  assert.ok(html.includes(`id="spec-2" data-status="pass">`));
  // pass-rate bar: 1 of 4
  assert.ok(html.includes(`<i style="width:25.00%"></i></div><span>25.0%</span>`));
  assert.ok(html.includes("<span>n/a</span>"), "spec with nothing applicable has no rate");
  assert.ok(html.includes("<li>Pset_WallCommon.FireRating must be one of EI60, EI90</li>"));
  assert.ok(html.includes("<b>Instructions:</b> Set FireRating in the wall type"));
  assert.ok(html.includes("Failing elements (3 · 4 failed requirements)"));
  assert.ok(html.includes("<h3>Why it failed</h3>"), "specification-level failure only");
});

Deno.test("html: every failing element is a filterable row", () => {
  const html = renderHtml(failingReport);
  assert.equal(count(html, `<tr class="f">`), 5);
  for (const f of failingReport.specifications[0].failures) {
    assert.ok(html.includes(`<span class="id">${f.globalId}</span>`));
  }
  assert.ok(html.includes(`<span class="muted id">#101</span>`));
  assert.ok(html.includes(`<input id="q" type="search"`));
  assert.ok(html.includes(`<select id="status"`));
  assert.ok(html.includes("@media print"));
});

Deno.test("html: caps rows per specification and says how many are left out", () => {
  const html = renderHtml(manyFailures(40), { maxFailuresPerSpec: 10 });
  assert.equal(count(html, `<tr class="f">`), 10);
  assert.ok(html.includes("… and 30 more failures not listed here"));
  assert.ok(html.includes("Failing elements (40)"));
});

Deno.test("html: invalid IDS shows the errors; passing report has no failure table", () => {
  const bad = renderHtml(invalidReport);
  assert.ok(bad.includes("Why the IDS is invalid"));
  assert.ok(bad.includes("element &#39;foo&#39; not expected"));
  assert.ok(bad.includes("/ids/foo, line 12"));
  assert.equal(count(bad, "<script"), 0, "nothing to filter, no script");
  const ok = renderHtml(passingReport);
  assert.ok(ok.includes(`<div class="verdict s-pass">PASS`));
  assert.ok(ok.includes("Every applicable element meets the requirements."));
  assert.equal(count(ok, '<table class="failures"'), 0);
});

Deno.test("html: skipped specifications and warnings are flagged and explained", () => {
  const html = renderHtml(caveatReport);
  assert.ok(
    html.includes(`<p class="note">Not checked: targets IFC4; the model is IFC2X3 &lt;old&gt;</p>`),
  );
  assert.ok(
    html.includes(`title="targets IFC4; the model is IFC2X3 &lt;old&gt;">not checked</span>`),
  );
  assert.ok(html.includes(`<p class="note">Warning: the model&#39;s schema is not among`));
  assert.ok(html.includes(`>⚠ warning</span>`));
});

Deno.test("html: a prohibited specification with applicable elements shows a 0% pass rate", () => {
  const spec = {
    name: "No proxies",
    status: "fail" as const,
    occurs: "prohibited" as const,
    applicable: 3,
    passed: 3,
    failed: 0,
    failures: [],
  };
  const html = renderHtml({ status: "fail", specifications: [spec] });
  assert.ok(
    html.includes(`title="prohibited: 3 element(s) should not exist"><i style="width:0%">`),
  );
  assert.equal(html.includes("<span>100%</span>"), false);
});

Deno.test("html: failures the check did not keep are reported", () => {
  const html = renderHtml(cappedReport(3, 10));
  assert.ok(html.includes("10 further failures were not recorded by the check"));
  assert.equal(count(html, `<tr class="f">`), 3);
});

Deno.test("html: large counts get thousands separators", () => {
  const html = renderHtml(manyFailures(1200), { maxFailuresPerSpec: 5 });
  assert.ok(html.includes(`<td class="n">1,200</td>`));
  assert.ok(html.includes("1,200 applicable · 0 passed · 1,200 failed"));
  assert.ok(html.includes("… and 1,195 more failures"));
});
