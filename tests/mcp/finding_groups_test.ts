/**
 * `load_ids`' findings above LISTED_FINDINGS (src/mcp/validation.ts): the first ones listed,
 * the total, and every finding grouped by severity, kind, code and message, most frequent
 * first, with the first few places; at or below it, every finding and nothing else.
 */
import assert from "node:assert/strict";
import {
  findingsReply,
  groupFindings,
  type IssueJson,
  LISTED_FINDINGS,
} from "../../src/mcp/validation.ts";

const finding = (code: string, message: string, i: number): IssueJson => ({
  kind: "content",
  severity: "warning",
  code,
  message,
  path: `/ids/specifications/specification[${i}]`,
  line: i + 10,
});

Deno.test("finding groups: counts, most frequent first, the first three places", () => {
  const list = [
    finding("a", "one", 1),
    finding("b", "two", 2),
    finding("b", "two", 3),
    finding("b", "other", 4),
    finding("b", "two", 5),
    finding("b", "two", 6),
  ];
  assert.deepStrictEqual(groupFindings(list), [
    {
      kind: "content",
      severity: "warning",
      code: "b",
      message: "two",
      count: 4,
      examples: [2, 3, 5].map((i) => ({
        path: `/ids/specifications/specification[${i}]`,
        line: i + 10,
      })),
    },
    {
      kind: "content",
      severity: "warning",
      code: "a",
      message: "one",
      count: 1,
      examples: [{ path: "/ids/specifications/specification[1]", line: 11 }],
    },
    {
      kind: "content",
      severity: "warning",
      code: "b",
      message: "other",
      count: 1,
      examples: [{ path: "/ids/specifications/specification[4]", line: 14 }],
    },
  ]);
});

Deno.test("finding groups: a reply lists every finding up to the limit, then groups them", () => {
  const few = Array.from({ length: LISTED_FINDINGS }, (_, i) => finding("a", "x", i + 1));
  assert.deepStrictEqual(findingsReply([], few), { errors: [], warnings: few });
  const many = [...few, finding("c", "y", 99)];
  const r = findingsReply(many, []);
  assert.deepStrictEqual(r.errors, few);
  assert.equal(r.errors_total, LISTED_FINDINGS + 1);
  assert.deepStrictEqual(r.error_groups?.map((g) => [g.code, g.count]), [["a", 20], ["c", 1]]);
  assert.equal(r.warnings_total, undefined);
  assert.equal(r.warning_groups, undefined);
});
