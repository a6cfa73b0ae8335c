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

/** Reads a facet element in the given section; undefined when it is structurally broken. */
export function readFacet(
  kind: FacetKind,
  ctx: ReadContext,
  at: Located,
  location: FacetLocation,
): Facet | undefined {
  switch (kind) {
    case "entity":
      return entity.read(ctx, at, location);
    case "partOf":
      return partOf.read(ctx, at, location);
    case "classification":
      return classification.read(ctx, at, location);
    case "attribute":
      return attribute.read(ctx, at, location);
    case "property":
      return property.read(ctx, at, location);
    case "material":
      return material.read(ctx, at, location);
  }
}

/** Writes a facet element with every attribute the model holds. */
export function writeFacet(w: XmlWriter, f: Facet): void {
  switch (f.facet) {
    case "entity":
      return entity.write(w, f);
    case "partOf":
      return partOf.write(w, f);
    case "classification":
      return classification.write(w, f);
    case "attribute":
      return attribute.write(w, f);
    case "property":
      return property.write(w, f);
    case "material":
      return material.write(w, f);
  }
}

/**
 * Human-readable text for a facet, as IfcTester phrases it ("All IFCWALL data",
 * "FireRating data shall be provided in the dataset Pset_WallCommon"). `specProhibited`
 * (the specification has maxOccurs 0) flips requirements to their negative form.
 */
export function describeFacet(
  f: Facet,
  location: FacetLocation,
  specProhibited = false,
): string {
  switch (f.facet) {
    case "entity":
      return entity.describe(f, location, specProhibited);
    case "partOf":
      return partOf.describe(f, location, specProhibited);
    case "classification":
      return classification.describe(f, location, specProhibited);
    case "attribute":
      return attribute.describe(f, location, specProhibited);
    case "property":
      return property.describe(f, location, specProhibited);
    case "material":
      return material.describe(f, location, specProhibited);
  }
}
