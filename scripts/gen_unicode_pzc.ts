/**
 * Writes src/ids/unicode_pzc.ts: the code points of Unicode categories P, Z and C together as
 * this Deno's regular expressions know them (what XSD's `\w` leaves out), so a process does
 * not find them again by testing every code point. Run it after a Deno upgrade whose Unicode
 * tables changed (tests/ids/xsd_pattern_test.ts says when):
 *
 *     deno run --allow-write scripts/gen_unicode_pzc.ts
 *
 * @module
 */
import { hostCategoryRanges } from "../src/ids/xsd_pattern.ts";
import { encodeRanges } from "../src/ids/unicode_pzc.ts";

const encoded = encodeRanges(hostCategoryRanges("P", "Z", "C"));
const lines: string[] = [];
for (let i = 0; i < encoded.length; i += 92) lines.push(`  "${encoded.slice(i, i + 92)}"`);
const path = new URL("../src/ids/unicode_pzc.ts", import.meta.url);
const source = await Deno.readTextFile(path);
const start = source.indexOf("export const PZC_RANGES");
const end = source.indexOf(";\n", start) + 2;
await Deno.writeTextFile(
  path,
  source.slice(0, start) + `export const PZC_RANGES: string =\n${lines.join(" +\n")};\n` +
    source.slice(end),
);
console.log(`${encoded.length} characters written to ${path.pathname}`);
