/**
 * Edits of specifications: add, update, remove, and how a `spec_id` (identifier, else name,
 * else 1-based position) finds one.
 *
 * @module
 */
import { IdsError } from "../errors.ts";
import { type IdsDocument, IFC_VERSIONS, type IfcVersion, type Specification } from "../model.ts";
import { invalid, replaceAt } from "./common.ts";

/** How a specification is addressed in messages and replies: identifier, else name. */
export function specLabel(spec: Specification): string {
  return spec.identifier ?? spec.name;
}

/**
 * Resolves `specId` (identifier, else name, else 1-based position) to a 0-based index.
 * Throws `not_found` naming the existing specifications.
 */
export function findSpecIndex(doc: IdsDocument, specId: string | number): number {
  const specs = doc.specifications;
  const id = String(specId).trim();
  const byIdentifier = specs.findIndex((s) => s.identifier === id);
  if (byIdentifier >= 0) return byIdentifier;
  const byName = specs.flatMap((s, i) => s.name === id ? [i] : []);
  if (byName.length === 1) return byName[0];
  if (byName.length > 1) {
    throw invalid(
      `spec '${id}' is ambiguous: ${byName.length} specifications have that name (positions ${
        byName.map((i) => i + 1).join(", ")
      }); use an identifier or a 1-based position`,
    );
  }
  if (/^\d+$/.test(id)) {
    const pos = Number(id);
    if (pos >= 1 && pos <= specs.length) return pos - 1;
  }
  if (specs.length === 0) {
    throw new IdsError(
      "not_found",
      `spec '${id}' not found; the document has no specifications yet — add one with add_specification`,
    );
  }
  throw new IdsError(
    "not_found",
    `spec '${id}' not found; existing: ${specs.map(specLabel).join(", ")} ` +
      `(or a position 1–${specs.length})`,
  );
}

/** The parameters of a new specification, as `add_specification` takes them. */
export interface SpecificationInput {
  readonly name: string;
  readonly ifcVersions: readonly string[];
  readonly identifier?: string;
  readonly description?: string;
  readonly instructions?: string;
  readonly minOccurs?: number;
  readonly maxOccurs?: number | "unbounded";
}

/** What an edit of a specification produced: the new document and where the spec now is. */
export interface SpecEdit {
  readonly doc: IdsDocument;
  /** 0-based index of the specification. */
  readonly index: number;
  /** The id to address it with from now on (identifier, else name, else position). */
  readonly specId: string;
}

/** Appends a specification. Defaults as upstream: `minOccurs` 0, `maxOccurs` unbounded. */
export function addSpecification(doc: IdsDocument, input: SpecificationInput): SpecEdit {
  const name = requireText(input.name, "name");
  const identifier = input.identifier === undefined || input.identifier === ""
    ? undefined
    : input.identifier;
  if (identifier !== undefined) checkUniqueIdentifier(doc, identifier, -1);
  const [minOccurs, maxOccurs] = checkOccurs(input.minOccurs ?? 0, input.maxOccurs ?? "unbounded");
  const spec: Specification = {
    name,
    ifcVersion: normalizeIfcVersions(input.ifcVersions),
    ...(identifier !== undefined ? { identifier } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.instructions !== undefined ? { instructions: input.instructions } : {}),
    applicability: { minOccurs, maxOccurs, facets: [] },
  };
  const specifications = [...doc.specifications, spec];
  const index = specifications.length - 1;
  return { doc: { ...doc, specifications }, index, specId: specIdFor(specifications, index) };
}

/** Changes of a specification; `null` removes an optional attribute. */
export interface SpecificationPatch {
  readonly name?: string;
  readonly ifcVersions?: readonly string[];
  readonly identifier?: string | null;
  readonly description?: string | null;
  readonly instructions?: string | null;
  readonly minOccurs?: number;
  readonly maxOccurs?: number | "unbounded";
  /** The `description` of `<requirements>`. */
  readonly requirementsDescription?: string | null;
}

/** Updates a specification's attributes. */
export function updateSpecification(
  doc: IdsDocument,
  specId: string | number,
  patch: SpecificationPatch,
): SpecEdit {
  const index = findSpecIndex(doc, specId);
  const old = doc.specifications[index];
  const next: Record<string, unknown> = { ...old };
  if (patch.name !== undefined) next.name = requireText(patch.name, "name");
  if (patch.ifcVersions !== undefined) next.ifcVersion = normalizeIfcVersions(patch.ifcVersions);
  if (patch.identifier !== undefined) {
    if (patch.identifier === null || patch.identifier === "") delete next.identifier;
    else {
      checkUniqueIdentifier(doc, patch.identifier, index);
      next.identifier = patch.identifier;
    }
  }
  for (const key of ["description", "instructions"] as const) {
    const v = patch[key];
    if (v === null) delete next[key];
    else if (v !== undefined) next[key] = v;
  }
  if (patch.minOccurs !== undefined || patch.maxOccurs !== undefined) {
    const [minOccurs, maxOccurs] = checkOccurs(
      patch.minOccurs ?? old.applicability.minOccurs ?? 1,
      patch.maxOccurs ?? old.applicability.maxOccurs ?? 1,
    );
    next.applicability = { ...old.applicability, minOccurs, maxOccurs };
  }
  if (patch.requirementsDescription !== undefined) {
    const req: Record<string, unknown> = { ...(old.requirements ?? { facets: [] }) };
    if (patch.requirementsDescription === null) delete req.description;
    else req.description = patch.requirementsDescription;
    next.requirements = req;
  }
  const specifications = replaceAt(doc.specifications, index, next as unknown as Specification);
  return { doc: { ...doc, specifications }, index, specId: specIdFor(specifications, index) };
}

