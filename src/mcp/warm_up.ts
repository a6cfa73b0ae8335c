/**
 * Warms a fresh server up while it waits for its first request: reads, validates, packs and
 * summarizes (as `load_ids` does) a generated IDS of a few hundred specifications, every facet
 * kind and restriction among them, delivered as the transport would deliver it. The first big
 * load then runs with compiled code and built tables instead of paying for both: in process,
 * parsing, reading, auditing and storing a 20,000-specification `load_ids` message took
 * 0.72–0.85 s in a fresh process and 0.43–0.46 s after this warm-up (BENCHMARKS.md, session 22).
 *
 * It runs in time slices like any heavy call and stops at the first tool call (which it would
 * only slow down), stores nothing, and never fails the server (a failure only means no
 * warm-up).
 *
 * @module
 */
import { validateIdsXmlAsync } from "../audit/validate.ts";
import { deepFreeze, encodeDocument, packDocument } from "../session/chunks.ts";
import { LISTED_SPECS, summarizeSpecs } from "./summary.ts";

/**
 * Specifications of the warm-up document: enough for the hot paths to be compiled. Measured
 * in process (warm-up, then a 20,000-specification load by content): 400 left the load as fast
 * as 800 did (0.50–0.55 s against 0.55–0.64 s) in 0.29–0.31 s of warm-up instead of 0.39–0.47 s,
 * so it is over before a client's first call comes when that call follows the handshake.
 */
export const WARM_UP_SPECIFICATIONS = 400;

/** Classes and their standard common property set (each has FireRating, an IfcLabel). */
const ENTITIES = [
  ["IFCWALL", "Pset_WallCommon"],
  ["IFCDOOR", "Pset_DoorCommon"],
  ["IFCWINDOW", "Pset_WindowCommon"],
  ["IFCSLAB", "Pset_SlabCommon"],
  ["IFCBEAM", "Pset_BeamCommon"],
  ["IFCCOLUMN", "Pset_ColumnCommon"],
] as const;

/** The share of the warm-up's specifications whose content is new (the rest repeat one). */
const DISTINCT_SHARE = 0.3;

/** The `ifcVersion` lists the specifications take in turn. */
const VERSIONS = ["IFC2X3 IFC4", "IFC4 IFC4X3_ADD2", "IFC2X3", "IFC4X3_ADD2"];

const simple = (v: string) => `<simpleValue>${v}</simpleValue>`;
const restriction = (base: string, facets: string) =>
  `<xs:restriction base="xs:${base}">${facets}</xs:restriction>`;

/**
 * Specification content `i` of the warm-up document, under the name and identifier of
 * specification `head`: the contents differ from one another, and together they hold every
 * facet kind and value form.
 */
