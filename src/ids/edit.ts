/**
 * Pure edits of an {@linkcode IdsDocument}: what the MCP authoring tools do, without I/O.
 * Every function returns a NEW document (inputs are never mutated) or throws an
 * {@linkcode IdsError} whose message tells an agent what to do instead, so a failed edit can
 * never leave a half-changed document behind.
 *
 * Specifications are addressed by `spec_id`: the `identifier`, else the `name`, else the 1-based
 * position. Facets are addressed by their 0-based index within a location.
 *
 * The edits live in src/ids/edit/ by what they change (document info, specifications, facets,
 * restrictions); this module is the one import callers need.
 *
 * @module
 */
export { valueText } from "./edit/common.ts";
export { type InfoInput, newDocument, updateInfo } from "./edit/document.ts";
export {
  addSpecification,
  findSpecIndex,
  normalizeIfcVersions,
  removeSpecification,
  type SpecEdit,
  specIdFor,
  specIdsFor,
  type SpecificationInput,
  type SpecificationPatch,
  specLabel,
  updateSpecification,
} from "./edit/specification.ts";
export {
  addFacet,
  buildFacet,
  type FacetEdit,
  type FacetFields,
  listFacets,
  locateFacet,
  normalizeRelation,
  removeFacet,
  updateFacet,
} from "./edit/facet.ts";
export {
  buildRestriction,
  getParameter,
  normalizeBaseType,
  removeRestriction,
  resolveParameter,
  type RestrictionEdit,
  type RestrictionInput,
  setRestriction,
} from "./edit/restriction.ts";
