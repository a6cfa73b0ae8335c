/**
 * Builders for tiny IDS documents and STEP models written inline in tests, so each IDS rule
 * is pinned by a model of a few lines whose expected verdict is obvious from the text.
 */
import assert from "node:assert/strict";
import { checkFiles } from "../../src/cli/check_files.ts";
import type { CheckReport } from "../../src/ifc/report/types.ts";

const HEAD =
  '<?xml version="1.0" encoding="utf-8"?><ids xmlns:xs="http://www.w3.org/2001/XMLSchema" ' +
  'xmlns="http://standards.buildingsmart.org/IDS"><info><title>t</title></info><specifications>';

/** A value: raw XML when it starts with `<`, else a simpleValue. */
export const sv = (v: string) => v.startsWith("<") ? v : `<simpleValue>${v}</simpleValue>`;
const card = (c?: string) => c ? ` cardinality="${c}"` : "";
export const entity = (name: string, type?: string) =>
  `<entity><name>${sv(name)}</name>${
    type ? `<predefinedType>${sv(type)}</predefinedType>` : ""
  }</entity>`;
export const attribute = (name: string, value?: string, c?: string) =>
  `<attribute${card(c)}><name>${sv(name)}</name>${
    value ? `<value>${sv(value)}</value>` : ""
  }</attribute>`;
export const property = (
  pset: string,
  name: string,
  dataType?: string,
  value?: string,
  c?: string,
) =>
  `<property${dataType ? ` dataType="${dataType}"` : ""}${card(c)}><propertySet>${
    sv(pset)
  }</propertySet><baseName>${sv(name)}</baseName>${
    value ? `<value>${sv(value)}</value>` : ""
  }</property>`;
export const classification = (system?: string, value?: string, c?: string) =>
  `<classification${card(c)}>${value ? `<value>${sv(value)}</value>` : ""}${
    system ? `<system>${sv(system)}</system>` : ""
  }</classification>`;
export const material = (value?: string, c?: string) =>
  `<material${card(c)}>${value ? `<value>${sv(value)}</value>` : ""}</material>`;
export const partOf = (relation: string | undefined, name: string, type?: string, c?: string) =>
  `<partOf${relation ? ` relation="${relation}"` : ""}${card(c)}>${entity(name, type)}</partOf>`;
export const restriction = (base: string, facets: string) =>
  `<xs:restriction base="xs:${base}">${facets}</xs:restriction>`;
export const pattern = (p: string) => restriction("string", `<xs:pattern value="${p}"/>`);
/** An enumeration restriction (xs:string unless `base` is given as `base:value`). */
export const enumeration = (...values: string[]) => {
  const [base, first] = values[0].includes(":") ? values[0].split(":") : ["string", values[0]];
  return restriction(
    base,
    [first, ...values.slice(1)].map((x) => `<xs:enumeration value="${x}"/>`).join(""),
  );
};

export interface Spec {
  applicability: string;
  requirements?: string;
  version?: string;
  min?: "0" | "1";
  max?: "0" | "unbounded";
}

/** An IDS document with one specification per entry, named S0, S1 … */
export function ids(...specs: Spec[]): string {
  return HEAD +
    specs.map((s, i) =>
      `<specification name="S${i}" ifcVersion="${s.version ?? "IFC4"}"><applicability${
        s.min ? ` minOccurs="${s.min}"` : ""
      } maxOccurs="${s.max ?? "unbounded"}">${s.applicability}</applicability>${
        s.requirements === undefined ? "" : `<requirements>${s.requirements}</requirements>`
      }</specification>`
    ).join("") + "</specifications></ids>";
}

/** STEP text whose instances are numbered #1.. in the order given. */
export function stepText(schema: string, instances: readonly string[]): string {
  return "ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\nFILE_NAME('','',(),(),'','','');\n" +
    `FILE_SCHEMA(('${schema}'));\nENDSEC;\nDATA;\n` +
    instances.map((line, i) => `#${i + 1}=${line};`).join("\n") +
    "\nENDSEC;\nEND-ISO-10303-21;\n";
}

