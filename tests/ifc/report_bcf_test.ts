import assert from "node:assert/strict";
import { strFromU8, unzipSync } from "fflate";
import { checkFiles } from "../../src/cli/check_files.ts";
import { onWall, partOf, property, step, wall } from "./_tiny.ts";
import { XmlDocument, type XmlElement } from "libxml2-wasm";
import { renderBcf } from "../../src/ifc/report/bcf.ts";
import {
  cappedReport,
  failingReport,
  HOSTILE_NAME,
  manyFailures,
  passingReport,
} from "./report_sample_data.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Parses XML strictly (throws when not well-formed) and runs `fn` on it. */
function withXml<T>(bytes: Uint8Array, fn: (doc: XmlDocument) => T): T {
  const doc = XmlDocument.fromString(strFromU8(bytes));
  try {
    return fn(doc);
  } finally {
    doc.dispose();
  }
}

function text(doc: XmlDocument, xpath: string): string[] {
  return doc.find(xpath).map((n) => n.content);
}

function topicFolders(files: Record<string, Uint8Array>): string[] {
  return [
    ...new Set(Object.keys(files).filter((p) => p.includes("/")).map((p) => p.split("/")[0])),
  ];
}

Deno.test("bcf: version, project and one well-formed topic per failing element", () => {
  const files = unzipSync(renderBcf(failingReport));
  withXml(files["bcf.version"], (doc) => {
    assert.equal(doc.root.name, "Version");
    assert.deepEqual(text(doc, "/Version/@VersionId"), ["2.1"]);
    assert.deepEqual(text(doc, "/Version/DetailedVersion"), ["2.1"]);
  });
  withXml(files["project.bcfp"], (doc) => {
    assert.match(text(doc, "/ProjectExtension/Project/@ProjectId")[0], UUID);
    assert.deepEqual(text(doc, "/ProjectExtension/Project/Name"), [
      "Fire safety <requirements> — tower & annex.ifc",
    ]);
  });
  // S1: two distinct failing elements + the third; S3: one specification-level topic
  const folders = topicFolders(files);
  assert.equal(folders.length, 4);
  const selected: string[] = [];
  const indexes: number[] = [];
  for (const folder of folders) {
    assert.match(folder, UUID);
    const markup = files[`${folder}/markup.bcf`];
    assert.ok(markup, `${folder}/markup.bcf`);
    withXml(markup, (doc) => {
      assert.deepEqual(text(doc, "/Markup/Topic/@Guid"), [folder]);
      assert.deepEqual(text(doc, "/Markup/Topic/@TopicType"), ["Error"]);
      assert.deepEqual(text(doc, "/Markup/Topic/@TopicStatus"), ["Open"]);
      assert.equal(text(doc, "/Markup/Topic/Title").length, 1);
      indexes.push(Number(text(doc, "/Markup/Topic/Index")[0]));
      assert.deepEqual(text(doc, "/Markup/Topic/CreationDate"), ["2026-11-24T07:00:00.000Z"]);
      assert.deepEqual(text(doc, "/Markup/Topic/CreationAuthor"), ["ids-mcp"]);
      assert.ok(text(doc, "/Markup/Topic/Labels").includes("IDS"));
      assert.equal(text(doc, "/Markup/Topic/Description").length, 1);
      assert.deepEqual(text(doc, "/Markup/Header/File/Filename"), ["tower & annex.ifc"]);
      // BCF 2.1 sequence order inside Topic
      const order = doc.find("/Markup/Topic/*").map((n) => (n as XmlElement).name);
      const rank = ["Title", "Index", "Labels", "CreationDate", "CreationAuthor", "Description"];
      assert.deepEqual(order, [...order].sort((a, b) => rank.indexOf(a) - rank.indexOf(b)));
      const vp = text(doc, "/Markup/Viewpoints/Viewpoint");
      if (vp.length) {
        assert.deepEqual(vp, ["viewpoint.bcfv"]);
        const vpGuid = text(doc, "/Markup/Viewpoints/@Guid")[0];
        withXml(files[`${folder}/viewpoint.bcfv`], (v) => {
          assert.deepEqual(text(v, "/VisualizationInfo/@Guid"), [vpGuid]);
          assert.deepEqual(
            text(v, "/VisualizationInfo/Components/Visibility/@DefaultVisibility"),
            ["true"],
          );
          selected.push(...text(v, "/VisualizationInfo/Components/Selection/Component/@IfcGuid"));
        });
      } else {
        assert.equal(files[`${folder}/viewpoint.bcfv`], undefined);
      }
    });
  }
  assert.deepEqual(selected.sort(), [
    "0qidxJ$b56EB5POaAa94aU",
    "2O2Fr$t4X7Zf8NOew3FLOH",
    "3vB2YO$MX4xv5uCqZZG05x",
  ]);
  assert.deepEqual(indexes.sort(), [1, 2, 3, 4]);
});

Deno.test("bcf: one element failing two facets is one topic listing both reasons", () => {
  const files = unzipSync(renderBcf(failingReport));
  const hits = topicFolders(files).filter((f) =>
    strFromU8(files[`${f}/viewpoint.bcfv`] ?? new Uint8Array()).includes("2O2Fr$t4X7Zf8NOew3FLOH")
  );
  assert.equal(hits.length, 1);
  withXml(files[`${hits[0]}/markup.bcf`], (doc) => {
    const description = text(doc, "/Markup/Topic/Description")[0];
    assert.ok(description.includes("FireRating is 'EI30'"));
    assert.ok(description.includes("material: no material"));
    assert.ok(
      text(doc, "/Markup/Topic/Title")[0].includes(HOSTILE_NAME),
      "escaped, then read back",
    );
    assert.deepEqual(text(doc, "/Markup/Topic/Labels"), ["IDS", "S1", "property", "material"]);
  });
});

