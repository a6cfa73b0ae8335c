import assert from "node:assert/strict";
import { renderText } from "../../src/ifc/report/text.ts";
import {
  cappedReport,
  caveatReport,
  failingReport,
  invalidReport,
  manyFailures,
  passingReport,
} from "./report_sample_data.ts";

Deno.test("text: verdict, inputs, one line per specification, summary", () => {
  const text = renderText(failingReport);
  const lines = text.split("\n");
  assert.match(lines[0], /^IDS check: FAIL — Fire safety <requirements>$/);
  assert.ok(text.includes("Model:   tower & annex.ifc (IFC4)"));
  assert.ok(text.includes("Checked: 2026-11-24T07:00:00.000Z in 1.23 s"));
  assert.ok(lines.some((l) => /^FAIL +\[S1\] Walls have a fire rating \(4 applicable/.test(l)));
  assert.ok(lines.some((l) => /^PASS +Doors are named/.test(l)));
  assert.ok(text.includes("2O2Fr$t4X7Zf8NOew3FLOH IFCWALL"));
  assert.ok(text.includes("FireRating is 'EI30', expected one of EI60, EI90"));
  assert.ok(text.includes("(specification) — applicability"));
  assert.ok(text.includes("Summary: 1 of 3 specifications passed; 3 of 6 element checks failed."));
  assert.ok(text.endsWith("\n"));
});

Deno.test("text: no ANSI codes by default, colours when asked", () => {
  const plain = renderText(failingReport);
  assert.equal(plain.includes("\x1b["), false, "model text with ESC must be neutralised");
  const colored = renderText(failingReport, { color: true });
  assert.ok(colored.includes("\x1b[31m"));
  assert.ok(colored.includes("\x1b[32m"));
});

Deno.test("text: control characters from the model are replaced", () => {
  const text = renderText(failingReport);
  assert.ok(text.includes('"Wall  [31m bell"'));
  // deno-lint-ignore no-control-regex
  assert.equal(/[\u0000-\u0009\u000b-\u001f]/.test(text), false);
});

Deno.test("text: failures capped per specification with a count of the rest", () => {
  const text = renderText(manyFailures(30), { maxFailuresPerSpec: 5 });
  assert.equal(text.split("\n").filter((l) => l.includes("IFCSLAB")).length, 5);
  assert.ok(text.includes("… and 25 more failures"));
  const none = renderText(manyFailures(3), { maxFailuresPerSpec: 0 });
  assert.ok(none.includes("… and 3 more failures"));
  const dflt = renderText(manyFailures(25));
  assert.ok(dflt.includes("… and 5 more failures"));
});

Deno.test("text: invalid IDS lists errors; passing report passes", () => {
  const text = renderText(invalidReport);
  assert.ok(text.startsWith("IDS check: INVALID — Broken"));
  assert.ok(text.includes("[xsd] element 'foo' not expected (/ids/foo, line 12)"));
  assert.ok(text.includes("Summary: IDS invalid, model not checked."));
  const ok = renderText(passingReport);
  assert.ok(ok.startsWith("IDS check: PASS\n"));
  assert.ok(ok.includes("Summary: 1 of 1 specification passed; 0 of 1 element check failed."));
});

Deno.test("text: skipped specifications and warnings are spelled out", () => {
  const text = renderText(caveatReport);
  assert.ok(
    text.includes("[V4] Only for IFC4 (not checked: targets IFC4; the model is IFC2X3 <old>)"),
  );
  assert.ok(text.includes("warning: the model's schema is not among the specification's versions"));
});

Deno.test("text: prohibited specifications say why applicable elements fail them", () => {
  const text = renderText({
    status: "fail",
    specifications: [{
      name: "No proxies",
      status: "fail",
      occurs: "prohibited",
      applicable: 2,
      passed: 2,
      failed: 0,
      failures: [],
    }],
  });
  assert.ok(
    text.includes("No proxies (2 applicable elements, but the specification is prohibited)"),
  );
});

Deno.test("text: failures the check did not keep count as more", () => {
  const text = renderText(cappedReport(3, 10), { maxFailuresPerSpec: 2 });
  assert.ok(text.includes("… and 11 more failures"));
});
