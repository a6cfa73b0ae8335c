/**
 * The idle warm-up of a fresh server (src/mcp/warm_up.ts): its generated document is a valid
 * IDS holding every facet kind, with no two specification contents alike (the reader would
 * read identical ones once); it completes, and an aborted one stops without throwing.
 */
import assert from "node:assert/strict";
import { validateIdsXml } from "../../src/audit/validate.ts";
import { WARM_UP_SPECIFICATIONS, warmUp, warmUpIds } from "../../src/mcp/warm_up.ts";
import { deliverThroughLine } from "../../src/cli/stdio_lines.ts";

Deno.test("warm-up document: valid IDS 1.0, every facet kind, contents repeated as in big documents", () => {
  const xml = warmUpIds();
  const v = validateIdsXml(xml);
  assert.equal(v.valid, true, JSON.stringify(v.errors.slice(0, 3)));
  assert.deepEqual(v.warnings, []);
  const doc = v.loadable!;
  assert.equal(doc.specifications.length, WARM_UP_SPECIFICATIONS);
  const kinds = new Set(
    doc.specifications.flatMap((s) => [
      ...s.applicability.facets.map((f) => f.facet),
      ...(s.requirements?.facets ?? []).map((f) => f.facet),
    ]),
  );
  assert.deepEqual(
    [...kinds].sort(),
    ["attribute", "classification", "entity", "material", "partOf", "property"],
  );
  const contents = xml.match(/<specification [^>]*>.*?<\/specification>/g)!
    .map((s) => s.replace(/^<specification [^>]*>/, ""));
  // 30 % new contents, the rest repeats (the reader's path for a content read before).
  assert.equal(new Set(contents).size, Math.ceil(WARM_UP_SPECIFICATIONS * 0.3));
  assert.equal(new Set(doc.specifications.map((s) => s.identifier)).size, contents.length);
});

Deno.test("warmUp completes, and stops without throwing when aborted", async () => {
  assert.equal(await warmUp(), true);
  const controller = new AbortController();
  controller.abort();
  assert.equal(await warmUp(controller.signal), false);
});

Deno.test("warmUp through the stdio line parser: the text arrives unchanged and reads as the file does", async () => {
  const xml = warmUpIds();
  assert.equal(deliverThroughLine(xml), xml);
  let delivered = "";
  assert.equal(
    await warmUp(undefined, {
      deliver: (text) => (delivered = deliverThroughLine(text)),
    }),
    true,
  );
  assert.equal(delivered, xml);
  assert.ok(
    [...xml].some((c) => c.charCodeAt(0) > 0xff),
    "a character outside Latin-1 (a two-byte string)",
  );
});
