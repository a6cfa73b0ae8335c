/**
 * Test helpers for the IDS core: where the shared corpus and official schema live (resolved
 * from this file, never copied into the repo), corpus listings, and a compiled official
 * schema shared by the tests of one file.
 *
 * @module
 */
import { createXsdValidator, type XsdValidatorHandle } from "../../src/ids/xsd.ts";

/** The repository root. */
export const ROOT = new URL("../../", import.meta.url);
/** `../shared/ids/` next to the repository. */
export const SHARED_IDS = new URL("../shared/ids/", ROOT);
/** The official schema directory. */
export const XSD_DIR = new URL("xsd/", SHARED_IDS);

/** Absolute file paths of every `.ids` under `dir` (relative to ../shared/ids), sorted. */
export function listIds(dir = ""): string[] {
  const out: string[] = [];
  const walk = (url: URL) => {
    for (const e of Deno.readDirSync(url)) {
      const child = new URL(e.name + (e.isDirectory ? "/" : ""), url);
      if (e.isDirectory) walk(child);
      else if (e.name.endsWith(".ids")) out.push(child.pathname);
    }
  };
  walk(new URL(dir, SHARED_IDS));
  return out.sort();
}

/** Path relative to ../shared/ids, for messages. */
export function rel(path: string): string {
  return path.slice(SHARED_IDS.pathname.length);
}

/** The files that must round-trip: test cases, examples and the valid audit files. */
export function roundTripCorpus(): string[] {
  return [...listIds("testcases/"), ...listIds("examples/"), ...listIds("audit/valid/")];
}

/** `audit/expected.tsv`: file (relative to audit/) → expected verdict. */
export function auditExpectations(): Map<string, string> {
  const text = Deno.readTextFileSync(new URL("audit/expected.tsv", SHARED_IDS));
  const m = new Map<string, string>();
  for (const line of text.split("\n").slice(1)) {
    const [file, expected] = line.split("\t");
    if (file && expected) m.set(file, expected);
  }
  return m;
}

/** Compiles the official schema from ../shared/ids/xsd. */
export function officialSchema(): XsdValidatorHandle {
  const read = (name: string) => Deno.readTextFileSync(new URL(name, XSD_DIR));
  return createXsdValidator({
    idsXsd: read("ids.xsd"),
    xmlXsd: read("xml.xsd"),
    xsdSchemaXsd: read("xsdschema.xsd"),
  });
}