Deno.test("bcf: GUIDs and bytes are stable across runs", () => {
  const a = renderBcf(failingReport);
  const b = renderBcf(failingReport);
  assert.deepEqual(a, b);
  // a different check time changes dates but not topic GUIDs
  const c = unzipSync(renderBcf({ ...failingReport, checkedAt: "2027-01-01T00:00:00Z" }));
  assert.deepEqual(topicFolders(c).sort(), topicFolders(unzipSync(a)).sort());
});

Deno.test("bcf: per specification topics select every failing element", () => {
  const files = unzipSync(renderBcf(failingReport, { perElement: false }));
  const folders = topicFolders(files);
  assert.equal(folders.length, 2);
  const components = folders.flatMap((f) =>
    files[`${f}/viewpoint.bcfv`]
      ? withXml(files[`${f}/viewpoint.bcfv`], (v) => text(v, "//Component/@IfcGuid"))
      : []
  );
  assert.deepEqual(components.sort(), [
    "0qidxJ$b56EB5POaAa94aU",
    "2O2Fr$t4X7Zf8NOew3FLOH",
    "3vB2YO$MX4xv5uCqZZG05x",
  ]);
  const titles = folders.map((f) =>
    withXml(files[`${f}/markup.bcf`], (d) => text(d, "/Markup/Topic/Title")[0])
  );
  assert.ok(titles.includes("S1 Walls have a fire rating: 3 of 4 elements failed"));
});

Deno.test("bcf: maxTopics caps the topics and the project name says so", () => {
  const files = unzipSync(renderBcf(manyFailures(25), { maxTopics: 10 }));
  assert.equal(topicFolders(files).length, 10);
  withXml(files["project.bcfp"], (doc) => {
    assert.ok(text(doc, "//Project/Name")[0].endsWith("(10 of 25 topics)"));
  });
  assert.equal(topicFolders(unzipSync(renderBcf(manyFailures(25)))).length, 25);
});

Deno.test("bcf: a passing report has no topics; control characters stay well-formed", () => {
  const files = unzipSync(renderBcf(passingReport, { date: "2026-01-01T00:00:00Z" }));
  assert.deepEqual(Object.keys(files).sort(), ["bcf.version", "project.bcfp"]);
  const nasty = manyFailures(1);
  const spec = nasty.specifications[0];
  const weird = {
    ...nasty,
    specifications: [{
      ...spec,
      failures: [{ ...spec.failures[0], name: "bad\u0001\u0008name\uFFFF" }],
    }],
  };
  const out = unzipSync(renderBcf(weird));
  const folder = topicFolders(out)[0];
  withXml(out[`${folder}/markup.bcf`], (doc) => {
    assert.ok(text(doc, "/Markup/Topic/Title")[0].includes("bad\uFFFD\uFFFDname\uFFFD"));
  });
});

Deno.test("bcf: the project name says when the check kept only some failures", () => {
  const files = unzipSync(renderBcf(cappedReport(2, 5)));
  assert.equal(topicFolders(files).length, 2);
  withXml(files["project.bcfp"], (doc) => {
    assert.ok(
      text(doc, "//Project/Name")[0].endsWith("(5 failures beyond the check's limit not exported)"),
    );
  });
});

Deno.test("bcf: labels carry facet kinds only when the facet text names one", () => {
  const base = manyFailures(1);
  const spec = base.specifications[0];
  const report = {
    ...base,
    specifications: [{
      ...spec,
      failures: [{ ...spec.failures[0], facet: "The Name shall be a value matching 'D-.*'" }],
    }],
  };
  const files = unzipSync(renderBcf(report));
  withXml(files[`${topicFolders(files)[0]}/markup.bcf`], (doc) => {
    assert.deepEqual(text(doc, "/Markup/Topic/Labels"), ["IDS", "BIG"]);
  });
});

Deno.test("bcf: specifications sharing a name keep separate topics", () => {
  const spec = manyFailures(1).specifications[0];
  const unnamed = { ...spec, identifier: undefined };
  const files = unzipSync(renderBcf({ status: "fail", specifications: [unnamed, unnamed] }));
  assert.equal(topicFolders(files).length, 2);
  // while a unique name keeps the GUID independent of position
  const a = topicFolders(unzipSync(renderBcf({ status: "fail", specifications: [spec] })));
  const b = topicFolders(
    unzipSync(
      renderBcf({ status: "fail", specifications: [passingReport.specifications[0], spec] }),
    ),
  );
  assert.deepEqual(a, b);
});

Deno.test("bcf: labels name the failing facet kind of a real check (prose descriptions)", async () => {
  const report = await checkFiles(
    onWall(property("Foo_Bar", "Foo", "IFCLABEL") + partOf(undefined, "IFCBUILDING")),
    step(wall("'W'")),
  );
  assert.deepEqual(report.specifications[0].failures.map((f) => f.facetKind), [
    "property",
    "partOf",
  ]);
  const files = unzipSync(renderBcf(report));
  const [folder] = topicFolders(files);
  withXml(files[`${folder}/markup.bcf`], (doc) => {
    assert.deepEqual(text(doc, "/Markup/Topic/Labels"), ["IDS", "S0", "property", "partOf"]);
  });
});
