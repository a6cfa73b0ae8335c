/**
 * Who a request counts against: its principal. Quotas (live sessions, requests per second) are
 * kept per principal, so that a client cannot escape them by changing address and cannot use
 * up anybody else's.
 *
 * - With bearer tokens, each token is a principal, logged by its name (never the token).
 * - Without tokens (loopback only), the client address: IPv4 per address, IPv6 per /64 (one
 *   host owns a whole /64). The address is the TCP peer's, or, when the peer is a trusted
 *   reverse proxy (`--trust-proxy`), the rightmost `X-Forwarded-For` hop that is not one of the
 *   trusted proxies (what is left of it was written by the client and proves nothing).
 *
 * Why: counting TCP peers let 127.0.0.2 and 127.0.0.3 each open another 100 sessions, gave an
 * IPv6 client 2^64 identities, and behind a proxy made every client one, so one client's 100
 * `initialize` calls locked everyone out for a day.
 *
 * @module
 */

/** A bearer token and the name it is logged and accounted under. */
export interface NamedToken {
  readonly name: string;
  readonly token: string;
}

/** Log names of tokens: letters, digits, `.`, `_`, `-` (1–64). */
export const TOKEN_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** Bearer-token check over several tokens, in time independent of which (if any) matches. */
export class TokenSet {
  readonly #tokens: { readonly name: string; readonly bytes: Uint8Array }[];

  constructor(tokens: readonly NamedToken[]) {
    const enc = new TextEncoder();
    this.#tokens = tokens.map((t) => ({ name: t.name, bytes: enc.encode(t.token) }));
  }

  get size(): number {
    return this.#tokens.length;
  }

  /** The name of the token in an `Authorization: Bearer …` header, or undefined. */
  match(header: string | null): string | undefined {
    const m = /^Bearer\s+(.+)$/i.exec(header ?? "");
    if (!m) return undefined;
    const given = new TextEncoder().encode(m[1].trim());
    let found: string | undefined;
    // Every token is compared in full (no early exit on a match or a mismatch); only a token's
    // length, which is not secret enough to matter, changes the time.
    for (const t of this.#tokens) {
      if (equalConstantTime(given, t.bytes) && found === undefined) found = t.name;
    }
    return found;
  }
}

function equalConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/**
 * Reads a tokens file: one token per line, as `name:token` or a bare token (named `line-<n>`);
 * blank lines and lines starting with `#` are skipped. Throws with the line at fault.
 */
export function parseTokensFile(text: string, shownAs: string): NamedToken[] {
  const out: NamedToken[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "" || line.startsWith("#")) continue;
    const colon = line.indexOf(":");
    const name = colon < 0 ? `line-${i + 1}` : line.slice(0, colon);
    const token = colon < 0 ? line : line.slice(colon + 1);
    const where = `${shownAs} line ${i + 1}`;
    if (!TOKEN_NAME.test(name)) {
      throw new Error(`${where}: the name must be 1–64 letters, digits, '.', '_' or '-'`);
    }
    const problem = tokenProblem(token);
    if (problem) throw new Error(`${where}: ${problem}`);
    out.push({ name, token });
  }
  if (out.length === 0) throw new Error(`${shownAs} holds no token`);
  return out;
}

/** Why `token` cannot be used, or undefined when it can. */
export function tokenProblem(token: string): string | undefined {
  if (token.trim() === "") return "the token is empty, which would turn authentication off";
  if (!/^[\x21-\x7e]+$/.test(token)) {
    return "the token must be visible ASCII characters without spaces";
  }
  return undefined;
}

/** Checks a list of tokens together: names and tokens must be unique. */
export function duplicateProblem(tokens: readonly NamedToken[]): string | undefined {
  const names = new Set<string>();
  const values = new Set<string>();
  for (const t of tokens) {
    if (names.has(t.name)) return `two tokens are named '${t.name}'`;
    if (values.has(t.token)) return `the token named '${t.name}' is given twice`;
    names.add(t.name);
    values.add(t.token);
  }
  return undefined;
}

