/**
 * Opening models as users have them: `.ifczip` (detected by content, inflated as a stream,
 * zip bombs refused with a clear error) and STEP text with a BOM, CRLF line ends, `\X2\`,
 * `\X4\` and `\S\` string encodings and `*` for derived attributes.
 */
import assert from "node:assert/strict";
import { Zip, ZipDeflate, ZipPassThrough, zipSync } from "../../src/deps/fflate.ts";
import { openModelBytes, readModelFile } from "../../src/ifc/open_model.ts";
import { ModelReadError } from "../../src/ifc/model.ts";
import { attribute, entity, expectStatus, g, ids, stepText } from "./_tiny.ts";

const enc = new TextEncoder();
const MODEL = stepText("IFC4", [`IFCWALL(${g()},$,'Zipped',$,$,$,$,$,$)`]);
const nameIs = (value: string) =>
  ids({ applicability: entity("IFCWALL"), requirements: attribute("Name", value) });

Deno.test("ifczip: one .ifc inside is inflated and checked; plain STEP passes through", async () => {
  const zip = zipSync({ "folder/model.ifc": enc.encode(MODEL), "readme.txt": enc.encode("hi") });
  const bytes = await openModelBytes(zip, "m.ifczip");
  assert.equal(new TextDecoder().decode(bytes), MODEL);
  const plain = enc.encode(MODEL);
  assert.equal(await openModelBytes(plain, "m.ifc"), plain);
  await expectStatus(nameIs("Zipped"), zip, "pass");
  // Stored (uncompressed) entries work too.
  await expectStatus(
    nameIs("Zipped"),
    zipSync({ "m.IFC": [enc.encode(MODEL), { level: 0 }] }),
    "pass",
  );
});

/** A zip written as a stream (sizes in a data descriptor after the data, as many tools do). */
function streamedZip(name: string, data: Uint8Array, stored: boolean): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    parts.push(chunk);
  });
  const file = stored ? new ZipPassThrough(name) : new ZipDeflate(name, { level: 6 });
  zip.add(file);
  for (let o = 0; o < data.length; o += 100_000) {
    file.push(data.subarray(o, o + 100_000), o + 100_000 >= data.length);
  }
  zip.end();
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((o, p) => (out.set(p, o), o + p.length), 0);
  return out;
}

Deno.test("ifczip: streamed zips (sizes after the data) inflate, deflated or stored", async () => {
  const data = enc.encode(MODEL.repeat(3000));
  for (const stored of [false, true]) {
    const zip = streamedZip("a.ifc", data, stored);
    assert.ok(zip[6] & 8, "general purpose flag bit 3: a data descriptor follows");
    assert.deepEqual(await openModelBytes(zip, "streamed.ifczip"), data);
  }
});

Deno.test("ifczip: read from a file as a stream, whatever the extension", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const big = stepText(
      "IFC4",
      Array.from({ length: 5_000 }, (_, i) => `IFCWALL(${g()},$,'W${i}',$,$,$,$,$,$)`),
    );
    await Deno.writeFile(`${dir}/a.ifczip`, zipSync({ "a.ifc": enc.encode(big) }));
    await Deno.writeFile(`${dir}/b.ifc`, zipSync({ "b.ifc": enc.encode(MODEL) }));
    await Deno.writeTextFile(`${dir}/c.ifc`, MODEL);
    assert.equal(new TextDecoder().decode(await readModelFile(`${dir}/a.ifczip`)), big);
    assert.equal(new TextDecoder().decode(await readModelFile(`${dir}/b.ifc`)), MODEL);
    assert.equal(new TextDecoder().decode(await readModelFile(`${dir}/c.ifc`)), MODEL);
    await assert.rejects(readModelFile(`${dir}/missing.ifc`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ifczip: no IFC, several IFCs, a cut-off zip give clear errors", async () => {
  const none = zipSync({ "model.ifcxml": enc.encode("<x/>"), "notes.txt": enc.encode("n") });
  await assert.rejects(
    openModelBytes(none, "none.ifczip"),
    (e) =>
      e instanceof ModelReadError && /'none.ifczip' holds no .ifc file/.test(e.message) &&
      /model.ifcxml, notes.txt/.test(e.message),
  );
  const two = zipSync({ "a.ifc": enc.encode(MODEL), "b/c.ifc": enc.encode(MODEL) });
  await assert.rejects(
    openModelBytes(two, "two.ifczip"),
    /holds 2 IFC files \(a.ifc, b\/c.ifc\); an .ifczip must hold exactly one/,
  );
  const whole = zipSync({ "a.ifc": enc.encode(MODEL.repeat(50)) });
  await assert.rejects(openModelBytes(whole.subarray(0, 60), "cut.ifczip"), ModelReadError);
  // Deflate data that is not deflate: the inflater's error, named.
  const corrupt = whole.slice();
  corrupt.fill(0xff, 40, 80);
  await assert.rejects(openModelBytes(corrupt, "bad.ifczip"), /'bad.ifczip' (cannot|is)/);
});

Deno.test("ifczip: zip bombs are refused by declared size, actual size and ratio", async () => {
  const text = enc.encode(MODEL.repeat(200)); // ~40 KB
  const zip = zipSync({ "a.ifc": text });
  await assert.rejects(
    openModelBytes(zip, "big.ifczip", { maxInflatedBytes: 10_000 }),
    /declares a.ifc as .* inflated, over the limit of/,
  );
  // A header that understates the size: the inflated bytes are counted as they come.
  const lying = zip.slice();
  const view = new DataView(lying.buffer);
  view.setUint32(22, 100, true); // local header: uncompressed size
  const central = lying.findLastIndex((_, i) =>
    i + 4 <= lying.length && view.getUint32(i, true) === 0x02014b50
  );
  view.setUint32(central + 24, 100, true);
  await assert.rejects(
    openModelBytes(lying, "lying.ifczip", { maxInflatedBytes: 10_000 }),
    /inflates a.ifc past the limit of/,
  );
  const zeros = zipSync({ "z.ifc": new Uint8Array(4 * 1024 * 1024) });
  await assert.rejects(
    openModelBytes(zeros, "bomb.ifczip", { maxRatio: 100 }),
    /inflates z.ifc more than 100× \(a zip bomb\?\)/,
  );
});

Deno.test("STEP text: BOM, CRLF, \\X2\\ \\X4\\ \\S\\ encodings and derived attributes keep working", async () => {
  const text = "\uFEFF" +
    stepText("IFC4", [
      `IFCWALL(${g()},$,'Caf\\X2\\00E9\\X0\\ \\X4\\0001F600\\X0\\ \\S\\e',$,$,$,$,$,$)`,
      "IFCSIUNIT(*,.LENGTHUNIT.,.MILLI.,.METRE.)",
    ]).replaceAll("\n", "\r\n");
  const bytes = enc.encode(text);
  await expectStatus(nameIs("Café 😀 å"), bytes, "pass");
  await expectStatus(
    ids({ applicability: entity("IFCSIUNIT"), requirements: attribute("Prefix", "MILLI") }),
    bytes,
    "pass",
  );
  await expectStatus(
    ids({ applicability: entity("IFCSIUNIT"), requirements: attribute("Dimensions") }),
    bytes,
    "fail",
  );
  await expectStatus(nameIs("Café 😀 å"), zipSync({ "m.ifc": bytes }), "pass");
});
