/**
 * Writes canonical IDS 1.0 XML: the schema's element and attribute order, `ids:`/`xs:`
 * prefixes, `xsi:schemaLocation` to the official schema, tab indentation, escaped text.
 * Applicability facets are written in the schema's sequence order (entity, partOf,
 * classification, attribute, property, material); requirement facets in model order.
 * The same model always gives the same bytes.
 *
 * @module
 */
import type { IdsDocument, Specification } from "./model.ts";
import { FACET_KINDS, IDS_NS, IDS_SCHEMA_LOCATION, INFO_FIELDS, XS_NS, XSI_NS } from "./model.ts";
import { writeFacet } from "./facets/index.ts";
import { XmlWriter } from "./xml_writer.ts";

function writeSpecification(w: XmlWriter, s: Specification): void {
  w.open("ids:specification", [
    ["name", s.name],
    ["ifcVersion", s.ifcVersion.join(" ")],
    ["identifier", s.identifier],
    ["description", s.description],
    ["instructions", s.instructions],
  ]);
  const a = s.applicability;
  const ordered = FACET_KINDS.flatMap((k) => a.facets.filter((f) => f.facet === k));
  w.element("ids:applicability", [
    ["minOccurs", a.minOccurs === undefined ? undefined : formatCount(a.minOccurs)],
    [
      "maxOccurs",
      a.maxOccurs === undefined
        ? undefined
        : a.maxOccurs === "unbounded"
        ? "unbounded"
        : formatCount(a.maxOccurs),
    ],
  ], () => ordered.forEach((f) => writeFacet(w, f)));
  if (s.requirements) {
    const r = s.requirements;
    w.element(
      "ids:requirements",
      [["description", r.description]],
      () => r.facets.forEach((f) => writeFacet(w, f)),
    );
  }
  w.close("ids:specification");
}

/** Integers as plain digits (never exponent notation). */
function formatCount(n: number): string {
  return Number.isSafeInteger(n)
    ? String(n)
    : Number.isInteger(n)
    ? BigInt(n).toString()
    : String(n);
}

/** Writes the canonical XML for a document. */
export function writeDocument(doc: IdsDocument): string {
  const w = new XmlWriter();
  w.raw('<?xml version="1.0" encoding="UTF-8"?>');
  w.open("ids:ids", [
    ["xmlns:ids", IDS_NS],
    ["xmlns:xs", XS_NS],
    ["xmlns:xsi", XSI_NS],
    ["xsi:schemaLocation", `${IDS_NS} ${IDS_SCHEMA_LOCATION}`],
  ]);
  w.open("ids:info");
  const info = doc.info as unknown as Record<string, string | undefined>;
  for (const field of INFO_FIELDS) {
    const v = info[field];
    if (v !== undefined) w.text(`ids:${field}`, v);
  }
  w.close("ids:info");
  w.element(
    "ids:specifications",
    [],
    () => doc.specifications.forEach((s) => writeSpecification(w, s)),
  );
  w.close("ids:ids");
  return w.toString();
}
