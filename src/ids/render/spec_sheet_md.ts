/**
 * The spec sheet as Markdown (CommonMark with GitHub tables), for wikis and pull requests:
 * the same content as the HTML page. Text from the IDS is escaped so a name like `<script>`
 * or `a|b` stays text and never breaks a table. Pure: returns the text.
 *
 * @module
 */
import type { SheetClassTable, SheetSpecification, SpecSheet } from "./spec_sheet.ts";

/** Escapes inline Markdown (and raw HTML); a table cell also escapes `|` and folds lines. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n|\r/g, " ").replace(/[\\`*[\]<>|]/g, "\\$&");
}

function table(t: SheetClassTable): string[] {
  const predefined = t.predefinedType
    ? ` (predefined type ${escapeMarkdown(t.predefinedType)})`
    : "";
  const lines = [
    `#### ${escapeMarkdown(t.className)}${predefined}`,
    "",
    "| Property set | Property | Data type | Unit | Allowed values | Obligation |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const p of t.properties) {
    const name = p.instructions
      ? `**${escapeMarkdown(p.name)}** (${escapeMarkdown(p.instructions)})`
      : `**${escapeMarkdown(p.name)}**`;
    lines.push(
      `| ${escapeMarkdown(p.propertySet)} | ${name} | ${
        p.dataType ? escapeMarkdown(p.dataType) : "any"
      } | ${p.unit ?? "–"} | ${escapeMarkdown(p.allowedValues)} | ${p.obligation} |`,
    );
  }
  return [...lines, ""];
}

function bullets(items: readonly string[], empty: string): string[] {
  return items.length ? items.map((s) => `- ${escapeMarkdown(s)}`) : [`*${empty}*`];
}

function section(s: SheetSpecification): string[] {
  const id = s.identifier ? ` [${escapeMarkdown(s.identifier)}]` : "";
  const out = [`## ${s.index}. ${escapeMarkdown(s.name)}${id}`, ""];
  if (s.description) out.push(escapeMarkdown(s.description), "");
  if (s.instructions) out.push(`Instructions: ${escapeMarkdown(s.instructions)}`, "");
  out.push(
    `**IFC versions:** ${s.ifcVersions.join(", ")}  `,
    `**Cardinality:** ${escapeMarkdown(s.cardinality.words)}`,
    "",
    "### Applies to",
    "",
    ...bullets(s.applicability, "every element"),
    "",
    "### Requirements",
    "",
  );
  if (s.requirementsDescription) out.push(escapeMarkdown(s.requirementsDescription), "");
  out.push(...bullets(s.requirements, "none: matching elements only have to exist (or not)"), "");
  if (s.tables.length) out.push("### Properties per class", "", ...s.tables.flatMap(table));
  return out;
}

/** The spec sheet as Markdown. */
export function specSheetMarkdown(sheet: SpecSheet): string {
  const out = [`# ${escapeMarkdown(sheet.title)}`, ""];
  out.push("| | |", "| --- | --- |");
  for (const i of sheet.info) out.push(`| ${i.label} | ${escapeMarkdown(i.value)} |`);
  out.push(`| Specifications | ${sheet.specifications.length} |`);
  out.push(`| IFC versions | ${sheet.ifcVersions.join(", ") || "none"} |`, "");
  if (sheet.specifications.length === 0) out.push("*This IDS has no specifications yet.*", "");
  for (const s of sheet.specifications) out.push(...section(s));
  out.push("Values of measures are in SI units, as IDS 1.0 defines. Rendered by ids-mcp.");
  return out.join("\n") + "\n";
}
