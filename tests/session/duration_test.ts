import assert from "node:assert/strict";
import { isIdsError } from "../../src/ids/errors.ts";
import { formatDuration, parseDuration } from "../../src/session/duration.ts";
import { parseDuration as reexported } from "../../src/session/kv_store.ts";

Deno.test("parseDuration: units and combinations", () => {
  assert.equal(parseDuration("500ms"), 500);
  assert.equal(parseDuration("90s"), 90_000);
  assert.equal(parseDuration("30m"), 1_800_000);
  assert.equal(parseDuration("24h"), 86_400_000);
  assert.equal(parseDuration("7d"), 604_800_000);
  assert.equal(parseDuration(" 1h30m "), 5_400_000);
  assert.equal(parseDuration("1.5h"), 5_400_000);
  assert.equal(parseDuration("2H"), 7_200_000);
  assert.equal(reexported("1m1s"), 61_000);
});

Deno.test("parseDuration: clear invalid_argument errors", () => {
  for (
    const [text, why] of [
      ["", /empty/],
      ["90", /unit is missing/],
      ["10 minutes", /cannot read/],
      ["-5s", /cannot read/],
      ["0s", /longer than 0/],
      ["5y", /cannot read '5y'/],
      ["1h 30m", /cannot read ' 30m'/],
      ["1e3s", /cannot read/],
    ] as const
  ) {
    assert.throws(
      () => parseDuration(text),
      (e) => isIdsError(e, "invalid_argument") && why.test(e.message) && /24h/.test(e.message),
      `'${text}'`,
    );
  }
});

Deno.test("formatDuration reads back through parseDuration", () => {
  for (const ms of [1, 999, 61_000, 5_400_000, 86_400_000, 694_861_001]) {
    assert.equal(parseDuration(formatDuration(ms)), ms);
  }
  assert.equal(formatDuration(86_400_000), "1d");
  assert.equal(formatDuration(5_400_000), "1h30m");
});
