/**
 * A model inspection (inspect.ts) as plain text for people at a terminal (`ids-mcp inspect
 * --format text`): the same sections as the JSON, shortened where a list would scroll past
 * (the first classes by count and a line saying how many more; the JSON has them all).
 *
 * @module
 */
import type { ModelInspection } from "./inspect.ts";

/** Rows shown per long list; the JSON output has every row. */
const MAX_ROWS = 40;
/** Properties shown per set. */
const MAX_PROPS = 12;

const num = (n: number) => n.toLocaleString("en-US");
/** `1 object`, `2 objects`. */
const count = (n: number, noun: string) => `${num(n)} ${noun}${n === 1 ? "" : "s"}`;

function more(total: number, shown: number, what: string): string[] {
  return total > shown ? [`  … ${num(total - shown)} more ${what} (--format json lists all)`] : [];
}

function quoted(v: string | number | boolean): string {
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

/** Renders `r` as text; `name` is the model's file name for the heading. */
export function renderInspectionText(r: ModelInspection, name: string): string {
  const out: string[] = [];
  out.push(
    `${name}: ${r.schema}${r.schema_identifier !== r.schema ? ` (${r.schema_identifier})` : ""}, ${
      num(r.instances)
    } instances`,
  );

  out.push("", `Classes of objects and types (${r.entities.length}):`);
  const entities = [...r.entities].sort((a, b) => b.count - a.count);
  for (const e of entities.slice(0, MAX_ROWS)) {
    const types = e.predefined_types.slice(0, 6).map((p) => `${p.value} ${num(p.count)}`);
    out.push(
      `  ${e.entity} ${num(e.count)}${types.length ? ` — predefined: ${types.join(", ")}` : ""}${
        e.predefined_types.length > 6 ? ", …" : ""
      }`,
    );
  }
  out.push(...more(entities.length, MAX_ROWS, "classes"));
  const others = [...r.other_classes].sort((a, b) => b.count - a.count);
  const otherTotal = others.reduce((a, o) => a + o.count, 0);
  out.push(
    "",
    `Other classes (${others.length}, ${num(otherTotal)} instances): ${
      others.slice(0, 8).map((o) => `${o.entity} ${num(o.count)}`).join(", ")
    }${others.length > 8 ? ", …" : ""}`,
  );

  out.push("", `Property and quantity sets (${r.property_sets.length}):`);
  if (!r.property_sets.length) out.push("  none");
  for (const s of r.property_sets.slice(0, MAX_ROWS)) {
    out.push(
      `  ${s.name} (${s.kind === "qto" ? "quantities" : "properties"}, on ${num(s.count)}: ${
        s.entities.join(", ")
      })`,
    );
    for (const p of s.properties.slice(0, MAX_PROPS)) {
      const ex = p.examples.length ? ` e.g. ${p.examples.map(quoted).join(", ")}` : "";
      out.push(`    ${p.name}: ${p.data_types.join(" | ") || "no value"}, ${num(p.count)}${ex}`);
    }
    out.push(...more(s.properties.length, MAX_PROPS, "properties").map((l) => `  ${l}`));
  }
  out.push(...more(r.property_sets.length, MAX_ROWS, "sets"));

  out.push("", `Classifications (${r.classifications.length}):`);
  if (!r.classifications.length) out.push("  none");
  for (const c of r.classifications) {
    out.push(
      `  ${c.system ?? "(no system named)"}${c.edition ? ` ${c.edition}` : ""}: ${
        count(c.references, "reference")
      } on ${count(c.elements, "object")}${
        c.examples.length ? ` e.g. ${c.examples.join(", ")}` : ""
      }`,
    );
  }

  out.push("", `Materials (${r.materials.length}):`);
  if (!r.materials.length) out.push("  none");
  for (const m of r.materials.slice(0, MAX_ROWS)) {
    out.push(
      `  ${m.name || "(unnamed)"}${m.category ? ` [${m.category}]` : ""}: ${
        count(m.elements, "object")
      }`,
    );
  }
  out.push(...more(r.materials.length, MAX_ROWS, "materials"));

  out.push("", "Spatial structure:");
  if (!r.spatial_structure.length) out.push("  none");
  for (const s of r.spatial_structure.slice(0, MAX_ROWS * 2)) {
    const classes = Object.entries(s.element_classes).slice(0, 4)
      .map(([k, v]) => `${k} ${num(v)}`).join(", ");
    out.push(
      `  ${"  ".repeat(s.depth)}${s.entity}${s.name !== null ? ` ${JSON.stringify(s.name)}` : ""}${
        s.elements
          ? `: ${count(s.elements, "element")} (${classes}${
            Object.keys(s.element_classes).length > 4 ? ", …" : ""
          })`
          : ""
      }${s.spaces ? `, ${count(s.spaces, "space")}` : ""}`,
    );
  }
  out.push(...more(r.spatial_structure.length, MAX_ROWS * 2, "spatial elements"));
  return out.join("\n") + "\n";
}
