/**
 * The session store: one IDS document per MCP session, kept in Deno.Kv so that it survives
 * restarts, is shared by every server process on the same Kv, is never corrupted by concurrent
 * tool calls, and disappears when abandoned. Tools never touch Kv directly; this module owns
 * the key layout.
 *
 * Key layout (all under `["ids-mcp", "v1"]`):
 *
 * - `["session", id]` → header: metadata, the current chunk generation, and the document
 *   itself when it is small (≤ 60 KiB stored: one read per load). Documents above 60 KiB of
 *   JSON are stored compressed (raw DEFLATE, ~9× on real IDS files), so most of them still fit
 *   the header, and a 5 MB one needs a handful of chunks.
 * - `["chunk", id, gen, i]` → bytes `i` of generation `gen` of a larger document. A generation
 *   is written once, before the header points at it, and never modified, so a reader that
 *   follows the header either finds a complete generation or notices it was replaced and
 *   re-reads the header. Big generations are written in several commits first; only the
 *   versionstamp-checked header commit makes them visible. Losers of a race delete their
 *   chunks; anything left behind expires through `expireIn`.
 * - `["recent", lastAccess, id]` → metadata, moved atomically with the header; `list()` reads
 *   it backwards for newest-first order.
 * - `["usage", id, item]` → stored bytes of the document (`doc`) or of something reserved with
 *   `reserve()`, and `["usage-total"]` → their sum: written in the same commits as what they
 *   count, for the per-session and store-wide quotas (quota.ts). Chunks that an interrupted
 *   write left behind are reclaimed by `maintain()` (reclaim.ts).
 *
 * Every write sets `expireIn` (the sliding TTL) on every key it writes and stores `expiresAt`,
 * because Kv purges expired keys lazily: an expired session reads as gone at once. Chunks get
 * twice the TTL so that renewing a session only rewrites its header; they are rewritten once
 * their own expiry comes near.
 *
 * Within one store, writes to a session run one after another (no self-conflicts, no wasted
 * work); between stores and processes the versionstamp check decides, and SQLite's `database
 * is locked` counts as a conflict. Parsed documents are cached by generation (never stale: a
 * generation is immutable) and handed out deep-frozen, as are documents an update stores:
 * treat them as immutable, as the pure edits in `src/ids` do.
 *
 * @module
 */

import type { IdsDocument } from "../ids/model.ts";
import { IdsError } from "../ids/errors.ts";
import {
  CHUNKS_PER_COMMIT,
  decodeDocument,
  deepFreeze,
  DocumentCache,
  encodeDocument,
  formatBytes,
  INLINE_MAX_BYTES,
  joinChunks,
  MUTATIONS_PER_COMMIT,
  packDocument,
  splitChunks,
  type StoredEncoding,
  unpackDocument,
} from "./chunks.ts";
import { formatDuration } from "./duration.ts";
import { openKv, resolveKvLocation } from "./kv_location.ts";
import { KvFileWatch } from "./kv_file.ts";
import { backoff, isLockedError, retryLocked } from "./retry.ts";
import {
  chunkKey,
  chunkPrefix,
  DOC_ITEM,
  headKey,
  newGeneration,
  RECENT_PREFIX,
  recentKey,
  USAGE_TOTAL,
  usageKey,
  type UsageRecord,
} from "./keys.ts";
import {
  counted,
  DEFAULT_MAX_SESSION_BYTES,
  DEFAULT_MAX_STORE_BYTES,
  recountUsage,
  sessionQuotaError,
  sessionRecords,
  storeQuotaError,
  totalOf,
  u64,
} from "./quota.ts";
import { reclaimChunks, type ReclaimResult } from "./reclaim.ts";
import { ReportStore } from "./report_store.ts";

export { parseDuration } from "./duration.ts";

/** What callers see of a session. */
export interface SessionMeta {
  readonly id: string;
  /** Epoch ms. */
  readonly createdAt: number;
  /** Epoch ms of the last write or renewal (reads renew at most every `renewThrottleMs`). */
  readonly lastAccess: number;
  /** Epoch ms after which the session is gone. */
  readonly expiresAt: number;
  /** The document's title, if any (cut to 256 characters). */
  readonly title?: string;
  readonly specificationCount: number;
  readonly hasDocument: boolean;
  /** Stored document size (UTF-8 JSON bytes); 0 without a document. */
  readonly sizeBytes: number;
}

/**
 * A session read that a following {@linkcode SessionStore.update} of the same session may
 * start from instead of reading again (see {@linkcode SessionStore.loadSnapshot}). Opaque.
 */
export class SessionSnapshot {
  /** @internal */
  constructor(readonly id: string, readonly state: unknown) {}
}

export interface SessionStoreOptions {
  /** Sliding time to live; default 24 h. */
  readonly ttlMs?: number;
  /** Default 16 MiB; larger documents are refused with `too_large`. */
  readonly maxDocumentBytes?: number;
  /** Conflict retries before `busy` (default 20, jittered exponential backoff). */
  readonly maxRetries?: number;
  /** Clock (epoch ms) for expiry decisions; tests inject one. */
  readonly now?: () => number;
  /** Reads renew the expiry at most this often; default ttl/24. */
  readonly renewThrottleMs?: number;
  /** Parsed documents kept in memory, by total JSON bytes; default 64 MiB, 0 disables. */
  readonly cacheBytes?: number;
  /** Whether `close()` closes the Kv too; default true. */
  readonly closeKv?: boolean;
  /**
   * The Kv file to watch for deletion or replacement while running (set by `open()` for file
   * locations); writes are then refused with `store_unavailable` instead of being lost.
   */
  readonly watch?: KvFileWatch;
  /**
   * Stored bytes one session may hold (its document after compression, plus what
   * {@linkcode SessionStore.reserve} counts); default 8 MiB. More → `quota_exceeded`.
   */
  readonly maxSessionBytes?: number;
  /** Stored bytes all sessions of the Kv may hold together; default 1 GiB. */
  readonly maxStoreBytes?: number;
  /**
   * Chunks of a generation no header points at are reclaimed once the generation is older
   * than this (default 15 min); a write still running past half of it is abandoned instead
   * of committed, so the sweep never removes what a live writer is about to use.
   */
  readonly reclaimAfterMs?: number;
}

