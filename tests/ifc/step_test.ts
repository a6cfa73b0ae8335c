/** The STEP reader: indexing, lazy decoding, string encodings, errors. */
import assert from "node:assert/strict";
import { DERIVED, Enum, Ref, StepFile, StepSyntaxError, Typed } from "../../src/ifc/step.ts";
import { IfcModel, ModelReadError } from "../../src/ifc/model.ts";

function step(data: string, schema = "IFC4"): Uint8Array {
  return new TextEncoder().encode(
    `ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\nFILE_NAME('a;b','',(''),(''),'','','');\n` +
      `FILE_SCHEMA(('${schema}'));\nENDSEC;\nDATA;\n${data}\nENDSEC;\nEND-ISO-10303-21;\n`,
  );
}

Deno.test("indexes instances and decodes parameters lazily", () => {
  const f = new StepFile(step(
    "#1=IFCWALL('g;u(i)d',$,'It''s',*,.NOTDEFINED.,(#2,#3),IFCLABEL('x'),42,4.2E1,-3.);\n" +
      '/* a comment with #9=IFCSLAB(); */\n#2 = ifcslab ( $ ) ;\n#10=IFCSPACE((1,(2,3)),"0A");',
  ));
  assert.equal(f.schemaIdentifier, "IFC4");
  assert.equal(f.count, 3);
  assert.equal(f.typeOf(2), "IFCSLAB", "names are upper-cased");
  assert.equal(f.typeOf(9), undefined, "comments are skipped");
  assert.deepEqual(f.idsOfTypes(["IFCWALL", "IFCSPACE"]), [1, 10]);
  const a = f.attributes(1)!;
  assert.equal(a[0], "g;u(i)d");
  assert.equal(a[1], null);
  assert.equal(a[2], "It's");
  assert.equal(a[3], DERIVED);
  assert.deepEqual(a[4], new Enum("NOTDEFINED"));
  assert.deepEqual(a[5], [new Ref(2), new Ref(3)]);
  assert.deepEqual(a[6], new Typed("IFCLABEL", "x"));
  assert.equal(a[7], 42n, "integers are bigints");
  assert.equal(a[8], 42, "reals are numbers");
  assert.equal(a[9], -3);
  assert.deepEqual(f.attributes(10), [[1n, [2n, 3n]], "0A"]);
  assert.deepEqual(f.refsOfParams(1, 5, 1), [[2, 3], []]);
});

Deno.test("decodes STEP string encodings and raw UTF-8", () => {
  const f = new StepFile(step(
    "#1=IFCWALL('\\X2\\00E9\\X0\\t\\X2\\00E9\\X0\\','\\X\\E9','\\S\\i','\\X4\\0001F600\\X0\\','caf\u00e9','a\\\\b');",
  ));
  assert.deepEqual(f.attributes(1), ["été", "é", "é", "😀", "café", "a\\b"]);
});

Deno.test("accepts a UTF-8 byte order mark and a leading comment", () => {
  const body = new TextDecoder().decode(step("#1=IFCWALL($);"));
  for (const prefix of ["\uFEFF", "/* exported */\n"]) {
    const f = new StepFile(new TextEncoder().encode(prefix + body));
    assert.equal(f.count, 1);
  }
  const complex = new StepFile(step("#1=(IFCA('x')IFCB(2));\n#2=IFCWALL($);"));
  assert.deepEqual([complex.count, complex.typeOf(2)], [1, "IFCWALL"], "complex instances skipped");
});

Deno.test("reports files that are not STEP, cut off, or of an unknown schema", () => {
  assert.throws(() => new StepFile(new TextEncoder().encode("hello")), StepSyntaxError);
  assert.throws(
    () => new StepFile(step("#1=IFCWALL('unterminated);").subarray(0, 120)),
    StepSyntaxError,
  );
  assert.throws(() => new IfcModel(step("#1=IFCWALL($);", "IFC5")), ModelReadError);
});

Deno.test("schema families: IFC2X3, IFC4, IFC4X3 with addenda and release candidates", () => {
  for (
    const [id, family] of [
      ["IFC2X3", "IFC2X3"],
      ["IFC4", "IFC4"],
      ["IFC4X3", "IFC4X3"],
      ["IFC4X3_ADD2", "IFC4X3"],
      ["IFC4X3_RC2", "IFC4X3"],
    ]
  ) {
    assert.equal(new IfcModel(step("#1=IFCWALL($);", id)).family, family, id);
  }
});

