/**
 * Developer tool: regenerates `psets_ifc2x3.ts`, `psets_ifc4.ts` and `psets_ifc4x3.ts`
 * (compact tables of buildingSMART's standard property and quantity sets) from the template
 * files in `../shared/ifc/psets/` (IfcPropertySetTemplate / IfcSimplePropertyTemplate, read
 * with the project's own STEP reader). The tables are TypeScript modules, not files read at run
 * time, because the server also runs from a URL, as a compiled binary and on Deno Deploy.
 *
 * ```sh
 * deno task gen:psets            # or: deno run -A scripts/gen_psets.ts [PSETS_DIR]
 * ```
 *
 * Table format (one string per schema, decoded by `psets.ts`): `enums` lines are
 * `V1|V2|…` (referred to by 0-based line number); `sets` lines are
 * `Name<TAB>p|q<TAB>Entity[/PREDEFINED],…<TAB>prop;prop;…` with each prop
 * `Name:k:DATATYPE:enumLine[:SECONDARY]` (k: s single, e enumerated, b bounded, l list,
 * t table, r reference, c complex, q quantity; DATATYPE upper case or empty; enumLine or empty;
 * SECONDARY: the defined measure of a table value).
 *
 * @module
 */
import { Enum, StepFile, type StepValue, Typed } from "../src/ifc/step.ts";
import { getSchema, type SchemaName } from "../src/schema/schema.ts";

const SOURCES: { schema: SchemaName; file: string; out: string }[] = [
  { schema: "IFC2X3", file: "Pset_IFC2X3.ifc", out: "psets_ifc2x3.ts" },
  { schema: "IFC4", file: "Pset_IFC4_ADD2.ifc", out: "psets_ifc4.ts" },
  { schema: "IFC4X3", file: "Pset_IFC4X3.ifc", out: "psets_ifc4x3.ts" },
];

const KIND: Record<string, string> = {
  P_SINGLEVALUE: "s",
  P_ENUMERATEDVALUE: "e",
  P_BOUNDEDVALUE: "b",
  P_LISTVALUE: "l",
  P_TABLEVALUE: "t",
  P_REFERENCEVALUE: "r",
  P_COMPLEX: "c",
};

/** The measure a quantity template's kind stands for (quantity templates name no measure). */
const QUANTITY_MEASURE: Record<string, string> = {
  Q_LENGTH: "IFCLENGTHMEASURE",
  Q_AREA: "IFCAREAMEASURE",
  Q_VOLUME: "IFCVOLUMEMEASURE",
  Q_WEIGHT: "IFCMASSMEASURE",
  Q_COUNT: "IFCCOUNTMEASURE",
  Q_TIME: "IFCTIMEMEASURE",
};

function str(v: StepValue | undefined): string {
  return typeof v === "string" ? v : "";
}

function enumOf(v: StepValue | undefined): string {
  return v instanceof Enum ? v.value : "";
}

/** Characters the table format uses as separators must not occur in names or values. */
function clean(s: string, what: string, forbidden = /[\t\n|;:,]/): string {
  if (forbidden.test(s)) throw new Error(`${what} '${s}' holds a separator character`);
  return s;
}