/** What {@linkcode SessionStore.maintain} did. */
export interface MaintenanceResult extends ReclaimResult {
  /** Stored bytes of every live session after the recount. */
  readonly storeBytes: number;
}

/** Whether the store can keep what is written (`/healthz`, start-up checks). */
export type StoreHealth =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string };

/** Counters since the store was opened (for health views and benchmarks). */
export interface SessionStoreStats {
  /** Successful header commits. */
  readonly commits: number;
  /** Commits refused because another writer changed the session first. */
  readonly conflicts: number;
  /** Kv operations that hit `database is locked` (another process) and were retried. */
  readonly locked: number;
}

/** Result of {@linkcode SessionStore.update}'s function. */
export interface UpdateOutcome<T> {
  readonly doc: IdsDocument | undefined;
  readonly result: T;
}

const DEFAULT_TTL_MS = 24 * 3_600_000;
const DEFAULT_MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
const DEFAULT_MAX_RETRIES = 20;
const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;
const MAX_TITLE_CHARS = 256;
const MAX_LIST_LIMIT = 1000;
const ID_PATTERN = /^[\x21-\x7e]{1,256}$/;

/** The header value. `v` lets a later layout migrate. */
interface StoredHeader extends SessionMeta {
  readonly v: 1;
  /** Generation of the current document (chunks or inline); absent without a document. */
  readonly gen?: string;
  /** Number of chunks of `gen`; 0 when the document is inline or absent. */
  readonly chunkCount: number;
  /** When the chunks of `gen` expire in Kv (our clock). */
  readonly chunksExpireAt?: number;
  /** 1 when a usage record for the document was written with this header (quota.ts). */
  readonly usage?: 1;
  /** The stored bytes (inline or chunks) when small. */
  readonly inline?: Uint8Array;
  /** How the stored bytes encode the JSON; absent means raw JSON. */
  readonly encoding?: StoredEncoding;
  /** Length of the stored bytes (after compression). */
  readonly storedBytes?: number;
}

type DocChange =
  | { readonly kind: "keep" }
  | { readonly kind: "clear" }
  | { readonly kind: "set"; readonly doc: IdsDocument; readonly bytes: Uint8Array };

interface ReadState {
  /** The raw header entry (for versionstamp checks), live or not. */
  readonly entry: Deno.KvEntryMaybe<StoredHeader>;
  /** The header when the session exists and has not expired. */
  readonly live?: StoredHeader;
  readonly doc?: IdsDocument;
}

function toMeta(h: SessionMeta): SessionMeta {
  const meta: {
    id: string;
    createdAt: number;
    lastAccess: number;
    expiresAt: number;
    title?: string;
    specificationCount: number;
    hasDocument: boolean;
    sizeBytes: number;
  } = {
    id: h.id,
    createdAt: h.createdAt,
    lastAccess: h.lastAccess,
    expiresAt: h.expiresAt,
    specificationCount: h.specificationCount,
    hasDocument: h.hasDocument,
    sizeBytes: h.sizeBytes,
  };
  if (h.title !== undefined) meta.title = h.title;
  return meta;
}

/** Bytes the header's document occupies in Kv (inline or chunks, after compression). */
function storedOf(h: StoredHeader): number {
  return h.storedBytes ?? h.inline?.length ?? h.sizeBytes;
}

/** The usage record of the header's document: counted as long as its chunks can exist. */
function usageOf(h: StoredHeader): UsageRecord {
  return { bytes: storedOf(h), until: Math.max(h.expiresAt, h.chunksExpireAt ?? 0) };
}

function positive(name: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min) {
    throw new IdsError("invalid_argument", `${name} must be a number ≥ ${min}, got ${value}`);
  }
  return Math.floor(value);
}

function encodeCursor(lastAccess: number, id: string): string {
  return btoa(JSON.stringify([lastAccess, id])).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const json = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    const value: unknown = JSON.parse(json);
    if (
      Array.isArray(value) && value.length === 2 && Number.isFinite(value[0]) &&
      typeof value[1] === "string"
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // reported below
  }
  throw new IdsError(
    "invalid_argument",
    `invalid list cursor '${cursor.slice(0, 80)}': pass the cursor a previous list() returned`,
  );
}

