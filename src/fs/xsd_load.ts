/**
 * Loads the official schema files from a directory (the `--xsd-dir` / `IDS_XSD_DIR` the
 * adapters are given) and compiles them. It lives at the edge, not in src/ids, because it
 * reads files; everything it hands on is text, so {@linkcode createXsdValidator} stays pure.
 *
 * @module
 */
import { IdsError } from "../ids/errors.ts";
import { createXsdValidator, type XsdFiles, type XsdValidatorHandle } from "../ids/xsd.ts";

/** File names looked for in the directory, first match wins. */
const NAMES: Record<keyof XsdFiles, readonly string[]> = {
  idsXsd: ["ids.xsd"],
  xmlXsd: ["xml.xsd"],
  xsdSchemaXsd: ["xsdschema.xsd", "XMLSchema.xsd"],
};

/** Reads ids.xsd, xml.xsd and xsdschema.xsd (or XMLSchema.xsd) from `dir`. */
export async function readXsdFiles(dir: string): Promise<XsdFiles> {
  const out: Partial<Record<keyof XsdFiles, string>> = {};
  for (const [key, names] of Object.entries(NAMES) as [keyof XsdFiles, readonly string[]][]) {
    for (const name of names) {
      try {
        out[key] = await Deno.readTextFile(`${dir.replace(/\/+$/, "")}/${name}`);
        break;
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) {
          throw new IdsError("io", `cannot read ${dir}/${name}: ${(e as Error).message}`);
        }
      }
    }
    if (out[key] === undefined) {
      throw new IdsError(
        "io",
        `XSD directory '${dir}' has no ${
          names.join(" or ")
        }; it needs ids.xsd, xml.xsd and xsdschema.xsd`,
      );
    }
  }
  return out as XsdFiles;
}

/** Reads the schema files from `dir` and compiles them. */
export async function loadXsdValidator(dir: string): Promise<XsdValidatorHandle> {
  return createXsdValidator(await readXsdFiles(dir));
}