function generate(schema: SchemaName, bytes: Uint8Array): { sets: number; text: string } {
  const step = new StepFile(bytes);
  const ifc = getSchema(schema);
  const enumLines: string[] = [];
  const enumIndex = new Map<string, number>();
  const setLines: string[] = [];
  const entityName = (raw: string): string | undefined => ifc.entity(raw)?.name;
  for (const id of step.idsOfTypes(["IFCPROPERTYSETTEMPLATE"])) {
    const a = step.attributes(id)!;
    const name = clean(str(a[2]), "set name");
    const templateType = enumOf(a[4]);
    const kind = templateType.startsWith("QTO_") ? "q" : "p";
    // ApplicableEntity: "IfcWall/SOLIDWALL", "IfcSpace, IfcZone", "IFCSHAREDBLDGELEMENTS/IfcWall".
    const applicable: string[] = [];
    for (const token of str(a[5]).split(",").map((t) => t.trim()).filter(Boolean)) {
      const parts = token.split("/").map((p) => p.trim());
      let entity: string | undefined;
      let predefined: string | undefined;
      if (parts.length === 2 && !entityName(parts[0]) && entityName(parts[1])) {
        entity = entityName(parts[1]); // a domain prefix (IFC2X3 templates)
      } else {
        entity = entityName(parts[0]);
        predefined = parts[1] || undefined;
      }
      if (!entity) {
        console.warn(`${schema}: ${name}: applicable entity '${token}' is not in the schema`);
        continue;
      }
      const enc = predefined ? `${entity}/${clean(predefined, "predefined type")}` : entity;
      if (!applicable.includes(enc)) applicable.push(enc);
    }
    const props: string[] = [];
    const list = Array.isArray(a[6]) ? a[6] : [];
    for (const ref of list) {
      if (typeof ref !== "object" || ref === null || !("id" in ref)) continue;
      const pid = ref.id;
      const type = step.typeOf(pid);
      let p = step.attributes(pid)!;
      // One IFC4 template (Pset_RampCommon.LoadBearing) lacks its OwnerHistory `$`: realign.
      if (typeof p[1] === "string" && p[3] instanceof Enum) p = [p[0], null, ...p.slice(1)];
      const pname = clean(str(p[2]), "property name");
      if (type === "IFCCOMPLEXPROPERTYTEMPLATE") {
        props.push(`${pname}:c::`);
        continue;
      }
      if (type !== "IFCSIMPLEPROPERTYTEMPLATE") continue;
      const tt = enumOf(p[4]);
      let k = KIND[tt];
      let dataType = str(p[5]).toUpperCase();
      if (tt.startsWith("Q_")) {
        k = "q";
        dataType = QUANTITY_MEASURE[tt] ?? "";
      }
      if (!k) throw new Error(`${schema}: ${name}.${pname}: unknown template type ${tt}`);
      let enumRef = "";
      const enumerators = p[7];
      if (enumerators && typeof enumerators === "object" && "id" in enumerators) {
        const e = step.attributes(enumerators.id)!;
        const values = (Array.isArray(e[1]) ? e[1] : []).map((v) =>
          clean(String(v instanceof Typed ? v.value : v).trim(), "enumeration value", /[\n|]/)
        );
        const key = values.join("|");
        let idx = enumIndex.get(key);
        if (idx === undefined) {
          idx = enumLines.length;
          enumLines.push(key);
          enumIndex.set(key, idx);
        }
        enumRef = String(idx);
      }
      // Table values have a defining (primary) and a defined (secondary) measure.
      const secondary = k === "t" ? str(p[6]).toUpperCase() : "";
      props.push(
        `${pname}:${k}:${clean(dataType, "data type")}:${enumRef}` +
          (secondary ? `:${clean(secondary, "data type")}` : ""),
      );
    }
    setLines.push([name, kind, applicable.join(","), props.join(";")].join("\t"));
  }
  setLines.sort();
  const text = `// deno-fmt-ignore-file
// deno-lint-ignore-file
/**
 * GENERATED by gen_psets.ts from buildingSMART's ${schema} property set templates. Do not edit.
 * Format: see gen_psets.ts.
 *
 * @module
 */
export const PSETS_${schema}: { enums: string; sets: string } = {
  enums: ${JSON.stringify(enumLines.join("\n"))},
  sets: ${JSON.stringify(setLines.join("\n"))},
};
`;
  return { sets: setLines.length, text };
}

if (import.meta.main) {
  const dir = Deno.args[0] ??
    new URL("../../shared/ifc/psets/", import.meta.url).pathname;
  for (const s of SOURCES) {
    const bytes = await Deno.readFile(`${dir.replace(/\/?$/, "/")}${s.file}`);
    const { sets, text } = generate(s.schema, bytes);
    await Deno.writeTextFile(new URL(`../src/schema/${s.out}`, import.meta.url), text);
    console.log(`${s.out}: ${sets} sets from ${s.file}`);
  }
}
