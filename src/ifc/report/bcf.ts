/**
 * The BCF 2.1 report: a `.bcfzip` that BIM coordination tools (BIMcollab, Solibri, Revit and
 * Archicad plug-ins, usBIM…) import as issues, each selecting the failing element by GlobalId.
 *
 * Topic GUIDs are name-based UUIDs of (specification, element), so exporting the same check
 * again yields the same GUIDs and a tool updates its topics instead of duplicating them. The
 * zip itself is byte-for-byte reproducible for the same report (fixed entry times).
 *
 * @module
 */

import { strToU8, type Zippable, zipSync } from "../../deps/fflate.ts";
import { escapeXml as esc } from "./escape.ts";
import type { CheckFailure, CheckReport, SpecificationResult } from "./types.ts";
import { uuidV5 } from "./uuid.ts";

export interface BcfOptions {
  /** One topic per failing element (default) or one per failing specification. */
  readonly perElement?: boolean;
  /** Stop after this many topics (default: no limit); the project name says how many were cut. */
  readonly maxTopics?: number;
  /** CreationAuthor of every topic (default `ids-mcp`). */
  readonly author?: string;
  /** CreationDate of every topic (default: the report's `checkedAt`, else now). */
  readonly date?: string;
}

const XML_HEAD = `<?xml version="1.0" encoding="UTF-8"?>\n`;
const XSI = `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`;
/** Zip entry time: fixed so that the same report always gives the same bytes. */
const ZIP_TIME = new Date(Date.UTC(2020, 0, 1));

/** One BCF topic before it is written out. */
interface Topic {
  readonly guid: string;
  readonly title: string;
  readonly description: string;
  readonly labels: readonly string[];
  /** GlobalIds the viewpoint selects; empty: no viewpoint. */
  readonly components: readonly string[];
}

/**
 * What topic GUIDs of each specification derive from: its identifier, else its name, so GUIDs
 * survive reordering. Specifications sharing a key (IDS allows duplicate names) get their
 * position appended, so no topic silently replaces another.
 */
function specKeys(specs: readonly SpecificationResult[]): string[] {
  const base = specs.map((s) => s.identifier ? `id:${s.identifier}` : `name:${s.name}`);
  const counts = new Map<string, number>();
  for (const k of base) counts.set(k, (counts.get(k) ?? 0) + 1);
  return base.map((k, i) => (counts.get(k) ?? 0) > 1 ? `${k}#${i + 1}` : k);
}

function specLabel(spec: SpecificationResult): string {
  return spec.identifier ? `${spec.identifier} ${spec.name}` : spec.name;
}

const FACET_WORDS = new Set([
  "entity",
  "attribute",
  "property",
  "classification",
  "material",
  "partof",
]);

/**
 * The facet kind when a facet description starts with it (`property X.Y`, `material`); free
 * prose descriptions ("The Name shall be…") give none rather than a meaningless label.
 */
function facetKind(facet: string): string | undefined {
  const word = facet.split(/[\s:]/, 1)[0];
  return FACET_WORDS.has(word.toLowerCase()) ? word : undefined;
}

function labelsOf(spec: SpecificationResult, failures: readonly CheckFailure[]): string[] {
  const labels = new Set<string>(["IDS", spec.identifier || spec.name]);
  for (const f of failures) {
    const kind = f.facetKind ?? facetKind(f.facet);
    if (kind) labels.add(kind);
  }
  return [...labels];
}

function elementTopics(spec: SpecificationResult, key: string): Topic[] {
  const byElement = new Map<string, CheckFailure[]>();
  for (const f of spec.failures) {
    const list = byElement.get(f.globalId);
    if (list) list.push(f);
    else byElement.set(f.globalId, [f]);
  }
  const topics: Topic[] = [];
  for (const [globalId, failures] of byElement) {
    const first = failures[0];
    const reasons = failures.map((f) => `- ${f.facet}: ${f.reason}`).join("\n");
    if (globalId === "") {
      topics.push({
        guid: uuidV5(`${key}\nspecification`),
        title: `${specLabel(spec)}: specification failed`,
        description: `IDS specification '${spec.name}' failed.\n${reasons}`,
        labels: labelsOf(spec, failures),
        components: [],
      });
      continue;
    }
    const who = `${first.entity}${first.name ? ` '${first.name}'` : ""}`;
    topics.push({
      guid: uuidV5(`${key}\nelement\n${globalId}`),
      title: `${specLabel(spec)}: ${who}`,
      description: `${who} (GlobalId ${globalId}) does not meet IDS specification ` +
        `'${spec.name}'.\n${reasons}` +
        (spec.instructions ? `\nInstructions: ${spec.instructions}` : ""),
      labels: labelsOf(spec, failures),
      components: [globalId],
    });
  }
  return topics;
}

function specificationTopic(spec: SpecificationResult, key: string): Topic {
  const components = [...new Set(spec.failures.map((f) => f.globalId).filter((g) => g !== ""))];
  const lines = spec.failures.slice(0, 50).map((f) =>
    `- ${f.globalId || "(specification)"} ${f.entity}${f.name ? ` '${f.name}'` : ""}: ` +
    `${f.facet}: ${f.reason}`
  );
  if (spec.failures.length > 50) lines.push(`- … and ${spec.failures.length - 50} more`);
  return {
    guid: uuidV5(`${key}\nspecification`),
    title: `${specLabel(spec)}: ${spec.failed} of ${spec.applicable} elements failed`,
    description: `IDS specification '${spec.name}' failed.` +
      (spec.description ? `\n${spec.description}` : "") +
      (spec.instructions ? `\nInstructions: ${spec.instructions}` : "") +
      `\n${lines.join("\n")}`,
    labels: labelsOf(spec, spec.failures),
    components,
  };
}