/** Kv-backed sessions; see the module documentation for the storage design. */
export class SessionStore {
  readonly #kv: Deno.Kv;
  readonly #ttl: number;
  readonly #chunkTtl: number;
  readonly #maxBytes: number;
  readonly #maxRetries: number;
  readonly #throttle: number;
  readonly #now: () => number;
  readonly #cache: DocumentCache;
  readonly #closeKv: boolean;
  readonly #watch?: KvFileWatch;
  readonly #maxSession: number;
  readonly #maxStore: number;
  readonly #reclaimAfter: number;
  /** The recount in progress or last finished, and when it started (our clock). */
  #recount?: { at: number; done: Promise<number> };
  readonly #queues = new Map<string, Promise<unknown>>();
  readonly #stats = { commits: 0, conflicts: 0, locked: 0 };
  readonly #onLocked = () => {
    this.#stats.locked++;
  };
  #closed = false;
  #reports: ReportStore | undefined;

  constructor(kv: Deno.Kv, options: SessionStoreOptions = {}) {
    this.#kv = kv;
    this.#ttl = positive("ttlMs", options.ttlMs, DEFAULT_TTL_MS);
    this.#chunkTtl = 2 * this.#ttl;
    this.#maxBytes = positive(
      "maxDocumentBytes",
      options.maxDocumentBytes,
      DEFAULT_MAX_DOCUMENT_BYTES,
    );
    this.#maxRetries = positive("maxRetries", options.maxRetries, DEFAULT_MAX_RETRIES, 0);
    this.#throttle = positive(
      "renewThrottleMs",
      options.renewThrottleMs,
      Math.floor(this.#ttl / 24),
      0,
    );
    this.#now = options.now ?? Date.now;
    this.#cache = new DocumentCache(
      positive("cacheBytes", options.cacheBytes, DEFAULT_CACHE_BYTES, 0),
    );
    this.#closeKv = options.closeKv ?? true;
    this.#watch = options.watch;
    this.#maxSession = positive(
      "maxSessionBytes",
      options.maxSessionBytes,
      DEFAULT_MAX_SESSION_BYTES,
    );
    this.#maxStore = positive("maxStoreBytes", options.maxStoreBytes, DEFAULT_MAX_STORE_BYTES);
    this.#reclaimAfter = positive("reclaimAfterMs", options.reclaimAfterMs, 15 * 60_000, 1000);
  }

  /**
   * Opens the Kv at `location` — a file path, `":memory:"`, a KV Connect URL, or undefined
   * for Deno Deploy's Kv when running there, else `$XDG_DATA_HOME/ids-mcp/sessions.kv` (or
   * `~/.local/share/ids-mcp/sessions.kv`), created on first use — and wraps it.
   */
  static async open(location?: string, options?: SessionStoreOptions): Promise<SessionStore> {
    const kv = await openKv(location);
    const where = resolveKvLocation(location);
    const watch = where.kind === "file" ? await KvFileWatch.start(where.path) : undefined;
    return new SessionStore(kv, { ...options, watch: options?.watch ?? watch });
  }

  /** Whether writes are kept: false when the Kv file was deleted or replaced while running. */
  async health(): Promise<StoreHealth> {
    const reason = await this.#watch?.problem();
    return reason === undefined ? { ok: true } : { ok: false, reason };
  }

  /** The sliding time to live in ms. */
  get ttlMs(): number {
    return this.#ttl;
  }

  /** Check reports of the sessions, in the same Kv, kept for the session TTL. */
  get reports(): ReportStore {
    return this.#reports ??= new ReportStore(this.#kv, {
      ttlMs: this.#ttl,
      now: this.#now,
      // A stored report counts against the session's and the store's quotas.
      quota: {
        reserve: (session, item, bytes, options) => this.reserve(session, item, bytes, options),
        release: (session, item) => this.release(session, item),
      },
    });
  }

  /** Commit, conflict and lock counters since this store was created. */
  get stats(): SessionStoreStats {
    return { ...this.#stats };
  }

  /** The largest document accepted, in bytes of JSON. */
  get maxDocumentBytes(): number {
    return this.#maxBytes;
  }

  /**
   * Creates an empty session (no document); a random UUID when `id` is omitted. An existing
   * live session is left as it is and its metadata returned.
   */
  async create(id: string = crypto.randomUUID()): Promise<SessionMeta> {
    this.#checkId(id);
    return await this.#serial(id, () => this.#createOrTouch(id, false));
  }

  /** Creates the session if missing, else renews it (stdio's stable `default` session). */
  async ensure(id: string): Promise<SessionMeta> {
    this.#checkId(id);
    return await this.#serial(id, () => this.#createOrTouch(id, true));
  }

  /**
   * The session and its document, or undefined when missing or expired. Renews the expiry
   * when the last renewal is older than `renewThrottleMs`. The document is deep-frozen.
   */
  async load(id: string): Promise<{ meta: SessionMeta; doc?: IdsDocument } | undefined> {
    const loaded = await this.loadSnapshot(id);
    if (!loaded) return undefined;
    return loaded.doc === undefined
      ? { meta: loaded.meta }
      : { meta: loaded.meta, doc: loaded.doc };
  }

  /**
   * Like {@linkcode load}, plus a snapshot of the read (absent when the read renewed the
   * session, which made it stale) that an `update` of the session right after may start
   * from, saving a Kv read. Safe however old: `update` commits only if the header is still
   * the one in the snapshot, and otherwise reads afresh.
   */
  async loadSnapshot(
    id: string,
  ): Promise<{ meta: SessionMeta; doc?: IdsDocument; snapshot?: SessionSnapshot } | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    const state = await this.#read(id, true);
    const live = state.live;
    if (!live) return undefined;
    let header = live;
    let snapshot: SessionSnapshot | undefined = new SessionSnapshot(id, state);
    if (this.#now() - live.lastAccess >= this.#throttle) {
      // Best effort: a conflicting writer renewed it anyway.
      header = (await this.#renew(id, state).catch(() => undefined)) ?? live;
      snapshot = undefined;
    }
    const meta = toMeta(header);
    return state.doc === undefined ? { meta, snapshot } : { meta, doc: state.doc, snapshot };
  }

  /**
   * Applies `fn` to the current document and commits the result atomically, checked against
   * the header's versionstamp; on a conflict (or `database is locked` from another process)
   * re-reads and retries with jittered backoff. `fn` must be pure: it may run several times.
   * If it throws, nothing is written and the error propagates. Returning the document it was
   * given (`===`) only renews the session. Stored documents are deep-frozen.
   *
   * `from`, a snapshot of this session from {@linkcode loadSnapshot}, replaces the first
   * read; if the session changed since, that attempt's commit is refused and the update reads
   * afresh and retries at once.
   *
   * @throws {IdsError} `session_not_found`, `busy` after `maxRetries` conflicts, `too_large`.
   */
  async update<T>(
    id: string,
    fn: (doc: IdsDocument | undefined, meta: SessionMeta) => UpdateOutcome<T>,
    options: {
      from?: SessionSnapshot;
      /**
       * Runs just before the commit (after `fn`, encoding and compression); throwing there
       * aborts the update with nothing written (a tool call past its time limit).
       */
      guard?: () => void;
    } = {},
  ): Promise<{ meta: SessionMeta; result: T }> {
    if (!ID_PATTERN.test(id)) throw this.#notFound(id);
    // Another write of this session queued here would make the snapshot stale: skip it.
    let from = options.from?.id === id && !this.#queues.has(id)
      ? options.from.state as ReadState
      : undefined;
    return await this.#serial(id, async () => {
      for (let attempt = 0;; attempt++) {
        const state = from ?? await this.#read(id, true);
        const live = state.live;
        if (!live) throw this.#notFound(id);
        const out = fn(state.doc, toMeta(live));
        if (out === null || typeof out !== "object" || "then" in out || !("doc" in out)) {
          // An async fn would otherwise read as "doc: undefined" and clear the document.
          throw new IdsError(
            "invalid_argument",
            `session '${id}': the update function must return { doc, result } synchronously; ` +
              `nothing was changed`,
          );
        }
        let change: DocChange;
        if (out.doc === state.doc) {
          change = this.#keepOrRefresh(live, state.doc);
        } else if (out.doc === undefined) {
          change = { kind: "clear" };
        } else {
          const bytes = encodeDocument(out.doc);
          if (bytes.length > this.#maxBytes) {
            throw new IdsError(
              "too_large",
              `session '${id}': the document would be ${formatBytes(bytes.length)} ` +
                `(${bytes.length} bytes of JSON), above the limit of ${
                  formatBytes(this.#maxBytes)
                }; nothing was changed (split the IDS or raise maxDocumentBytes)`,
            );
          }
          change = { kind: "set", doc: deepFreeze(out.doc), bytes };
        }
        const written = await this.#commit(id, state.entry, change, live.createdAt, options.guard);
        if (written) return { meta: toMeta(written), result: out.result };
        if (from) {
          // The snapshot was stale, not a conflict with a concurrent writer: re-read now.
          from = undefined;
          attempt--;
          continue;
        }
        if (attempt >= this.#maxRetries) throw this.#busy(id, attempt + 1);
        await backoff(attempt);
      }
    });
  }

  /**
   * Deletes the session, its document and its check reports; true when a live session was
   * deleted.
   */
  async delete(id: string): Promise<boolean> {
    if (!ID_PATTERN.test(id)) return false;
    return await this.#serial(id, async () => {
      for (let attempt = 0;; attempt++) {
        const entry = await this.#get(id);
        const h = entry.value;
        if (!h) return false;
        // Its usage records go in the same commit, checked, so the total loses exactly them.
        const records = await sessionRecords(this.#kv, id, this.#maxRetries);
        const op = this.#kv.atomic().check(entry).delete(headKey(id)).delete(
          recentKey(h.lastAccess, id),
        );
        const now = this.#now();
        let freed = 0;
        // Kv allows 100 checks per commit: past that, records are deleted unchecked (a
        // reservation racing this delete may then be subtracted by a stale size).
        const checked = records.length <= 90;
        for (const r of records) {
          if (checked) op.check(r);
          op.delete(r.key);
          freed += counted(r.value, now);
        }
        if (freed > 0) op.sum(USAGE_TOTAL, u64(-freed));
        const inCommit = h.gen !== undefined &&
          h.chunkCount + 3 + records.length <= MUTATIONS_PER_COMMIT;
        if (inCommit) { for (let i = 0; i < h.chunkCount; i++) op.delete(chunkKey(id, h.gen!, i)); }
        if (await this.#tryCommit(op)) {
          if (h.gen !== undefined) this.#cache.delete(h.gen);
          if (!inCommit && h.gen !== undefined) {
            await this.#deleteChunks(id, h.gen, h.chunkCount).catch(() => {});
          }
          // Its check reports go with it (they would otherwise wait for their expiry).
          await this.reports.deleteSession(id).catch(() => {});
          return h.expiresAt > this.#now();
        }
        if (attempt >= this.#maxRetries) throw this.#busy(id, attempt + 1);
        await backoff(attempt);
      }
    });
  }

  /** Renews the session's expiry now (not throttled); false when missing or expired. */
  async touch(id: string): Promise<boolean> {
    if (!ID_PATTERN.test(id)) return false;
    return await this.#serial(id, async () => {
      for (let attempt = 0;; attempt++) {
        const state = await this.#read(id, false);
        if (!state.live) return false;
        if (await this.#renew(id, state)) return true;
        if (attempt >= this.#maxRetries) throw this.#busy(id, attempt + 1);
        await backoff(attempt);
      }
    });
  }

  /**
   * Counts `bytes` more against session `id`'s storage quota and the store's, for something
   * stored besides the document (a full check report kept as a resource): `item` names it
   * (reserving it again replaces its size; not "doc"), and it stops counting after `ttlMs`
   * (default: the session TTL) or at {@linkcode release}. Store what is reserved with the same
   * expiry. Deleting the session releases everything reserved for it.
   *
   * @throws {IdsError} `quota_exceeded` (nothing reserved), `session_not_found`, `busy`.
   */
  async reserve(
    id: string,
    item: string,
    bytes: number,
    options: { ttlMs?: number } = {},
  ): Promise<void> {
    if (!ID_PATTERN.test(id)) throw this.#notFound(id);
    this.#checkItem(item);
    const size = positive("bytes", bytes, 0, 0);
    const ttl = positive("ttlMs", options.ttlMs, this.#ttl);
    await this.#serial(id, async () => {
      for (let attempt = 0;; attempt++) {
        const state = await this.#read(id, false);
        if (!state.live) throw this.#notFound(id);
        const prev = await retryLocked(
          () => this.#kv.get<UsageRecord>(usageKey(id, item)),
          this.#maxRetries,
          this.#onLocked,
        );
        const now = this.#now();
        const before = counted(prev.value, now);
        await this.#checkQuota(
          id,
          `reserving ${formatBytes(size)} for '${item}'`,
          item,
          size,
          before,
          before,
        );
        const until = now + ttl;
        const op = this.#kv.atomic().check(state.entry).check(prev)
          .set(usageKey(id, item), { bytes: size, until }, { expireIn: ttl });
        if (size !== before) op.sum(USAGE_TOTAL, u64(size - before));
        if (await this.#tryCommit(op)) return;
        if (attempt >= this.#maxRetries) throw this.#busy(id, attempt + 1);
        await backoff(attempt);
      }
    });
  }

  /** Stops counting what {@linkcode reserve} counted for `item`; false when nothing was. */
  async release(id: string, item: string): Promise<boolean> {
    if (!ID_PATTERN.test(id)) return false;
    this.#checkItem(item);
    return await this.#serial(id, async () => {
      for (let attempt = 0;; attempt++) {
        const prev = await retryLocked(
          () => this.#kv.get<UsageRecord>(usageKey(id, item)),
          this.#maxRetries,
          this.#onLocked,
        );
        if (prev.value === null) return false;
        const before = counted(prev.value, this.#now());
        const op = this.#kv.atomic().check(prev).delete(usageKey(id, item));
        if (before > 0) op.sum(USAGE_TOTAL, u64(-before));
        if (await this.#tryCommit(op)) return before > 0;
        if (attempt >= this.#maxRetries) throw this.#busy(id, attempt + 1);
        await backoff(attempt);
      }
    });
  }

  /**
   * Stored bytes counted now: for session `id` (document plus reservations) when given, and
   * for the whole store (the shared counter, which may err high until the next recount).
   */
  async usage(id?: string): Promise<{ session?: number; store: number }> {
    const [records, total] = await Promise.all([
      id === undefined || !ID_PATTERN.test(id)
        ? undefined
        : sessionRecords(this.#kv, id, this.#maxRetries),
      retryLocked(() => this.#kv.get<Deno.KvU64>(USAGE_TOTAL), this.#maxRetries, this.#onLocked),
    ]);
    const now = this.#now();
    const store = totalOf(total.value);
    if (records === undefined) return { store };
    return { session: records.reduce((n, r) => n + counted(r.value, now), 0), store };
  }

  /** The storage limits: per session and for the whole store (stored bytes). */
  get quotas(): { readonly maxSessionBytes: number; readonly maxStoreBytes: number } {
    return { maxSessionBytes: this.#maxSession, maxStoreBytes: this.#maxStore };
  }

  /**
   * Housekeeping for start-up and every few minutes: removes chunks that interrupted writes
   * left behind (reclaim.ts) and recounts the store total (quota.ts), dropping sessions that
   * expired without being deleted. Safe while other processes use the same Kv.
   */
  async maintain(): Promise<MaintenanceResult> {
    const reclaimed = await reclaimChunks(this.#kv, {
      now: this.#now,
      olderThanMs: this.#reclaimAfter,
      retries: this.#maxRetries,
    });
    const storeBytes = await recountUsage(this.#kv, this.#now, this.#maxRetries);
    this.#recount = { at: this.#now(), done: Promise.resolve(storeBytes) };
    return { ...reclaimed, storeBytes };
  }

  /**
   * Live sessions, most recently accessed first, `limit` (default 100, at most 1000) per page;
   * pass the returned `cursor` to get the next page (absent on the last page).
   */
  async list(
    options: { limit?: number; cursor?: string } = {},
  ): Promise<{ sessions: SessionMeta[]; cursor?: string }> {
    const limit = options.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
      throw new IdsError(
        "invalid_argument",
        `list limit must be an integer from 1 to ${MAX_LIST_LIMIT}, got ${limit}`,
      );
    }
    const selector: Deno.KvListSelector = options.cursor === undefined
      ? { prefix: RECENT_PREFIX }
      : { prefix: RECENT_PREFIX, end: recentKey(...decodeCursor(options.cursor)) };
    return await retryLocked(
      async () => {
        const now = this.#now();
        const sessions: SessionMeta[] = [];
        let more = false;
        const iter = this.#kv.list<SessionMeta>(selector, {
          reverse: true,
          batchSize: Math.min(limit + 1, 500),
        });
        for await (const entry of iter) {
          if (entry.value.expiresAt <= now) continue;
          if (sessions.length === limit) {
            more = true;
            break;
          }
          sessions.push(toMeta(entry.value));
        }
        const last = sessions.at(-1);
        return more && last
          ? { sessions, cursor: encodeCursor(last.lastAccess, last.id) }
          : { sessions };
      },
      this.#maxRetries,
      this.#onLocked,
    );
  }

  /** Closes the underlying Kv (unless `closeKv: false`); idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#cache.clear();
    if (this.#closeKv) {
      try {
        this.#kv.close();
      } catch {
        // already closed by its owner
      }
    }
  }

  // ---------------------------------------------------------------------------------------

  #checkId(id: string): void {
    if (typeof id !== "string" || !ID_PATTERN.test(id)) {
      throw new IdsError(
        "invalid_argument",
        `invalid session id '${String(id).slice(0, 80)}': use 1 to 256 visible ASCII ` +
          `characters (no spaces)`,
      );
    }
  }

  #checkItem(item: string): void {
    if (typeof item !== "string" || !ID_PATTERN.test(item) || item === DOC_ITEM) {
      throw new IdsError(
        "invalid_argument",
        `invalid usage item '${String(item).slice(0, 80)}': use 1 to 256 visible ASCII ` +
          `characters, not '${DOC_ITEM}' (the document's own)`,
      );
    }
  }

  #notFound(id: string): IdsError {
    return new IdsError(
      "session_not_found",
      `session '${id.slice(0, 256)}' not found: it does not exist or expired after ${
        formatDuration(this.#ttl)
      } without activity; create a new session`,
    );
  }

  #busy(id: string, attempts: number): IdsError {
    return new IdsError(
      "busy",
      `session '${id}' is busy: ${attempts} attempts conflicted with concurrent updates; ` +
        `nothing was changed, retry the call`,
    );
  }

  /** Runs writes to one session from this store one after another (no self-conflicts). */
  #serial<T>(id: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(id) ?? Promise.resolve();
    // Every write first makes sure it would be kept (the Kv file still is the one opened).
    const checked = async () => {
      const reason = await this.#watch?.problem();
      if (reason !== undefined) throw new IdsError("store_unavailable", reason);
      return await task();
    };
    const run = previous.then(checked, checked);
    const tail = run.then(() => {}, () => {});
    this.#queues.set(id, tail);
    tail.then(() => {
      if (this.#queues.get(id) === tail) this.#queues.delete(id);
    });
    return run;
  }

  /**
   * Refuses (`quota_exceeded`) to let `item` of session `id` hold `bytes`, where it held
   * `oldLive` (what the session limit saw) and `oldCounted` (what the store total holds for
   * it). Growing past a limit is refused; shrinking never is, even above a lowered limit.
   */
  async #checkQuota(
    id: string,
    what: string,
    item: string,
    bytes: number,
    oldLive: number,
    oldCounted: number,
  ): Promise<void> {
    const checkSession = bytes > oldLive;
    const checkTotal = bytes > oldCounted;
    if (!checkSession && !checkTotal) return;
    const [records, totalEntry] = await Promise.all([
      checkSession ? sessionRecords(this.#kv, id, this.#maxRetries) : [],
      checkTotal
        ? retryLocked(
          () => this.#kv.get<Deno.KvU64>(USAGE_TOTAL),
          this.#maxRetries,
          this.#onLocked,
        )
        : undefined,
    ]);
    const now = this.#now();
    if (checkSession) {
      let others = 0;
      for (const r of records) if (r.key.at(-1) !== item) others += counted(r.value, now);
      if (others + bytes > this.#maxSession) {
        throw sessionQuotaError(id, what, others + bytes, others, this.#maxSession);
      }
    }
    if (checkTotal) {
      const adding = bytes - oldCounted;
      let total = totalOf(totalEntry?.value);
      if (total + adding > this.#maxStore) {
        // The counter errs high (sessions that expired since the last recount): recount first,
        // then read the counter again (it also holds what other writers added meanwhile).
        await this.#recountSoon();
        total = totalOf(
          (await retryLocked(
            () => this.#kv.get<Deno.KvU64>(USAGE_TOTAL),
            this.#maxRetries,
            this.#onLocked,
          )).value,
        );
        if (total + adding > this.#maxStore) {
          throw storeQuotaError(id, what, adding, total, this.#maxStore);
        }
      }
    }
  }

  /**
   * Recounts the store total, unless a recount started in the last five seconds (then waits
   * for that one): refusals cannot make the store scan its usage records more often.
   */
  async #recountSoon(): Promise<void> {
    const now = this.#now();
    const last = this.#recount;
    if (last && now - last.at < 5_000 && now >= last.at) {
      await last.done.catch(() => {});
      return;
    }
    const done = recountUsage(this.#kv, this.#now, this.#maxRetries);
    this.#recount = { at: now, done };
    await done.catch(() => {
      if (this.#recount?.done === done) this.#recount = undefined;
    });
  }

  #get(id: string): Promise<Deno.KvEntryMaybe<StoredHeader>> {
    return retryLocked(
      () => this.#kv.get<StoredHeader>(headKey(id)),
      this.#maxRetries,
      this.#onLocked,
    );
  }

  async #tryCommit(op: Deno.AtomicOperation): Promise<boolean> {
    try {
      const ok = (await op.commit()).ok;
      if (ok) this.#stats.commits++;
      else this.#stats.conflicts++;
      return ok;
    } catch (e) {
      if (!isLockedError(e)) throw e;
      this.#stats.locked++;
      return false;
    }
  }

  async #createOrTouch(id: string, touch: boolean): Promise<SessionMeta> {
    for (let attempt = 0;; attempt++) {
      const state = await this.#read(id, false);
      if (state.live) {
        if (!touch) return toMeta(state.live);
        const renewed = await this.#renew(id, state);
        if (renewed) return toMeta(renewed);
      } else {
        const written = await this.#commit(id, state.entry, { kind: "clear" }, this.#now());
        if (written) return toMeta(written);
      }
      if (attempt >= this.#maxRetries) throw this.#busy(id, attempt + 1);
      await backoff(attempt);
    }
  }

  /**
   * Reads the header and, when `withDoc`, the document it points at. A generation that
   * vanishes while being read was replaced by a concurrent writer: re-read the header.
   */
  async #read(id: string, withDoc: boolean): Promise<ReadState> {
    let stuck = 0;
    let lastStamp: string | null = null;
    for (let attempt = 0;; attempt++) {
      const entry = await this.#get(id);
      const h = entry.value;
      if (!h || h.expiresAt <= this.#now()) return { entry };
      if (!withDoc || !h.hasDocument || h.gen === undefined) return { entry, live: h };
      const cached = this.#cache.get(h.gen);
      if (cached) return { entry, live: h, doc: cached };
      const stored = h.inline ?? await this.#readChunks(id, h.gen, h.chunkCount);
      if (stored && stored.length === (h.storedBytes ?? h.sizeBytes)) {
        let doc: IdsDocument;
        try {
          const bytes = await unpackDocument(stored, h.encoding ?? "json");
          if (bytes.length !== h.sizeBytes) {
            throw new Error(`${bytes.length} bytes instead of ${h.sizeBytes}`);
          }
          doc = decodeDocument(bytes);
        } catch (e) {
          throw new IdsError(
            "io",
            `session '${id}': the stored document cannot be read (${(e as Error).message}); ` +
              `delete the session and load the document again`,
          );
        }
        this.#cache.set(h.gen, doc, h.sizeBytes);
        return { entry, live: h, doc };
      }
      stuck = entry.versionstamp === lastStamp ? stuck + 1 : 0;
      lastStamp = entry.versionstamp;
      if (stuck >= 3) {
        throw new IdsError(
          "io",
          `session '${id}': the stored document is incomplete (generation ${h.gen} has ` +
            `missing chunks); delete the session and load the document again`,
        );
      }
      if (attempt >= this.#maxRetries) throw this.#busy(id, attempt + 1);
      await backoff(attempt);
    }
  }

  async #readChunks(id: string, gen: string, count: number): Promise<Uint8Array | undefined> {
    return await retryLocked(
      async () => {
        const parts: Uint8Array[] = [];
        const iter = this.#kv.list<Uint8Array>({ prefix: chunkPrefix(id, gen) }, {
          batchSize: Math.min(Math.max(count, 1), 500),
        });
        for await (const entry of iter) {
          if (entry.key.at(-1) !== parts.length) return undefined;
          parts.push(entry.value);
        }
        return parts.length === count ? joinChunks(parts) : undefined;
      },
      this.#maxRetries,
      this.#onLocked,
    );
  }

  /** True when renewing now would outlive the chunks of the current generation. */
  #chunksNeedRefresh(h: StoredHeader): boolean {
    return h.hasDocument && h.chunkCount > 0 &&
      this.#now() + this.#ttl > (h.chunksExpireAt ?? 0) - this.#ttl / 4;
  }

  /** Keeping the document, unless its chunks would expire before the renewed header. */
  #keepOrRefresh(h: StoredHeader, doc: IdsDocument | undefined): DocChange {
    return doc !== undefined && this.#chunksNeedRefresh(h)
      ? { kind: "set", doc, bytes: encodeDocument(doc) }
      : { kind: "keep" };
  }

  /** One renewal attempt; undefined on conflict. */
  async #renew(id: string, state: ReadState): Promise<StoredHeader | undefined> {
    const h = state.live!;
    let doc = state.doc;
    if (doc === undefined && this.#chunksNeedRefresh(h)) {
      const fresh = await this.#read(id, true);
      if (fresh.entry.versionstamp !== state.entry.versionstamp) return undefined;
      doc = fresh.doc;
    }
    return await this.#commit(id, state.entry, this.#keepOrRefresh(h, doc), h.createdAt);
  }

  /**
   * Writes a new header (and document generation) if the header is still `prev`; undefined
   * when another writer got there first (then nothing of this attempt stays visible).
   */
  async #commit(
    id: string,
    prev: Deno.KvEntryMaybe<StoredHeader>,
    change: DocChange,
    createdAt: number,
    guard?: () => void,
  ): Promise<StoredHeader | undefined> {
    const old = prev.value ?? undefined;
    const now = this.#now();
    let doc: Pick<
      StoredHeader,
      | "title"
      | "specificationCount"
      | "hasDocument"
      | "sizeBytes"
      | "gen"
      | "chunkCount"
      | "chunksExpireAt"
      | "inline"
      | "encoding"
      | "storedBytes"
      | "usage"
    > = { specificationCount: 0, hasDocument: false, sizeBytes: 0, chunkCount: 0 };
    // What the old header's usage record counts now (what this commit takes off the total).
    const oldCounted = old?.usage === 1 ? counted(usageOf(old), now) : 0;
    let chunks: Uint8Array[] = [];
    let prewritten = false;
    if (change.kind === "keep" && old) {
      doc = {
        title: old.title,
        specificationCount: old.specificationCount,
        hasDocument: old.hasDocument,
        sizeBytes: old.sizeBytes,
        gen: old.gen,
        chunkCount: old.chunkCount,
        chunksExpireAt: old.chunksExpireAt,
        inline: old.inline,
        encoding: old.encoding,
        storedBytes: old.storedBytes,
      };
    } else if (change.kind === "set") {
      const gen = newGeneration(now);
      const rawTitle = change.doc.info?.title;
      const title = typeof rawTitle === "string" && rawTitle !== ""
        ? rawTitle.slice(0, MAX_TITLE_CHARS)
        : undefined;
      const base = {
        title,
        specificationCount: change.doc.specifications.length,
        hasDocument: true,
        sizeBytes: change.bytes.length,
        gen,
      };
      const packed = await packDocument(change.bytes);
      const stored = {
        ...base,
        storedBytes: packed.data.length,
        encoding: packed.encoding === "json" ? undefined : packed.encoding,
      };
      const oldLive = old !== undefined && old.expiresAt > now && old.hasDocument
        ? storedOf(old)
        : 0;
      await this.#checkQuota(
        id,
        `storing this document (${formatBytes(packed.data.length)} after compression)`,
        DOC_ITEM,
        packed.data.length,
        oldLive,
        oldCounted,
      );
      if (packed.data.length <= INLINE_MAX_BYTES) {
        doc = { ...stored, chunkCount: 0, inline: packed.data };
      } else {
        chunks = splitChunks(packed.data);
        doc = { ...stored, chunkCount: chunks.length, chunksExpireAt: now + this.#chunkTtl };
        if (chunks.length > CHUNKS_PER_COMMIT) {
          await this.#writeChunks(id, gen, chunks);
          prewritten = true;
          // The reclaim sweep (reclaim.ts) may remove this generation once it is older than
          // reclaimAfterMs; committing a header to it that late could point at lost chunks.
          if (this.#now() - now > this.#reclaimAfter / 2) {
            await this.#deleteChunks(id, gen, chunks.length).catch(() => {});
            throw new IdsError(
              "busy",
              `session '${id}': writing the document took longer than ${
                formatDuration(this.#reclaimAfter / 2)
              }; nothing was changed, retry the call`,
            );
          }
        }
      }
    }
    const header: StoredHeader = {
      v: 1,
      id,
      createdAt,
      lastAccess: now,
      expiresAt: now + this.#ttl,
      ...doc,
    };
    if (header.hasDocument) (header as { usage?: 1 }).usage = 1;
    for (
      const key of [
        "title",
        "gen",
        "chunksExpireAt",
        "inline",
        "encoding",
        "storedBytes",
        "usage",
      ] as const
    ) {
      if (header[key] === undefined) delete (header as Partial<StoredHeader>)[key];
    }
    const op = this.#kv.atomic().check(prev).set(headKey(id), header, { expireIn: this.#ttl });
    // The document's usage record and the store total move in the same commit (quota.ts).
    let newCounted = 0;
    if (header.hasDocument) {
      const record = usageOf(header);
      newCounted = record.bytes;
      op.set(usageKey(id, DOC_ITEM), record, { expireIn: Math.max(1, record.until - now) });
    } else if (old?.usage === 1) {
      op.delete(usageKey(id, DOC_ITEM));
    }
    if (newCounted !== oldCounted) op.sum(USAGE_TOTAL, u64(newCounted - oldCounted));
    if (old && old.lastAccess !== now) op.delete(recentKey(old.lastAccess, id));
    op.set(recentKey(now, id), toMeta(header), { expireIn: this.#ttl });
    let mutations = 5;
    if (!prewritten) {
      chunks.forEach((c, i) =>
        op.set(chunkKey(id, header.gen!, i), c, { expireIn: this.#chunkTtl })
      );
      mutations += chunks.length;
    }
    const stale = old?.gen !== undefined && old.gen !== header.gen && old.chunkCount > 0
      ? { gen: old.gen, count: old.chunkCount }
      : undefined;
    const staleLater = stale !== undefined && mutations + stale.count > MUTATIONS_PER_COMMIT;
    if (stale && !staleLater) {
      for (let i = 0; i < stale.count; i++) op.delete(chunkKey(id, stale.gen, i));
    }
    let ok: boolean;
    try {
      guard?.();
      ok = await this.#tryCommit(op);
    } catch (e) {
      if (prewritten) await this.#deleteChunks(id, header.gen!, chunks.length).catch(() => {});
      throw e;
    }
    if (!ok) {
      if (prewritten) await this.#deleteChunks(id, header.gen!, chunks.length).catch(() => {});
      return undefined;
    }
    if (old?.gen !== undefined && old.gen !== header.gen) this.#cache.delete(old.gen);
    if (change.kind === "set") this.#cache.set(header.gen!, change.doc, change.bytes.length);
    if (stale && staleLater) await this.#deleteChunks(id, stale.gen, stale.count).catch(() => {});
    return header;
  }

  /** Writes a generation's chunks in commits that fit Kv's limits (before the header switch). */
  async #writeChunks(id: string, gen: string, chunks: readonly Uint8Array[]): Promise<void> {
    try {
      for (let at = 0; at < chunks.length; at += CHUNKS_PER_COMMIT) {
        await retryLocked(
          async () => {
            const op = this.#kv.atomic();
            for (let i = at; i < Math.min(at + CHUNKS_PER_COMMIT, chunks.length); i++) {
              op.set(chunkKey(id, gen, i), chunks[i], { expireIn: this.#chunkTtl });
            }
            await op.commit();
          },
          this.#maxRetries,
          this.#onLocked,
        );
      }
    } catch (e) {
      await this.#deleteChunks(id, gen, chunks.length).catch(() => {});
      throw e;
    }
  }

  async #deleteChunks(id: string, gen: string, count: number): Promise<void> {
    for (let at = 0; at < count; at += MUTATIONS_PER_COMMIT) {
      await retryLocked(
        async () => {
          const op = this.#kv.atomic();
          for (let i = at; i < Math.min(at + MUTATIONS_PER_COMMIT, count); i++) {
            op.delete(chunkKey(id, gen, i));
          }
          await op.commit();
        },
        this.#maxRetries,
        this.#onLocked,
      );
    }
  }
}