function specification(i: number, head = i): string {
  const [entity, pset] = ENTITIES[i % ENTITIES.length];
  // Every IFC version across the document: each one's schema and property-set tables are
  // built here, not in the first real load (≈ 35 ms and ≈ 20 ms for IFC2X3 and IFC4 together).
  const versions = VERSIONS[i % VERSIONS.length];
  // IFC2X3 walls have no PredefinedType.
  const predefined = i % 3 === 0 && !versions.includes("IFC2X3");
  const applicability =
    `<entity><name>${simple(entity)}</name>${
      predefined ? `<predefinedType>${simple("USERDEFINED")}</predefinedType>` : ""
    }</entity>` +
    (i % 4 === 1
      ? `<property><propertySet>${simple(`Custom_${i}`)}</propertySet><baseName>${
        simple("Zone")
      }</baseName></property>`
      : "");
  const requirements = [
    `<property dataType="IFCLABEL"><propertySet>${simple(pset)}</propertySet><baseName>${
      simple("FireRating")
    }</baseName><value>${
      restriction("string", `<xs:pattern value="[A-Z]{1,3}\\w*${i % 97}"/>`)
    }</value></property>`,
    `<attribute><name>${simple("Name")}</name><value>${
      restriction(
        "string",
        `<xs:enumeration value="A-${i}"/><xs:enumeration value="B-${i}"/>` +
          `<xs:minLength value="2"/>`,
      )
    }</value></attribute>`,
    `<property dataType="IFCLENGTHMEASURE"><propertySet>${
      simple(`Custom_Dimensions_${i % 7}`)
    }</propertySet>` +
    `<baseName>${simple("Width")}</baseName><value>${
      restriction(
        "double",
        `<xs:minInclusive value="0.${i % 9}"/><xs:maxExclusive value="${i + 1}"/>`,
      )
    }</value></property>`,
    `<classification cardinality="optional"><value>${simple(`EF_${i}`)}</value><system>${
      simple("Uniclass 2015")
    }</system></classification>`,
    `<material><value>${simple(`Concrete C${20 + (i % 30)}`)}</value></material>`,
    `<partOf relation="IFCRELCONTAINEDINSPATIALSTRUCTURE"><entity><name>${
      simple("IFCBUILDINGSTOREY")
    }</name></entity></partOf>`,
  ].filter((_, k) => (i + k) % 3 !== 0).join("");
  return `<specification name="Warm-up ${head}" ifcVersion="${versions}" identifier="W${head}">` +
    `<applicability minOccurs="${i % 5 === 0 ? 0 : 1}" maxOccurs="unbounded">${applicability}` +
    `</applicability><requirements>${requirements}</requirements></specification>`;
}

/** The warm-up document's XML (valid IDS 1.0). */
export function warmUpIds(count = WARM_UP_SPECIFICATIONS): string {
  const specs: string[] = [];
  // Contents repeat, as in big documents (the reader then takes its path for a content read
  // before: in a 20,000-specification document 17,010 do).
  const distinct = Math.max(1, Math.ceil(count * DISTINCT_SHARE));
  for (let i = 0; i < count; i++) specs.push(specification(i % distinct, i));
  return '<?xml version="1.0" encoding="utf-8"?>' +
    '<ids xmlns="http://standards.buildingsmart.org/IDS" ' +
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    'xsi:schemaLocation="http://standards.buildingsmart.org/IDS ' +
    'http://standards.buildingsmart.org/IDS/1.0/ids.xsd">' +
    // A character outside Latin-1, as most big documents have one: V8 then holds the text as a
    // two-byte string, and its regular expressions and string code are compiled for those.
    "<info><title>ids-mcp warm-up ✓</title></info>" +
    `<specifications>${specs.join("")}</specifications></ids>`;
}

/** How the warm-up document reaches the reader. */
export interface WarmUpOptions {
  /**
   * The text as a transport would deliver it in a `load_ids` message (the stdio server runs
   * its line parser here, so that is warm too); by default the UTF-8 bytes, as read from a file.
   */
  readonly deliver?: (xml: string) => string;
}

/**
 * Reads, validates and packs the warm-up document; resolves when done (false when anything
 * failed or `signal` aborted: never throws).
 */
export async function warmUp(signal?: AbortSignal, options: WarmUpOptions = {}): Promise<boolean> {
  try {
    const xml = warmUpIds();
    const input = options.deliver ? options.deliver(xml) : new TextEncoder().encode(xml);
    const v = await validateIdsXmlAsync(input, { signal });
    if (!v.loadable) return false;
    // Then what load_ids does with it: store (encode, pack, freeze) and summarize.
    await packDocument(encodeDocument(v.loadable));
    signal?.throwIfAborted();
    summarizeSpecs(deepFreeze(v.loadable), { limit: LISTED_SPECS });
    return true;
  } catch {
    return false;
  }
}

let running: AbortController | undefined;

/** Starts the warm-up in the background (once per process). */
export function startWarmUp(options: WarmUpOptions = {}): void {
  if (running) return;
  running = new AbortController();
  void warmUp(running.signal, options);
}

/** Stops a warm-up still running: a tool call has come, and the warm-up would only slow it. */
export function stopWarmUp(): void {
  running?.abort();
}
