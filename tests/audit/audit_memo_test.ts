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

Deno.test("auditDocument of 2,000 specifications equals the audit of each one alone", () => {
  const doc = bigIds(2000, 7);
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
  const found = auditDocument(doc);
  assert.ok(found.length > 0, "the generated document has findings to compare");
  assert.deepEqual(found, expected);
  // Twice the same (the per-process memo of entity names is warm the second time).
  assert.deepEqual(auditDocument(doc), found);
});
