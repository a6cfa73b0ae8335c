/**
 * The audit of a big document says exactly what auditing each specification alone says: the
 * findings of a repeated specification shape (audited once per call) and of a repeated
 * restricted entity name (audited once per process) are replayed at every path they belong to.
 *
 * @module
 */
import assert from "node:assert/strict";
import { bigIds } from "../../bench/ids_gen_big.ts";
import { auditDocument } from "../../src/audit/audit.ts";
import type { Finding } from "../../src/ids/errors.ts";
import type { IdsDocument } from "../../src/ids/model.ts";
import { parseIds, writeIds } from "../../src/ids/xml.ts";

/** What auditing each specification of `doc` alone says, with the paths of the whole. */
function auditedAlone(doc: IdsDocument): Finding[] {
  const expected: Finding[] = [];
  doc.specifications.forEach((spec, i) => {
    for (const f of auditDocument({ ...doc, specifications: [spec] })) {
      expected.push({
        ...f,
        path: f.path!.replace(
          /^\/ids\/specifications\/specification\[1\]/,
          `/ids/specifications/specification[${i + 1}]`,
        ),
      });
    }
  });
  return expected;
}

Deno.test("auditDocument of 2,000 specifications equals the audit of each one alone", () => {
  const doc = bigIds(2000, 7);
  const expected = auditedAlone(doc);
  const found = auditDocument(doc);
  assert.ok(found.length > 0, "the generated document has findings to compare");
  assert.deepEqual(found, expected);
  // Twice the same (the per-process memo of entity names is warm the second time).
  assert.deepEqual(auditDocument(doc), found);
});

Deno.test("auditDocument: specifications sharing their facets but not their IFC versions are each audited", () => {
  // One applicability and one requirements object for all (as the reader shares them), an
  // entity that exists in IFC4X3_ADD2 only: the findings depend on each one's versions.
  const applicability = {
    facets: [{
      facet: "entity" as const,
      name: { kind: "simple" as const, value: "IFCBUILTELEMENT" },
    }],
  };
  const requirements = { facets: [] };
  const spec = (name: string, ifcVersion: ("IFC2X3" | "IFC4" | "IFC4X3_ADD2")[]) => ({
    name,
    ifcVersion,
    applicability,
    requirements,
  });
  const doc = {
    info: { title: "T" },
    specifications: [
      spec("A", ["IFC4X3_ADD2"]),
      spec("B", ["IFC4"]),
      spec("C", ["IFC4X3_ADD2"]),
      spec("D", ["IFC4", "IFC4X3_ADD2"]),
      spec("E", ["IFC4"]),
    ],
  };
  const alone = doc.specifications.map((s) =>
    auditDocument({ ...doc, specifications: [s] }).map((f) => `${f.code} ${f.message}`)
  );
  const together = doc.specifications.map((_, i) =>
    auditDocument(doc).filter((f) =>
      f.path!.startsWith(`/ids/specifications/specification[${i + 1}]/`) ||
      f.path === `/ids/specifications/specification[${i + 1}]`
    )
      .map((f) => `${f.code} ${f.message}`)
  );
  assert.deepEqual(together, alone);
  assert.notDeepEqual(alone[0], alone[1], "the versions change the findings");
  assert.deepEqual(alone[1], alone[4]);
});

Deno.test("auditDocument of a document read from XML (shapes shared by identity) equals the audit of each one alone", () => {
  // Read from XML, specifications of the same content share their facet objects: identity finds
  // the repetitions (their IFC versions compared list to list).
  const doc = parseIds(writeIds(bigIds(3000, 11)));
  const apps = new Set(doc.specifications.map((s) => s.applicability));
  assert.ok(apps.size < doc.specifications.length / 2, "the read document shares shapes");
  const found = auditDocument(doc);
  assert.ok(found.length > 0);
  assert.deepEqual(found, auditedAlone(doc));
});
