/**
 * Full check reports kept in Deno.Kv for a while, so a `validate_ifc_model` reply can stay
 * small and link to the report (an MCP resource) instead of carrying it: every server process
 * on the same Kv serves it, and it goes away by itself (`expireIn`, the session TTL).
 *
 * A report belongs to the session that made it: keys are `["report", sessionId, id]` (the
 * header) and `["report-chunk", sessionId, id, i]` (its bytes when they do not fit the
 * header), so one session can neither list nor read another's. The bytes go through the same
 * packing as session documents (src/session/chunks.ts: raw DEFLATE above 60 KiB when it
 * helps, 63 KiB chunks, 11 chunks per commit). Chunks are written first and the header last,
 * so a reader finds a complete report or none; chunks outlive their header by a minute, so a
 * live header never points at expired chunks. A session keeps its newest
 * {@linkcode MAX_REPORTS_PER_SESSION} reports; older ones are deleted when a new one is stored.
 *
 * @module
 */
import { IdsError } from "../ids/errors.ts";
import {
  CHUNKS_PER_COMMIT,
  formatBytes,
  INLINE_MAX_BYTES,
  joinChunks,
  MUTATIONS_PER_COMMIT,
  packDocument,
  splitChunks,
  type StoredEncoding,
  unpackDocument,
} from "./chunks.ts";
import { retryLocked } from "./retry.ts";

/** Reports kept per session (the newest). */
export const MAX_REPORTS_PER_SESSION = 20;
/** Largest report stored (bytes before compression). */
export const MAX_REPORT_BYTES = 32 * 1024 * 1024;
/** How much longer chunks live than their header. */
const CHUNK_GRACE_MS = 60_000;
const RETRIES = 20;
const ID_PATTERN = /^[0-9a-f-]{36}$/;

const PREFIX = ["ids-mcp", "v1"] as const;
const headPrefix = (session: string): Deno.KvKey => [...PREFIX, "report", session];
const headKey = (session: string, id: string): Deno.KvKey => [...PREFIX, "report", session, id];
const chunkPrefix = (session: string, id: string): Deno.KvKey => [
  ...PREFIX,
  "report-chunk",
  session,
  id,
];

/** What a client sees of a stored report. */
export interface ReportMeta {
  readonly id: string;
  /** File-like name, e.g. `ids-report-<id>.json`. */
  readonly name: string;
  readonly mimeType: string;
  /** Whether the bytes are text (UTF-8) or binary (a BCF zip). */
  readonly binary: boolean;
  /** Size of the report in bytes (before compression). */
  readonly size: number;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly expiresAt: number;
  /** A line for resource listings ("IDS check of duplex.ifc: fail"). */
  readonly description?: string;
}

interface StoredHeader extends ReportMeta {
  readonly v: 1;
  readonly encoding: StoredEncoding;
  readonly storedBytes: number;
  readonly chunkCount: number;
  readonly inline?: Uint8Array;
}

/** What {@linkcode ReportStore.put} stores. */
export interface NewReport {
  /** File extension of the report's name (`json`, `html`, `txt`, `bcf`). */
  readonly extension: string;
  readonly mimeType: string;
  readonly binary: boolean;
  readonly bytes: Uint8Array;
  readonly description?: string;
}

function metaOf(h: StoredHeader): ReportMeta {
  return {
    id: h.id,
    name: h.name,
    mimeType: h.mimeType,
    binary: h.binary,
    size: h.size,
    createdAt: h.createdAt,
    expiresAt: h.expiresAt,
    ...(h.description !== undefined ? { description: h.description } : {}),
  };
}

/**
 * Storage accounting a report store charges (the session store's quotas): a report's stored
 * bytes count against its session's and the store's limits while it is kept.
 */
export interface ReportQuota {
  reserve(session: string, item: string, bytes: number, options: { ttlMs: number }): Promise<void>;
  release(session: string, item: string): Promise<boolean>;
}

/** The quota item of one report (see {@linkcode ReportQuota}). */
function quotaItem(id: string): string {
  return `report:${id}`;
}

/** Reports by session in one Kv; see the module documentation. */
export class ReportStore {
  readonly #kv: Deno.Kv;
  readonly #ttl: number;
  readonly #now: () => number;
  readonly #quota: ReportQuota | undefined;

  constructor(
    kv: Deno.Kv,
    options: { ttlMs: number; now?: () => number; quota?: ReportQuota },
  ) {
    this.#kv = kv;
    this.#ttl = options.ttlMs;
    this.#now = options.now ?? Date.now;
    this.#quota = options.quota;
  }

  /** How long a report is kept (ms). */
  get ttlMs(): number {
    return this.#ttl;
  }

