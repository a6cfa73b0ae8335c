/**
 * Deterministic name-based UUIDs (RFC 4122 version 5, SHA-1) so that a BCF export of the same
 * check gives the same topic GUIDs every time: a coordination tool then updates existing
 * topics instead of piling up duplicates.
 *
 * @module
 */

import { createHash } from "node:crypto";

/** The ids-mcp namespace for report UUIDs (a fixed random UUID). */
export const REPORT_NAMESPACE = "6f1c2a3e-8b7d-4e5f-9a0b-1c2d3e4f5a6b";

function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, "");
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not a UUID: '${uuid}'`);
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** RFC 4122 version-5 UUID of `name` in `namespace` (lower-case, hyphenated). */
export function uuidV5(name: string, namespace: string = REPORT_NAMESPACE): string {
  const hash = createHash("sha1");
  hash.update(uuidBytes(namespace));
  hash.update(new TextEncoder().encode(name));
  const b = new Uint8Array(hash.digest()).slice(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
