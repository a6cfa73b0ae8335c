/**
 * The key space of HTTP sessions inside the shared session store.
 *
 * Why: stdio and HTTP share one Kv, and stdio names its session after `--session NAME`
 * (`default` unless given). Were HTTP to accept any stored id, `Mcp-Session-Id: default`
 * would read and overwrite the desktop user's document. So HTTP only serves ids it issued:
 * 128 random bits (base64url, 22 characters), stored under a `http:` prefix. An HTTP client's
 * id is always mapped into that prefix, so no header reaches a stdio session, and stdio
 * refuses session names in that prefix ({@linkcode isReservedSessionName}), so no
 * `--session` reaches an HTTP one.
 *
 * @module
 */

/** Store ids of HTTP sessions start with this; stdio session names never do. */
export const HTTP_SESSION_PREFIX = "http:";

/** What the server issues as `Mcp-Session-Id`: 16 random bytes, base64url without padding. */
const ISSUED_ID = /^[A-Za-z0-9_-]{22}$/;

/** A fresh, unguessable session id (128 random bits) for an HTTP client. */
export function newHttpSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/**
 * The store id for the `Mcp-Session-Id` a client sent, or undefined when the header cannot be
 * an id this server issued (then no Kv read is needed to answer 404).
 */
export function httpStoreId(clientId: string): string | undefined {
  return ISSUED_ID.test(clientId) ? HTTP_SESSION_PREFIX + clientId : undefined;
}

/** True for names a stdio `--session` may not take: they belong to HTTP sessions. */
export function isReservedSessionName(name: string): boolean {
  return name.startsWith(HTTP_SESSION_PREFIX);
}
