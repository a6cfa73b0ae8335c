/**
 * partOf ancestry on pathological models: a deep aggregation chain and an aggregation cycle,
 * checked with `partOf` without a relation (every proxy must be part of the building, or of a
 * site that is not there). Prints wall time and peak RSS per case; run once per variant:
 *
 *   deno run -A bench/part_of_depth.ts 10000
 *
 * @module
 */
import { checkFiles } from "../src/cli/check_files.ts";

const depth = Number(Deno.args[0] ?? 10_000);

function chain(n: number, cycle: boolean): Uint8Array {
  const lines = ["#1=IFCBUILDING('0000000000000000000000',$,'B',$,$,$,$,$,$,$,$,$);"];
  for (let i = 2; i <= n + 1; i++) {
    lines.push(`#${i}=IFCBUILDINGELEMENTPROXY('${String(i).padStart(22, "0")}',$,$,$,$,$,$,$,$);`);
  }
  let id = n + 2;
  lines.push(`#${id++}=IFCRELAGGREGATES('r',$,$,$,${cycle ? `#${n + 1}` : "#1"},(#2));`);
  for (let i = 3; i <= n + 1; i++) {
    lines.push(`#${id++}=IFCRELAGGREGATES('r',$,$,$,#${i - 1},(#${i}));`);
  }
  return new TextEncoder().encode(
    "ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\nFILE_NAME('','',(),(),'','','');\n" +
      "FILE_SCHEMA(('IFC4'));\nENDSEC;\nDATA;\n" + lines.join("\n") +
      "\nENDSEC;\nEND-ISO-10303-21;\n",
  );
}

function ids(target: string): string {
  return '<?xml version="1.0" encoding="utf-8"?><ids xmlns="http://standards.buildingsmart.org/IDS">' +
    "<info><title>t</title></info><specifications>" +
    '<specification name="S" ifcVersion="IFC4"><applicability maxOccurs="unbounded"><entity><name>' +
    "<simpleValue>IFCBUILDINGELEMENTPROXY</simpleValue></name></entity></applicability>" +
    `<requirements><partOf><entity><name><simpleValue>${target}</simpleValue></name></entity>` +
    "</partOf></requirements></specification></specifications></ids>";
}

for (
  const [label, model, target] of [
    [`chain ${depth}, part of the building (pass)`, chain(depth, false), "IFCBUILDING"],
    [`chain ${depth}, part of a site (fail)`, chain(depth, false), "IFCSITE"],
    [`cycle ${depth}, part of the building (fail)`, chain(depth, true), "IFCBUILDING"],
  ] as const
) {
  const t0 = performance.now();
  const r = await checkFiles(ids(target), model);
  const ms = performance.now() - t0;
  console.log(
    `${label}: ${r.status} in ${ms.toFixed(0)} ms, rss ${
      (Deno.memoryUsage().rss / 2 ** 20).toFixed(0)
    } MiB`,
  );
}
