/**
 * The split index scan (StepFile.open with a worker on the second half, over shared bytes):
 * whatever the bytes, the index is the one a scan from start to end gives, and errors are the
 * same. Small files are split on purpose (`splitMinBytes: 0`) with the real worker.
 */
import assert from "node:assert/strict";
import { type ScanElsewhere, StepFile, StepSyntaxError } from "../../src/ifc/step.ts";
import { scanElsewhere } from "../../src/ifc/scan_elsewhere.ts";
import { readModelFile } from "../../src/ifc/open_model.ts";
import { SPLIT_MIN_BYTES } from "../../src/ifc/scan_elsewhere.ts";

function stepText(data: string): string {
  return `ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\nFILE_NAME('a','',(''),(''),'','','');\n` +
    `FILE_SCHEMA(('IFC4'));\nENDSEC;\nDATA;\n${data}\nENDSEC;\nEND-ISO-10303-21;\n`;
}

/** `text` as bytes in shared memory, as readModelFile gives a big model. */
function shared(text: string): Uint8Array {
  const plain = new TextEncoder().encode(text);
  const bytes = new Uint8Array(new SharedArrayBuffer(plain.length));
  bytes.set(plain);
  return bytes;
}

/** Instances of several types, the later types first seen in the second half. */
function lines(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const type = i < count / 2
      ? (i % 2 ? "IFCWALL" : "IFCDOOR")
      : ["IFCWALL", "IFCSLAB", "ifcBeam"][i % 3];
    return `#${i + 1}=${type}('${String(i).padStart(22, "0")}',$,'N;${i}',$,$,$,$,$);`;
  });
}

/**
 * The worker scan, counted; this thread waits for it instead of racing it (which it would win
 * on a small file), so that the worker's part is the one used.
 */
function watched(): { elsewhere: ScanElsewhere; calls: number; workerPart: boolean } {
  const w = {
    calls: 0,
    workerPart: false,
    elsewhere: ((bytes, from) => {
      const running = scanElsewhere(bytes, from);
      if (!running) return undefined;
      w.calls++;
      running.result.then(() => w.workerPart = true, () => {});
      return { ...running, finished: () => true };
    }) as ScanElsewhere,
  };
  return w;
}

function assertSameIndex(a: StepFile, b: StepFile, maxId: number): void {
  assert.deepEqual(a.typeNames, b.typeNames);
  assert.equal(a.count, b.count);
  for (let id = 0; id <= maxId + 1; id++) {
    assert.equal(a.typeOf(id), b.typeOf(id), `type of #${id}`);
  }
  for (const id of [1, Math.floor(maxId / 2), Math.floor(maxId / 2) + 1, maxId]) {
    assert.deepEqual(a.attributes(id), b.attributes(id), `attributes of #${id}`);
  }
  for (const t of a.typeNames) assert.deepEqual(a.idsOfTypes([t]), b.idsOfTypes([t]));
}

Deno.test("split scan: a worker indexes the second half; the index is the sequential one", async () => {
  const text = stepText(lines(20_000).join("\n"));
  const bytes = shared(text);
  const w = watched();
  const split = await StepFile.open(bytes, { elsewhere: w.elsewhere, splitMinBytes: 0 });
  assert.equal(w.calls, 1);
  assert.ok(w.workerPart, "the second half came from the worker");
  assertSameIndex(split, new StepFile(new TextEncoder().encode(text)), 20_000);
  assert.equal(split.typeNames.join(), "IFCDOOR,IFCWALL,IFCSLAB,IFCBEAM");
});

Deno.test("split scan: plain (unshared) bytes and small files are scanned here alone", async () => {
  const text = stepText(lines(2_000).join("\n"));
  const w = watched();
  await StepFile.open(new TextEncoder().encode(text), { elsewhere: w.elsewhere, splitMinBytes: 0 });
  await StepFile.open(shared(text), { elsewhere: w.elsewhere }); // under SPLIT_MIN_BYTES
  assert.equal(w.calls, 0);
});