Deno.test("attribute access by name follows each schema's attribute order", () => {
  // IfcSIUnit re-declares Dimensions as derived: its slot is still there.
  const m = new IfcModel(step("#1=IFCSIUNIT(*,.LENGTHUNIT.,.MILLI.,.METRE.);"));
  assert.equal(m.enumValue(1, "UnitType"), "LENGTHUNIT");
  assert.equal(m.enumValue(1, "Prefix"), "MILLI");
  assert.equal(m.enumValue(1, "Name"), "METRE");
  const m2 = new IfcModel(step("#1=IFCTASK('g',$,'n',$,$,'id',$,$,.T.,5);", "IFC2X3"));
  assert.equal(m2.str(1, "TaskId"), "id");
  assert.deepEqual(m2.attr(1, "IsMilestone"), new Enum("T"));
  assert.equal(m2.attr(1, "Priority"), 5n);
  assert.equal(m2.attr(1, "NoSuchAttribute"), undefined);
});

Deno.test("param decodes one parameter alone, as attributes() would", () => {
  const f = new StepFile(
    step(
      "#1=IFCWALL('g' , /* c */ $,'it''s',(#2,(#3)),IFCLABEL('x'),.T.,1.5,'a'';'),2);\n#2=IFCSLAB();",
    ),
  );
  const all = f.attributes(1)!;
  for (let k = 0; k < all.length; k++) assert.deepEqual(f.param(1, k), all[k], `parameter ${k}`);
  assert.equal(f.param(1, all.length), null, "a parameter the instance does not have is null");
  assert.equal(f.param(2, 0), null, "an empty list has no first parameter");
  assert.equal(f.param(3, 0), undefined, "no such instance");
  assert.deepEqual(f.refsOfParams(1, 3, 0), [[2, 3], []]);
});

Deno.test("hostile bytes: huge literal read, deep nesting, bad escapes, duplicates, open comments", () => {
  const long = "A".repeat(130_001);
  const big = new StepFile(step(`#1=IFCWALL('${long}',"${"0F".repeat(70_000)}");`));
  assert.deepEqual(big.attributes(1), [long, "0F".repeat(70_000)], "a long literal is just read");
  // Refused when indexed: parameters are decoded one at a time, so a nesting in a parameter
  // no facet reads would otherwise go unseen.
  assert.throws(
    () => new StepFile(step(`#1=IFCWALL('a',${"(".repeat(100_000)}${")".repeat(100_000)});`)),
    /line 8: parameter lists are nested deeper than 256 levels/,
  );
  const fine = new StepFile(step(`#1=IFCWALL(${"(".repeat(200)}1${")".repeat(200)});`));
  assert.ok(fine.attributes(1), "200 levels are still read");
  for (
    const [bad, message] of [
      ["\\X4\\FFFFFFFF\\X0\\", /not a Unicode code point/],
      ["\\X2\\ZZZZ\\X0\\", /not hexadecimal/],
      ["\\X\\G1", /not hexadecimal/],
    ] as const
  ) {
    const f = new StepFile(step(`#1=IFCWALL('${bad}');`));
    assert.throws(
      () => f.attributes(1),
      (e: unknown) => e instanceof StepSyntaxError && message.test(e.message),
    );
  }
  assert.throws(
    () => new StepFile(step("#1=IFCWALL('a');\n#2=IFCSLAB($);\n#1=IFCWALL('b');")),
    /instance #1 is defined twice \(lines 8 and 10\)/,
  );
  assert.throws(
    () => new StepFile(step("#1=IFCWALL('a');\n#900000=IFCWALL('b');\n#900000=IFCSLAB($);")),
    /instance #900000 is defined twice/,
    "also with sparse ids",
  );
  assert.throws(() => new StepFile(step("#1=IFCWALL('a');\n/* never closed")), /never closed/);
});

Deno.test("StepFile.open gives the event loop turns while indexing a big file, and stops on abort", async () => {
  const walls = Array.from(
    { length: 150_000 },
    (_, i) => `#${i + 10}=IFCWALL('${String(i).padStart(22, "0")}',$,'Wall ${i}',$,$,$,$,$,$);`,
  ).join("\n");
  const bytes = step(walls); // about 10 MB
  let ticks = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    ticks++;
    setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  const file = await StepFile.open(bytes);
  running = false;
  assert.equal(file.count, 150_000);
  assert.equal(file.schemaIdentifier, "IFC4");
  assert.ok(ticks >= 2, `other work ran ${ticks} times during the scan`);
  assert.deepEqual(file.attributes(10)?.[2], "Wall 0");
  const sync = new StepFile(bytes);
  assert.equal(sync.count, file.count, "same index as the synchronous constructor");
  const controller = new AbortController();
  controller.abort(new Error("stop"));
  await assert.rejects(StepFile.open(bytes, { signal: controller.signal }), /stop/);
  const model = await IfcModel.open(bytes);
  assert.equal(model.family, "IFC4");
});
