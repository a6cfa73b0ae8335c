/**
 * Worst-case inputs shared by the hardening tests and bench/worst_case_bench.ts: a one-spec
 * IDS (every wall's Name must be `zzz`), a document of many specifications, and IFC models
 * that once crashed the reader.
 *
 * @module
 */
import { parseIds, writeIds } from "../../src/ids/xml.ts";

/** Walls must be named `zzz`: every synthetic wall fails, so checks do all their work. */
export const WALL_NAME_IDS = `<?xml version="1.0" encoding="UTF-8"?>
<ids:ids xmlns:ids="http://standards.buildingsmart.org/IDS" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <ids:info><ids:title>T</ids:title></ids:info>
  <ids:specifications>
    <ids:specification name="S" ifcVersion="IFC4">
      <ids:applicability><ids:entity><ids:name><ids:simpleValue>IFCWALL</ids:simpleValue></ids:name></ids:entity></ids:applicability>
      <ids:requirements><ids:attribute><ids:name><ids:simpleValue>Name</ids:simpleValue></ids:name><ids:value><ids:simpleValue>zzz</ids:simpleValue></ids:value></ids:attribute></ids:requirements>
    </ids:specification>
  </ids:specifications>
</ids:ids>`;

/** {@linkcode WALL_NAME_IDS}'s specification `n` times (S0, S1, …): 2.7 MB for 10,000. */
export function manySpecs(n: number): string {
  const spec = parseIds(WALL_NAME_IDS).specifications[0];
  return writeIds({
    info: { title: `${n} specifications` },
    specifications: Array.from({ length: n }, (_, i) => ({ ...spec, name: `S${i}` })),
  });
}

const HEADER = "ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\n" +
  "FILE_NAME('','',(''),(''),'','','');\nFILE_SCHEMA(('IFC4'));\nENDSEC;\nDATA;\n" +
  "#1=IFCPROJECT('0000000000000000000000',$,'P',$,$,$,$,$,$);\n";
const END = "ENDSEC;\nEND-ISO-10303-21;\n";

/** An IFC4 model: a project plus `data` (instance lines). */
export function ifcModel(data: string): string {
  return HEADER + data + END;
}

/** A wall instance line named `name`. */
export function wall(name: string, id = 10): string {
  return `#${id}=IFCWALL('0000000000000000000001',$,'${name}',$,$,$,$,$,$);\n`;
}

/** A 130,000-character string literal: valid STEP (it overflowed the stack once). */
export const HUGE_LITERAL_MODEL = ifcModel(wall("A".repeat(130_001)));

/** Models that cannot be read, with what the refusal must say. */
export const UNREADABLE_MODELS: readonly [string, string, RegExp][] = [
  [
    "100,000 nested (",
    ifcModel(
      `#10=IFCWALL('0000000000000000000001',$,'W',$,${"(".repeat(100_000)}${
        ")".repeat(100_000)
      },$,$,$,$);\n`,
    ),
    /nested deeper than/,
  ],
  [
    "\\X4\\FFFFFFFF\\X0\\ escape",
    ifcModel(wall("\\X4\\FFFFFFFF\\X0\\")),
    /not a Unicode code point/,
  ],
  ["duplicate instance id", ifcModel(wall("a") + wall("b")), /#10 is defined twice/],
  ["unterminated comment", ifcModel(wall("a") + "/* never closed\n"), /never closed/],
];