/** Removes a specification; later positions shift down by one. */
export function removeSpecification(
  doc: IdsDocument,
  specId: string | number,
): { doc: IdsDocument; removed: Specification; index: number } {
  const index = findSpecIndex(doc, specId);
  return {
    doc: { ...doc, specifications: doc.specifications.filter((_, i) => i !== index) },
    removed: doc.specifications[index],
    index,
  };
}

/** Accepts the IDS 1.0 versions in any case, and `IFC4X3` for `IFC4X3_ADD2` (as upstream). */
export function normalizeIfcVersions(versions: readonly string[]): IfcVersion[] {
  if (!Array.isArray(versions) || versions.length === 0) {
    throw invalid(`ifc_versions must list at least one of ${IFC_VERSIONS.join(", ")}`);
  }
  const out: IfcVersion[] = [];
  for (const raw of versions) {
    let v = String(raw).trim().toUpperCase();
    if (v === "IFC4X3" || v === "IFC4.3" || v === "IFC4X3_ADD1") v = "IFC4X3_ADD2";
    if (!(IFC_VERSIONS as readonly string[]).includes(v)) {
      throw invalid(
        `ifc_versions: '${raw}' is not an IFC version of IDS 1.0; use one of ${
          IFC_VERSIONS.join(", ")
        }`,
      );
    }
    if (!out.includes(v as IfcVersion)) out.push(v as IfcVersion);
  }
  return out;
}

function checkOccurs(
  min: number,
  max: number | "unbounded",
): [number, number | "unbounded"] {
  if (!Number.isInteger(min) || min < 0) {
    throw invalid(`min_occurs must be a non-negative integer, got ${min}`);
  }
  if (max !== "unbounded") {
    if (typeof max === "string" && /^\d+$/.test(max)) max = Number(max);
    if (!Number.isInteger(max) || (max as number) < 0) {
      throw invalid(`max_occurs must be a non-negative integer or "unbounded", got ${max}`);
    }
    if ((max as number) < min) {
      throw invalid(`max_occurs (${max}) is less than min_occurs (${min})`);
    }
  }
  return [min, max];
}

function checkUniqueIdentifier(doc: IdsDocument, identifier: string, self: number): void {
  const other = doc.specifications.findIndex((s, i) => i !== self && s.identifier === identifier);
  if (other >= 0) {
    throw invalid(
      `identifier '${identifier}' is already used by specification ${other + 1} ` +
        `('${doc.specifications[other].name}'); choose another`,
    );
  }
}

/**
 * The shortest unambiguous `spec_id` for the spec at `index`: one pass over the list (O(n)).
 * For every spec at once use {@linkcode specIdsFor}.
 */
export function specIdFor(specs: readonly Specification[], index: number): string {
  const spec = specs[index];
  let firstWithIdentifier = -1;
  let sameName = 0;
  let identifierClash = false;
  for (let i = 0; i < specs.length; i++) {
    const s = specs[i];
    if (
      firstWithIdentifier < 0 && spec.identifier !== undefined && s.identifier === spec.identifier
    ) {
      firstWithIdentifier = i;
    }
    if (s.name === spec.name) sameName++;
    if (s.identifier === spec.name) identifierClash = true;
  }
  return chooseSpecId(spec, index, firstWithIdentifier, sameName, identifierClash);
}

/**
 * `specIdFor` of every spec (or of those from `from` to `to`), in O(n) overall: a summary of
 * 10,000 specifications must not rescan the list for each one (that was quadratic: seconds per
 * `get_ids_info`).
 */
export function specIdsFor(
  specs: readonly Specification[],
  from = 0,
  to = specs.length,
): string[] {
  const firstByIdentifier = new Map<string, number>();
  const nameCount = new Map<string, number>();
  // Only the names and identifiers of the listed specs matter: a page of 50 out of 20,000
  // keeps two small maps instead of two of 20,000 entries.
  let wanted: Set<string> | undefined;
  if (to - from < specs.length) {
    wanted = new Set();
    for (let i = from; i < to; i++) {
      wanted.add(specs[i].name);
      if (specs[i].identifier !== undefined) wanted.add(specs[i].identifier!);
    }
  }
  for (let i = 0; i < specs.length; i++) {
    const s = specs[i];
    if (
      s.identifier !== undefined && (!wanted || wanted.has(s.identifier)) &&
      !firstByIdentifier.has(s.identifier)
    ) {
      firstByIdentifier.set(s.identifier, i);
    }
    if (!wanted || wanted.has(s.name)) nameCount.set(s.name, (nameCount.get(s.name) ?? 0) + 1);
  }
  return specs.slice(from, to).map((s, k) =>
    chooseSpecId(
      s,
      from + k,
      s.identifier === undefined ? -1 : firstByIdentifier.get(s.identifier)!,
      nameCount.get(s.name)!,
      firstByIdentifier.has(s.name),
    )
  );
}

/** Identifier when it is the first with it, else a unique name no identifier shadows, else position. */
function chooseSpecId(
  spec: Specification,
  index: number,
  firstWithIdentifier: number,
  sameName: number,
  identifierClash: boolean,
): string {
  if (spec.identifier !== undefined && firstWithIdentifier === index) return spec.identifier;
  if (sameName === 1 && !identifierClash) return spec.name;
  return String(index + 1);
}

function requireText(v: unknown, field: string): string {
  if (typeof v !== "string" || v.trim() === "") {
    throw invalid(`${field} must be a non-empty string`);
  }
  return v;
}