/** `index` orders topics in tools that sort by it: specification order, then element order. */
function markupXml(
  topic: Topic,
  index: number,
  viewpointGuid: string | undefined,
  ctx: Context,
): string {
  const header = ctx.model
    ? `<Header><File isExternal="true"><Filename>${esc(ctx.model)}</Filename>` +
      `<Date>${esc(ctx.date)}</Date></File></Header>`
    : "";
  const labels = topic.labels.map((l) => `<Labels>${esc(l)}</Labels>`).join("");
  const viewpoints = viewpointGuid
    ? `<Viewpoints Guid="${viewpointGuid}"><Viewpoint>viewpoint.bcfv</Viewpoint></Viewpoints>`
    : "";
  return XML_HEAD +
    `<Markup ${XSI} xsi:noNamespaceSchemaLocation="markup.xsd">${header}` +
    `<Topic Guid="${topic.guid}" TopicType="Error" TopicStatus="Open">` +
    `<Title>${esc(topic.title)}</Title><Index>${index}</Index>${labels}` +
    `<CreationDate>${esc(ctx.date)}</CreationDate>` +
    `<CreationAuthor>${esc(ctx.author)}</CreationAuthor>` +
    `<Description>${esc(topic.description)}</Description>` +
    `</Topic>${viewpoints}</Markup>\n`;
}

function viewpointXml(guid: string, components: readonly string[]): string {
  const selection = components
    .map((g) =>
      `<Component IfcGuid="${esc(g)}"><OriginatingSystem>ids-mcp</OriginatingSystem></Component>`
    )
    .join("");
  return XML_HEAD +
    `<VisualizationInfo Guid="${guid}" ${XSI} xsi:noNamespaceSchemaLocation="visinfo.xsd">` +
    `<Components><Selection>${selection}</Selection>` +
    `<Visibility DefaultVisibility="true"/></Components></VisualizationInfo>\n`;
}

interface Context {
  readonly model?: string;
  readonly date: string;
  readonly author: string;
}

/** Renders the failures of a report as a BCF 2.1 zip archive. */
export function renderBcf(report: CheckReport, options: BcfOptions = {}): Uint8Array {
  const perElement = options.perElement ?? true;
  const ctx: Context = {
    model: report.model,
    date: options.date ?? report.checkedAt ?? new Date().toISOString(),
    author: options.author ?? "ids-mcp",
  };
  const keys = specKeys(report.specifications);
  const failing = report.specifications
    .map((spec, i) => ({ spec, key: keys[i] }))
    .filter(({ spec }) => spec.failures.length > 0 || spec.status === "fail");
  let topics = failing.flatMap(({ spec, key }) =>
    perElement ? elementTopics(spec, key) : [specificationTopic(spec, key)]
  );
  // A failing spec with no listed failures (e.g. required, nothing applicable) still gets a topic.
  for (const { spec: s, key } of failing) {
    if (s.failures.length === 0 && perElement) {
      topics.push({
        guid: uuidV5(`${key}\nspecification`),
        title: `${specLabel(s)}: specification failed`,
        description: `IDS specification '${s.name}' failed` +
          (s.occurs === "required" && s.applicable === 0 ? ": no applicable element found." : "."),
        labels: labelsOf(s, []),
        components: [],
      });
    }
  }
  const total = topics.length;
  if (options.maxTopics !== undefined && topics.length > options.maxTopics) {
    topics = topics.slice(0, Math.max(0, options.maxTopics));
  }

  const omitted = report.specifications.reduce((n, s) => n + (s.omittedFailures ?? 0), 0);
  const projectName = (report.title ?? "IDS check") +
    (report.model ? ` — ${report.model}` : "") +
    (topics.length < total ? ` (${topics.length} of ${total} topics)` : "") +
    (omitted ? ` (${omitted} failures beyond the check's limit not exported)` : "");
  const projectId = uuidV5(`project\n${report.title ?? ""}\n${report.model ?? ""}`);

  const files: Zippable = {
    "bcf.version": strToU8(
      XML_HEAD +
        `<Version VersionId="2.1" ${XSI} xsi:noNamespaceSchemaLocation="version.xsd">` +
        `<DetailedVersion>2.1</DetailedVersion></Version>\n`,
    ),
    "project.bcfp": strToU8(
      XML_HEAD +
        `<ProjectExtension ${XSI} xsi:noNamespaceSchemaLocation="project.xsd">` +
        `<Project ProjectId="${projectId}"><Name>${esc(projectName)}</Name></Project>` +
        `<ExtensionSchema></ExtensionSchema></ProjectExtension>\n`,
    ),
  };
  const seen = new Set<string>();
  let index = 0;
  for (const topic of topics) {
    if (seen.has(topic.guid)) continue; // same spec key twice in one IDS: keep the first
    seen.add(topic.guid);
    const viewpointGuid = topic.components.length ? uuidV5(`viewpoint\n${topic.guid}`) : undefined;
    const folder: Zippable = {
      "markup.bcf": strToU8(markupXml(topic, ++index, viewpointGuid, ctx)),
    };
    if (viewpointGuid) {
      // A one-element viewpoint is a few hundred bytes: storing it is as small as deflating
      // it (zip headers dominate) and halves the compression work of large exports.
      const vp = strToU8(viewpointXml(viewpointGuid, topic.components));
      folder["viewpoint.bcfv"] = vp.length < 1024 ? [vp, { level: 0 }] : vp;
    }
    files[topic.guid] = folder;
  }
  // mem 0: topic files are a few KiB, and a small deflate window per file makes large exports
  // (tens of thousands of topics) about a third faster at the same size.
  return zipSync(files, { level: 6, mem: 0, mtime: ZIP_TIME });
}
