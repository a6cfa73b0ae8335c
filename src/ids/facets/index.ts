/**
 * One table for the six facet kinds, so the document reader, writer and describer dispatch by
 * kind without knowing any facet's details.
 *
 * @module
 */
import type { Facet, FacetKind, FacetLocation } from "../model.ts";
import type { Located, ReadContext } from "../structure.ts";
import type { XmlWriter } from "../xml_writer.ts";
import * as attribute from "./attribute.ts";
import * as classification from "./classification.ts";
import * as entity from "./entity.ts";
import * as material from "./material.ts";
import * as partOf from "./part_of.ts";
import * as property from "./property.ts";

/** What each facet module provides for its own facet type. */
interface FacetModule<F extends Facet> {
  read(ctx: ReadContext, at: Located, location: FacetLocation): F | undefined;
  write(w: XmlWriter, f: F): void;
  describe(f: F, location: FacetLocation, specProhibited?: boolean): string;
}

/** The module for each kind; the mapped type checks that each one handles its own facet. */
const MODULES: { readonly [K in FacetKind]: FacetModule<Extract<Facet, { facet: K }>> } = {
  entity,
  partOf,
  classification,
  attribute,
  property,
  material,
};

/**
 * The module for a facet, typed for the facet union. TypeScript cannot relate `MODULES[f.facet]`
 * to `f` itself; the table's mapped type is what guarantees the pairing.
 */
function moduleOf(kind: FacetKind): FacetModule<Facet> {
  return MODULES[kind] as unknown as FacetModule<Facet>;
}

/** Reads a facet element in the given section; undefined when it is structurally broken. */
export function readFacet(
  kind: FacetKind,
  ctx: ReadContext,
  at: Located,
  location: FacetLocation,
): Facet | undefined {
  return MODULES[kind].read(ctx, at, location);
}

/** Writes a facet element with every attribute the model holds. */
export function writeFacet(w: XmlWriter, f: Facet): void {
  moduleOf(f.facet).write(w, f);
}

/**
 * Human-readable text for a facet, as IfcTester phrases it ("All IFCWALL data",
 * "FireRating data shall be provided in the dataset Pset_WallCommon"). `specProhibited`
 * (the specification has maxOccurs 0) flips requirements to their negative form. An optional
 * requirement ends in ", if present" (IfcTester words it like a required one, which tells a
 * reader that something missing fails when it does not).
 */
export function describeFacet(
  f: Facet,
  location: FacetLocation,
  specProhibited = false,
): string {
  const text = moduleOf(f.facet).describe(f, location, specProhibited);
  const optional = location === "requirements" && "cardinality" in f &&
    f.cardinality === "optional";
  return optional ? `${text}, if present` : text;
}
