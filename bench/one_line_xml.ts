/**
 * One-line XML benchmark (issue 15, item 3): reading `<a>` + `<x/>`×N + `</a>` on a single
 * line, which the reader once did in quadratic time (line numbers rescanned the rest of the
 * text for a newline at every element). Prints the read time per size, median of `--runs`.
 *
 * Usage: deno run -A bench/one_line_xml.ts [--runs 3] [--reader path/to/xml_tree.ts]
 * (`--reader` measures another copy of the reader, e.g. an older commit's, side by side).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";

const { values } = parseArgs({
  args: Deno.args,
  options: { runs: { type: "string", default: "3" }, reader: { type: "string" } },
});
const mod = values.reader
  ? await import(pathToFileURL(await Deno.realPath(values.reader)).href)
  : await import("../src/ids/xml_tree.ts");
const read = mod.readXmlTree as (xml: string) => unknown;
for (const mb of [0.4, 1.6, 8]) {
  const xml = `<a>${"<x/>".repeat(Math.floor((mb * 1e6) / 4))}</a>`;
  const times: number[] = [];
  for (let i = 0; i < Number(values.runs); i++) {
    const t0 = performance.now();
    read(xml);
    times.push(performance.now() - t0);
    if (times[times.length - 1] > 60_000) break; // quadratic: one run says enough
  }
  times.sort((a, b) => a - b);
  console.log(`${mb} MB: ${Math.round(times[Math.floor(times.length / 2)])} ms`);
}
