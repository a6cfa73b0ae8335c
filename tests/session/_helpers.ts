/**
 * Shared test data for the session store: small IDS documents built from the real model
 * types, and a big one of a chosen size for chunking tests.
 *
 * @module
 */

import { type IdsDocument, simple, type Specification } from "../../src/ids/model.ts";
import { encodeDocument } from "../../src/session/chunks.ts";

/** A specification named `name` requiring walls to have a property. */
export function spec(name: string, extra = ""): Specification {
  return {
    name,
    ifcVersion: ["IFC4"],
    ...(extra ? { description: extra } : {}),
    applicability: { facets: [{ facet: "entity", name: simple("IFCWALL") }] },
    requirements: {
      facets: [{
        facet: "property",
        propertySet: simple("Pset_WallCommon"),
        baseName: simple("FireRating"),
        cardinality: "required",
      }],
    },
  };
}

/** A document with `title` and the given specifications. */
export function doc(title: string, specs: readonly Specification[] = []): IdsDocument {
  return { info: { title }, specifications: specs };
}

/** Appends one specification (a pure edit, as the tools do). */
export function withSpec(d: IdsDocument | undefined, s: Specification): IdsDocument {
  const base = d ?? doc("untitled");
  return { ...base, specifications: [...base.specifications, s] };
}

/**
 * A document whose JSON is at least `bytes` long, varied so chunks differ. `incompressible`
 * adds pseudo-random text (deterministic) so that compression cannot shrink it below several
 * chunks: the way to exercise multi-commit writes.
 */
export function bigDoc(
  bytes: number,
  title = "big",
  options: { incompressible?: boolean } = {},
): IdsDocument {
  const specs: Specification[] = [];
  const random = pseudoRandomText(options.incompressible ? 200 : 0);
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = spec(`S${i}`, `requirement ${i} ✓ ${"é".repeat(i % 17)} ${Math.sin(i)} ${random()}`);
    specs.push(s);
    size += JSON.stringify(s).length + 1;
  }
  return doc(title, specs);
}

/** A generator of `length`-character strings from a seeded xorshift PRNG (base64 alphabet). */
export function pseudoRandomText(length: number, seed = 2463534242): () => string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  let x = seed | 1;
  return () => {
    let out = "";
    for (let i = 0; i < length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out += alphabet[(x >>> 0) & 63];
    }
    return out;
  };
}

/**
 * IDS XML of about `bytes` whose specifications carry noise in their descriptions, so that the
 * store's compression keeps about half of it (`noise` 400), or three quarters (4000: the
 * "incompressible" files of bench/quota_bench.ts).
 */
export function noisyIdsXml(bytes: number, title: string, seed = 7, noise = 400): string {
  const text = pseudoRandomText(noise, seed);
  const specs: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = `<specification name="S${i}" ifcVersion="IFC4" description="${text()}">` +
      `<applicability maxOccurs="unbounded"><entity><name><simpleValue>IFCWALL</simpleValue>` +
      `</name></entity></applicability></specification>`;
    specs.push(s);
    size += s.length;
  }
  return `<ids xmlns="http://standards.buildingsmart.org/IDS" ` +
    `xmlns:xs="http://www.w3.org/2001/XMLSchema"><info><title>${title}</title></info>` +
    `<specifications>${specs.join("")}</specifications></ids>`;
}

/** Byte size of `d` as the store counts it (its stored JSON, shared parts once). */
export function jsonBytes(d: IdsDocument): number {
  return encodeDocument(d).length;
}

/** A hand-driven clock. */
export class Clock {
  constructor(public t = Date.UTC(2026, 0, 1)) {}
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

/** A fresh temporary Kv file path (its directory is removed by `cleanup`). */
export async function tempKvPath(): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const dir = await Deno.makeTempDir({ prefix: "ids-mcp-session-" });
  return {
    path: `${dir}/sessions.kv`,
    cleanup: () => Deno.remove(dir, { recursive: true }).catch(() => {}),
  };
}
