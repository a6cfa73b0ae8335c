/**
 * Storage accounting for the session store: how many bytes each session and the whole Kv hold,
 * so that one client cannot fill the disk every other client (and process) shares.
 *
 * Why it lives in Kv: several server processes may share one Kv file (or Deno Deploy's Kv), so
 * a total kept in one process's memory would let each of them admit the whole limit. Every
 * stored thing has a usage record (`["usage", session, item]` → bytes and the time it stops
 * counting, written with `expireIn` in the same atomic commit as what it describes), and one
 * counter key holds their sum, changed with `sum` mutations in those same commits (so
 * concurrent writers never lose each other's additions, and need no versionstamp check on the
 * counter, which would make every session conflict with every other).
 *
 * Accuracy: a session that expires is not written, so its bytes stay in the counter until a
 * recount ({@linkcode recountUsage}), which sums the live records and sets the counter under a
 * versionstamp check (exact at its commit). The counter therefore only errs high between
 * recounts (refusing early, never admitting too much), and the store recounts before it
 * refuses. Writers that check the counter at the same moment may each pass it: the total can
 * overshoot by at most one per-session limit per concurrent writer.
 *
 * @module
 */
import { IdsError } from "../ids/errors.ts";
import { formatBytes } from "./chunks.ts";
import { USAGE_ROOT, USAGE_TOTAL, usagePrefix, type UsageRecord } from "./keys.ts";
import { backoff, isLockedError, retryLocked } from "./retry.ts";

/** Default stored bytes one session may hold (its document after compression, plus reports). */
export const DEFAULT_MAX_SESSION_BYTES = 8 * 1024 * 1024;
/** Default stored bytes all sessions in one Kv may hold together. */
export const DEFAULT_MAX_STORE_BYTES = 1024 * 1024 * 1024;

const TWO_64 = 1n << 64n;
const TWO_63 = 1n << 63n;

/** Bytes `record` counts at `now`: nothing once its time has passed. */
export function counted(record: UsageRecord | null | undefined, now: number): number {
  return record && record.until > now ? record.bytes : 0;
}

/** A `sum` operand adding `delta` (negative deltas wrap around 2^64, which `sum` does too). */
export function u64(delta: number): bigint {
  const d = BigInt(Math.trunc(delta));
  return d >= 0n ? d : TWO_64 + d;
}

/**
 * The counter's value in bytes. A value past 2^63 is a total that went below zero (a record
 * written by an older layout subtracted, or clocks disagreeing between processes): it reads as
 * 0 until the next recount sets it right.
 */
export function totalOf(value: Deno.KvU64 | null | undefined): number {
  if (!value) return 0;
  return value.value >= TWO_63 ? 0 : Number(value.value);
}

/** A session's usage records (one `list` of its small prefix). */
export async function sessionRecords(
  kv: Deno.Kv,
  id: string,
  retries: number,
): Promise<Deno.KvEntry<UsageRecord>[]> {
  return await retryLocked(async () => {
    const out: Deno.KvEntry<UsageRecord>[] = [];
    for await (const e of kv.list<UsageRecord>({ prefix: usagePrefix(id) })) out.push(e);
    return out;
  }, retries);
}

/**
 * Sums every live usage record and sets the counter to it, checked against the counter's
 * versionstamp: any write that changed a record in the meantime also changed the counter, so
 * the commit fails and the count starts again. Returns the total.
 */
export async function recountUsage(
  kv: Deno.Kv,
  now: () => number,
  retries: number,
): Promise<number> {
  for (let attempt = 0;; attempt++) {
    try {
      const before = await kv.get<Deno.KvU64>(USAGE_TOTAL);
      const at = now();
      let total = 0;
      for await (const e of kv.list<UsageRecord>({ prefix: USAGE_ROOT }, { batchSize: 500 })) {
        total += counted(e.value, at);
      }
      const ok = await kv.atomic().check(before).set(USAGE_TOTAL, new Deno.KvU64(BigInt(total)))
        .commit();
      if (ok.ok) return total;
    } catch (e) {
      if (!isLockedError(e) || attempt >= retries) throw e;
    }
    if (attempt >= retries) {
      throw new IdsError("busy", "could not recount the session store's usage: retry later");
    }
    await backoff(attempt);
  }
}

/** The refusal when one session would hold more than its limit. */
export function sessionQuotaError(
  id: string,
  what: string,
  wouldBe: number,
  others: number,
  max: number,
): IdsError {
  const besides = others > 0 ? ` (${formatBytes(others)} of it reports and other items)` : "";
  return new IdsError(
    "quota_exceeded",
    `session '${id}': ${what} would make the session hold ${formatBytes(wouldBe)} in the ` +
      `store${besides}, above the per-session limit of ${formatBytes(max)} ` +
      `(server option --max-session-bytes); nothing was changed. Split the IDS across ` +
      `sessions or remove specifications, or ask the operator to raise the limit`,
  );
}

/** The refusal when the whole store would hold more than its limit. */
export function storeQuotaError(
  id: string,
  what: string,
  adding: number,
  used: number,
  max: number,
): IdsError {
  return new IdsError(
    "quota_exceeded",
    `session '${id}': ${what} needs ${formatBytes(adding)} more, but the session store ` +
      `holds ${formatBytes(used)} of its limit of ${formatBytes(max)} (server option ` +
      `--max-store-bytes); nothing was changed. End sessions you no longer need (DELETE, or ` +
      `they expire when idle), retry later, or ask the operator to raise the limit`,
  );
}