Deno.test("split scan: a split point inside a string (a line break and '#' in it) is not trusted", async () => {
  const all = lines(4_000);
  // The middle instance's string holds a line break and what looks like an instance, just
  // past the middle of the file: where the second scan is asked to start.
  all[2_000] = `#2001=IFCWALL('x',$,'a${
    "z".repeat(300_000)
  }\n#999999=IFCSLAB(''y'');\nb',$,$,$,$,$);`;
  const text = stepText(all.join("\n"));
  let startedAt = "";
  const split = await StepFile.open(shared(text), {
    splitMinBytes: 0,
    elsewhere: (bytes, from) => {
      startedAt = new TextDecoder().decode(bytes.slice(from, from + 7));
      return scanElsewhere(bytes, from);
    },
  });
  assert.equal(startedAt, "#999999");
  const sequential = new StepFile(new TextEncoder().encode(text));
  assertSameIndex(split, sequential, 4_000);
  assert.equal(split.typeOf(999_999), undefined);
});

Deno.test("split scan: errors in either half, duplicates across halves, ENDSEC early: as sequential", async () => {
  const cases: [string, string[]][] = [];
  const bad = lines(4_000);
  bad[3_500] = "#3501 IFCWALL('no equals sign');";
  cases.push(["syntax error in the second half", bad]);
  const bad1 = lines(4_000);
  bad1[100] = "#101 IFCWALL('no equals sign');";
  cases.push(["syntax error in the first half", bad1]);
  const dup = lines(4_000);
  dup[3_900] = "#7=IFCWALL('duplicate of an id in the first half');";
  cases.push(["duplicate id across the halves", dup]);
  const early = lines(4_000);
  early[1_000] = "ENDSEC;\nthis is not data";
  cases.push(["ENDSEC in the first half", early]);
  for (const [what, data] of cases) {
    const text = stepText(data.join("\n"));
    let expected: unknown;
    let sequential: StepFile | undefined;
    try {
      sequential = new StepFile(new TextEncoder().encode(text));
    } catch (e) {
      expected = e;
    }
    if (expected) {
      assert.ok(expected instanceof StepSyntaxError, what);
      await assert.rejects(
        StepFile.open(shared(text), { splitMinBytes: 0 }),
        (e: Error) => e instanceof StepSyntaxError && e.message === (expected as Error).message,
        what,
      );
    } else {
      const split = await StepFile.open(shared(text), { splitMinBytes: 0 });
      assertSameIndex(split, sequential!, 4_000);
      if (what.startsWith("ENDSEC")) assert.equal(split.count, 1_000, what);
    }
  }
});

Deno.test("split scan: a worker that cannot run (or is slow) leaves the scan to this thread", async () => {
  const text = stepText(lines(10_000).join("\n"));
  const sequential = new StepFile(new TextEncoder().encode(text));
  const failing: ScanElsewhere = () => {
    const result = Promise.reject(new Error("no workers here"));
    result.catch(() => {});
    return { result, finished: () => true, cancel: () => {} };
  };
  assertSameIndex(
    await StepFile.open(shared(text), { elsewhere: failing, splitMinBytes: 0 }),
    sequential,
    10_000,
  );
  let cancelled = false;
  const never: ScanElsewhere = () => ({
    result: new Promise(() => {}),
    finished: () => false,
    cancel: () => cancelled = true,
  });
  assertSameIndex(
    await StepFile.open(shared(text), { elsewhere: never, splitMinBytes: 0 }),
    sequential,
    10_000,
  );
  assert.ok(cancelled, "the other scan is stopped once this thread has done its part");
});

Deno.test("readModelFile reads models of SPLIT_MIN_BYTES or more in two halves, into shared memory", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const small = `${dir}/small.ifc`;
    await Deno.writeTextFile(small, stepText(lines(10).join("\n")));
    assert.ok((await readModelFile(small)).buffer instanceof ArrayBuffer);
    const big = `${dir}/big.ifc`;
    const line = lines(1)[0] + "\n";
    const text = stepText(line.repeat(Math.ceil(SPLIT_MIN_BYTES / line.length)));
    await Deno.writeTextFile(big, text);
    const bytes = await readModelFile(big);
    assert.ok(bytes.buffer instanceof SharedArrayBuffer);
    // Read as two halves at once: every byte where it belongs.
    const expected = new TextEncoder().encode(text);
    assert.equal(bytes.length, expected.length);
    assert.ok(bytes.every((b, i) => b === expected[i]), "the same bytes as the file");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