  /** Stores a report of `session`; `too_large` above {@linkcode MAX_REPORT_BYTES}. */
  async put(session: string, report: NewReport): Promise<ReportMeta> {
    if (report.bytes.length > MAX_REPORT_BYTES) {
      throw new IdsError(
        "too_large",
        `the report is ${formatBytes(report.bytes.length)}, above the ${
          formatBytes(MAX_REPORT_BYTES)
        } a stored report may hold`,
      );
    }
    const id = crypto.randomUUID();
    const now = this.#now();
    const packed = await packDocument(report.bytes);
    const inline = packed.data.length <= INLINE_MAX_BYTES;
    const chunks = inline ? [] : splitChunks(packed.data);
    // Counted before anything is written: over the quota, nothing is stored (quota_exceeded).
    await this.#quota?.reserve(session, quotaItem(id), packed.data.length, { ttlMs: this.#ttl });
    const header: StoredHeader = {
      v: 1,
      id,
      name: `ids-report-${id}.${report.extension}`,
      mimeType: report.mimeType,
      binary: report.binary,
      size: report.bytes.length,
      createdAt: now,
      expiresAt: now + this.#ttl,
      ...(report.description !== undefined ? { description: report.description } : {}),
      encoding: packed.encoding,
      storedBytes: packed.data.length,
      chunkCount: chunks.length,
      ...(inline ? { inline: packed.data } : {}),
    };
    try {
      for (let at = 0; at < chunks.length; at += CHUNKS_PER_COMMIT) {
        await retryLocked(async () => {
          const op = this.#kv.atomic();
          for (let i = at; i < Math.min(at + CHUNKS_PER_COMMIT, chunks.length); i++) {
            op.set([...chunkPrefix(session, id), i], chunks[i], {
              expireIn: this.#ttl + CHUNK_GRACE_MS,
            });
          }
          await op.commit();
        }, RETRIES);
      }
      await retryLocked(
        () => this.#kv.set(headKey(session, id), header, { expireIn: this.#ttl }),
        RETRIES,
      );
    } catch (e) {
      await this.#deleteChunks(session, id, chunks.length).catch(() => {});
      await this.#quota?.release(session, quotaItem(id)).catch(() => {});
      throw e;
    }
    await this.#prune(session).catch(() => {});
    return metaOf(header);
  }

  /** The report and its bytes, or undefined when missing, expired or another session's. */
  async get(
    session: string,
    id: string,
  ): Promise<{ meta: ReportMeta; bytes: Uint8Array } | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    const entry = await retryLocked(
      () => this.#kv.get<StoredHeader>(headKey(session, id)),
      RETRIES,
    );
    const h = entry.value;
    if (!h || h.expiresAt <= this.#now()) return undefined;
    let stored = h.inline;
    if (stored === undefined) {
      const parts: Uint8Array[] = [];
      for await (const c of this.#kv.list<Uint8Array>({ prefix: chunkPrefix(session, id) })) {
        if (c.key.at(-1) !== parts.length) break;
        parts.push(c.value);
      }
      if (parts.length === h.chunkCount) stored = joinChunks(parts);
    }
    if (stored === undefined || stored.length !== h.storedBytes) {
      throw new IdsError(
        "io",
        `report '${id}' is incomplete in the store; run validate_ifc_model again`,
      );
    }
    const bytes = await unpackDocument(stored, h.encoding);
    if (bytes.length !== h.size) {
      throw new IdsError("io", `report '${id}' cannot be read back; run validate_ifc_model again`);
    }
    return { meta: metaOf(h), bytes };
  }

  /** The live reports of `session`, newest first. */
  async list(session: string): Promise<ReportMeta[]> {
    return (await this.#headers(session)).map(metaOf).sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Deletes every report of `session` (the session was deleted). */
  async deleteSession(session: string): Promise<void> {
    for await (const e of this.#kv.list<StoredHeader>({ prefix: headPrefix(session) })) {
      await retryLocked(() => this.#kv.delete(e.key), RETRIES);
      await this.#deleteChunks(session, e.value.id, e.value.chunkCount);
    }
  }

  async #headers(session: string): Promise<StoredHeader[]> {
    const now = this.#now();
    const out: StoredHeader[] = [];
    for await (const e of this.#kv.list<StoredHeader>({ prefix: headPrefix(session) })) {
      if (e.value.expiresAt > now) out.push(e.value);
    }
    return out;
  }

  /** Deletes all but the newest {@linkcode MAX_REPORTS_PER_SESSION} reports of `session`. */
  async #prune(session: string): Promise<void> {
    const all = (await this.#headers(session)).sort((a, b) => b.createdAt - a.createdAt);
    for (const old of all.slice(MAX_REPORTS_PER_SESSION)) {
      await retryLocked(() => this.#kv.delete(headKey(session, old.id)), RETRIES);
      await this.#deleteChunks(session, old.id, old.chunkCount);
      await this.#quota?.release(session, quotaItem(old.id));
    }
  }

  async #deleteChunks(session: string, id: string, count: number): Promise<void> {
    for (let at = 0; at < count; at += MUTATIONS_PER_COMMIT) {
      await retryLocked(async () => {
        const op = this.#kv.atomic();
        for (let i = at; i < Math.min(at + MUTATIONS_PER_COMMIT, count); i++) {
          op.delete([...chunkPrefix(session, id), i]);
        }
        await op.commit();
      }, RETRIES);
    }
  }
}