/** An IP address as bytes: 4 for IPv4 (IPv4-mapped IPv6 included), 16 for IPv6. */
export type IpBytes = Uint8Array;

/** Parses an IPv4 or IPv6 address (brackets, a zone and an IPv4 `:port` are tolerated). */
export function parseIp(text: string): IpBytes | undefined {
  let s = text.trim();
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracket) s = bracket[1];
  else if (/^[\d.]+:\d+$/.test(s)) s = s.slice(0, s.indexOf(":"));
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  const v4 = parseV4(s);
  if (v4) return v4;
  const v6 = parseV6(s);
  if (!v6) return undefined;
  // ::ffff:a.b.c.d is an IPv4 client on a dual-stack socket.
  if (v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff) {
    return v6.slice(12);
  }
  return v6;
}

function parseV4(s: string): Uint8Array | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    if (!/^\d{1,3}$/.test(parts[i])) return undefined;
    const n = Number(parts[i]);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

function parseV6(s: string): Uint8Array | undefined {
  if (!s.includes(":") || s.length > 45) return undefined;
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === "") return [];
    const out: number[] = [];
    const parts = h.split(":");
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes(".")) {
        const v4 = parseV4(p);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** An address or CIDR range (`10.0.0.0/8`, `fd00::/8`, or one address). */
export interface IpRange {
  readonly bytes: IpBytes;
  readonly bits: number;
}

/** Parses `--trust-proxy` values; undefined when `text` is no address or range. */
export function parseRange(text: string): IpRange | undefined {
  const slash = text.lastIndexOf("/");
  const bytes = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  if (slash < 0) return { bytes, bits: max };
  const raw = text.slice(slash + 1);
  const bits = Number(raw);
  if (!/^\d{1,3}$/.test(raw) || bits > max) return undefined;
  return { bytes, bits };
}

function inRange(ip: IpBytes, range: IpRange): boolean {
  if (ip.length !== range.bytes.length) return false;
  let bits = range.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((ip[i] & mask) !== (range.bytes[i] & mask)) return false;
  }
  return true;
}

/** The principal of an address: IPv4 as it is, IPv6 as its /64. */
export function addressGroup(ip: IpBytes): string {
  if (ip.length === 4) return ip.join(".");
  const groups: string[] = [];
  for (let i = 0; i < 8; i += 2) groups.push(((ip[i] << 8) | ip[i + 1]).toString(16));
  return `${groups.join(":")}::/64`;
}

/** Resolves client addresses and principals of requests. */
export class PrincipalResolver {
  readonly #trusted: readonly IpRange[];

  constructor(trustProxy: readonly IpRange[] = []) {
    this.#trusted = trustProxy;
  }

  #isTrusted(ip: IpBytes): boolean {
    return this.#trusted.some((r) => inRange(ip, r));
  }

  /**
   * The client's address: the TCP peer, or, from a trusted proxy, the rightmost
   * `X-Forwarded-For` hop that is not a trusted proxy. A hop that is no address ends the walk
   * at the last trusted one (the proxy that passed it on is then the client).
   */
  clientAddress(peer: string, forwardedFor: string | null): string {
    let ip = parseIp(peer);
    if (!ip || forwardedFor === null || !this.#isTrusted(ip)) return ip ? show(ip) : peer;
    const hops = forwardedFor.split(",");
    for (let i = hops.length - 1; i >= 0 && i >= hops.length - 32; i--) {
      const hop = parseIp(hops[i]);
      if (!hop) break;
      ip = hop;
      if (!this.#isTrusted(hop)) break;
    }
    return show(ip);
  }

  /** The principal of a client address that has no token: `addr:<address or /64>`. */
  addressPrincipal(address: string): string {
    const ip = parseIp(address);
    return `addr:${ip ? addressGroup(ip) : address.slice(0, 64)}`;
  }
}

/** An address as text (IPv4 dotted, IPv6 in full groups). */
function show(ip: IpBytes): string {
  if (ip.length === 4) return ip.join(".");
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip[i] << 8) | ip[i + 1]).toString(16));
  return groups.join(":");
}