/** An IFC4 STEP file whose instances are numbered #1.. in the order given. */
export function step(...instances: string[]): Uint8Array {
  return new TextEncoder().encode(stepText("IFC4", instances));
}

/** The same in another schema (IFC2X3, IFC4X3_ADD2). */
export function stepIn(schema: string, ...instances: string[]): Uint8Array {
  return new TextEncoder().encode(stepText(schema, instances));
}

let guid = 0;
/** A fresh quoted 22-character GlobalId. */
export const g = () => `'${(guid++).toString().padStart(22, "0")}'`;
export const wall = (name = "$") => `IFCWALL(${g()},$,${name},$,$,$,$,$,$)`;
/** A project in millimetres (kilograms) with a wall (#8), then the lines given (from #9). */
export function milliWall(...lines: string[]): Uint8Array {
  return step(
    `IFCPROJECT(${g()},$,$,$,$,$,$,$,#6)`,
    "IFCSIUNIT(*,.LENGTHUNIT.,.MILLI.,.METRE.)",
    "IFCSIUNIT(*,.AREAUNIT.,.MILLI.,.SQUARE_METRE.)",
    "IFCSIUNIT(*,.VOLUMEUNIT.,.MILLI.,.CUBIC_METRE.)",
    "IFCSIUNIT(*,.TIMEUNIT.,$,.SECOND.)",
    "IFCUNITASSIGNMENT((#2,#3,#4,#5,#7))",
    "IFCSIUNIT(*,.MASSUNIT.,.KILO.,.GRAM.)",
    wall(),
    ...lines,
  );
}

/** {@linkcode milliWall} whose wall has property set Foo_Bar (#9) of the properties (#11..). */
export function wallWithProperties(...props: string[]): Uint8Array {
  return milliWall(
    `IFCPROPERTYSET(${g()},$,'Foo_Bar',$,(${props.map((_, i) => `#${11 + i}`).join(",")}))`,
    `IFCRELDEFINESBYPROPERTIES(${g()},$,$,$,(#8),#9)`,
    ...props,
  );
}

/** `IFCPROPERTYSINGLEVALUE('name',$,value,unit)`. */
export const single = (name: string, value: string, unit = "$") =>
  `IFCPROPERTYSINGLEVALUE('${name}',$,${value},${unit})`;

/** One specification: every `name` entity must meet the requirements. */
export const onEntity = (name: string, requirements: string) =>
  ids({ applicability: entity(name), requirements });
export const onWall = (requirements: string) => onEntity("IFCWALL", requirements);

export type Expected = "pass" | "fail" | "invalid";
/** A case row: `[rule, expected, ids, model]`. */
export type Case = [rule: string, expected: Expected, ids: string, model: Uint8Array];

/** Why a report has its status, for assertion messages. */
export function detailOf(report: CheckReport): string {
  return report.status === "invalid"
    ? (report.errors ?? []).map((e) => e.message).join("; ")
    : report.specifications.flatMap((s) => s.failures.map((f) => f.reason)).join("; ");
}

/** Checks and asserts the overall status; returns the report for further assertions. */
export async function expectStatus(
  idsXml: string,
  model: Uint8Array,
  expected: Expected,
): Promise<CheckReport> {
  const report = await checkFiles(idsXml, model);
  assert.equal(report.status, expected, detailOf(report));
  return report;
}

/** Registers one Deno test per case: `[rule, expected, ids, model]`. */
export function caseTests(
  prefix: string,
  cases: readonly Case[],
): void {
  for (const [rule, expected, idsXml, model] of cases) {
    Deno.test(`${prefix}: ${rule} (${expected})`, async () => {
      await expectStatus(idsXml, model, expected);
    });
  }
}
