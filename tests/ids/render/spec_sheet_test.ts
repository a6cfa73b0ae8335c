/**
 * The spec sheet (src/ids/render/): the content both formats share (sentences as the reports
 * word them, cardinality in words, one property table per applicable class with data type,
 * SI unit and allowed values), escaping of hostile names in HTML and Markdown, and the
 * `render` sub-command end to end.
 */
import assert from "node:assert/strict";
import { parseIds } from "../../../src/ids/xml.ts";
import { describeSpecification } from "../../../src/ids/describe.ts";
import type { IdsDocument } from "../../../src/ids/model.ts";
import { siUnitOf, specSheet } from "../../../src/ids/render/spec_sheet.ts";
import { specSheetHtml } from "../../../src/ids/render/spec_sheet_html.ts";
import { escapeMarkdown, specSheetMarkdown } from "../../../src/ids/render/spec_sheet_md.ts";
import { runCli, shared } from "../_cli.ts";

const HOSTILE = "<script>alert(1)</script>|x";

/** A document with three cardinalities, an enumerated class list and a hostile name. */
function sample(): IdsDocument {
  return {
    info: { title: `Sheet ${HOSTILE}`, author: "a@b.example", version: "2" },
    specifications: [
      {
        name: "Walls",
        ifcVersion: ["IFC4", "IFC4X3_ADD2"],
        applicability: {
          minOccurs: 1,
          maxOccurs: "unbounded",
          facets: [{
            facet: "entity",
            name: {
              kind: "restriction",
              base: "xs:string",
              facets: [{ kind: "enumeration", value: "IFCWALL" }, {
                kind: "enumeration",
                value: "IFCSLAB",
              }],
            },
          }],
        },
        requirements: {
          facets: [
            {
              facet: "property",
              propertySet: { kind: "simple", value: "Pset_WallCommon" },
              baseName: { kind: "simple", value: "FireRating" },
              value: {
                kind: "restriction",
                base: "xs:string",
                facets: [{ kind: "enumeration", value: "EI60" }, {
                  kind: "enumeration",
                  value: "EI90",
                }],
              },
              dataType: "IFCLABEL",
            },
            {
              facet: "property",
              propertySet: { kind: "simple", value: "Qto_WallBaseQuantities" },
              baseName: { kind: "simple", value: HOSTILE },
              dataType: "IFCAREAMEASURE",
              cardinality: "optional",
            },
          ],
        },
      },
      {
        name: "No proxies",
        ifcVersion: ["IFC4"],
        applicability: {
          minOccurs: 0,
          maxOccurs: 0,
          facets: [{ facet: "entity", name: { kind: "simple", value: "IFCBUILDINGELEMENTPROXY" } }],
        },
      },
      {
        name: "Doors",
        ifcVersion: ["IFC2X3"],
        applicability: {
          minOccurs: 0,
          maxOccurs: "unbounded",
          facets: [{ facet: "entity", name: { kind: "simple", value: "IFCDOOR" } }],
        },
      },
    ],
  };
}

Deno.test("specSheet: report sentences, cardinality in words, a table per applicable class", () => {
  const doc = sample();
  const sheet = specSheet(doc);
  assert.equal(sheet.title, `Sheet ${HOSTILE}`);
  assert.deepEqual(sheet.info.map((i) => i.label), ["Version", "Author"]);
  assert.deepEqual(sheet.ifcVersions, ["IFC4", "IFC4X3_ADD2", "IFC2X3"]);
  const [walls, proxies, doors] = sheet.specifications;
  const words = describeSpecification(doc.specifications[0]);
  assert.deepEqual(walls.applicability, words.applicability);
  assert.deepEqual(walls.requirements, words.requirements);
  assert.equal(walls.cardinality.kind, "required");
  assert.match(walls.cardinality.words, /at least 1 matching element/);
  assert.equal(proxies.cardinality.kind, "prohibited");
  assert.match(proxies.applicability[0], /^Shall not be/);
  assert.equal(doors.cardinality.kind, "optional");
  assert.deepEqual(walls.tables.map((t) => t.className), ["IFCWALL", "IFCSLAB"]);
  const [fire, area] = walls.tables[0].properties;
  assert.deepEqual(fire, {
    propertySet: "Pset_WallCommon",
    name: "FireRating",
    dataType: "IFCLABEL",
    allowedValues: "EI60 or EI90",
    obligation: "required",
  });
  assert.equal(area.unit, "m²");
  assert.equal(area.obligation, "optional");
  assert.equal(area.allowedValues, "any value");
  assert.deepEqual(proxies.tables, [], "no property requirements, no table");
  assert.equal(siUnitOf("IFCTHERMALTRANSMITTANCEMEASURE"), "W/(m²·K)");
  assert.equal(siUnitOf("IFCLABEL"), undefined);
});

Deno.test("spec sheet HTML: self-contained, escaped, print styles, one row per property and class", () => {
  const html = specSheetHtml(specSheet(sample()));
  assert.ok(!html.includes("<script>alert"), "IDS text is escaped");
  assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;|x"));
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  assert.match(html, /@media print\{/);
  assert.doesNotMatch(html, /(src|href)="https?:/, "no external resources");
  assert.equal(html.match(/<tr class="prop"/g)?.length, 4, "2 properties × 2 classes");
  assert.equal(html.match(/<details class="spec" open/g)?.length, 3);
  assert.match(html, /data-card="prohibited"/);
});

Deno.test("spec sheet Markdown: escaped table cells, headings per specification and class", () => {
  const md = specSheetMarkdown(specSheet(sample()));
  assert.ok(md.startsWith("# Sheet \\<script\\>alert(1)\\</script\\>\\|x\n"));
  assert.match(md, /^## 1\. Walls$/m);
  assert.match(md, /^## 2\. No proxies$/m);
  assert.match(md, /^#### IFCWALL$/m);
  assert.match(md, /^#### IFCSLAB$/m);
  assert.match(
    md,
    /^\| Qto_WallBaseQuantities \| \*\*\\<script\\>alert\(1\)\\<\/script\\>\\\|x\*\* \| IFCAREAMEASURE \| m² \| any value \| optional \|$/m,
  );
  // Every row has its table's cell count: 2 (info) or 6 (properties); a stray | adds one.
  for (const line of md.split("\n").filter((l) => l.startsWith("| "))) {
    assert.ok([2, 6].includes(line.replaceAll("\\|", "").split("|").length - 2), line);
  }
  assert.equal(escapeMarkdown("a\nb*c"), "a b\\*c");
});

Deno.test("render: html to a file, md to stdout, invalid and unreadable inputs", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ids-render-" });
  try {
    const file = shared("examples/IDS_wooden-windows.ids");
    const out = `${dir}/sheet.html`;
    const html = await runCli(["render", file, "--output", out]);
    assert.equal(html.code, 0, html.stderr);
    assert.equal(
      await Deno.readTextFile(out),
      specSheetHtml(specSheet(parseIds(await Deno.readFile(file)))),
    );
    const md = await runCli(["render", "-", "--format", "md"], {
      stdin: await Deno.readFile(file),
    });
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /^# Wooden Windows\n/);
    const bad = await runCli(["render", "-"], { stdin: "<ids/>" });
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /not a valid IDS 1\.0 document/);
    const missing = await runCli(["render", `${dir}/nope.ids`]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read/);
    const usage = await runCli(["render", file, "--format", "pdf"]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--format must be one of html, md/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
