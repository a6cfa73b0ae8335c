/**
 * Where the session Kv lives. One place decides between an explicit location (file path,
 * `:memory:`, KV Connect URL), Deno Deploy's built-in Kv, and the per-user default file, and
 * turns "cannot open" into an error that says what to change.
 *
 * @module
 */

import { IdsError } from "../ids/errors.ts";
import { retryLocked } from "./retry.ts";
import { damageOf, isDamagedStoreError } from "./kv_file.ts";

/** Opening retries: another process opening or writing the same file locks it briefly. */
const OPEN_RETRIES = 40;

/** What {@linkcode resolveKvLocation} decided. */
export type KvLocation =
  | { readonly kind: "memory"; readonly path: ":memory:" }
  | { readonly kind: "url"; readonly path: string }
  | { readonly kind: "file"; readonly path: string; readonly isDefault: boolean }
  /** Deno Deploy: `Deno.openKv()` without an argument. */
  | { readonly kind: "deploy" };

/** Environment lookups, injectable for tests; missing permission reads as unset. */
export type EnvGetter = (name: string) => string | undefined;

/** `Deno.env.get` that treats a denied permission as "not set". */
export const safeEnv: EnvGetter = (name) => {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
};

/** True when running on Deno Deploy (classic sets DENO_DEPLOYMENT_ID, the new one DENO_DEPLOY). */
export function onDenoDeploy(env: EnvGetter = safeEnv): boolean {
  return Boolean(env("DENO_DEPLOYMENT_ID") || env("DENO_DEPLOY"));
}

/** `$XDG_DATA_HOME/ids-mcp/sessions.kv`, else `~/.local/share/ids-mcp/sessions.kv`. */
export function defaultKvPath(env: EnvGetter = safeEnv): string {
  const xdg = env("XDG_DATA_HOME");
  if (xdg && xdg.startsWith("/")) return `${xdg.replace(/\/+$/, "")}/ids-mcp/sessions.kv`;
  const home = env("HOME") ?? env("USERPROFILE");
  if (!home) {
    throw new IdsError(
      "io",
      "no session store location: neither XDG_DATA_HOME nor HOME is set (or env access is " +
        "not allowed); pass --kv PATH (or IDS_KV=PATH), or --kv :memory: for a throwaway store",
    );
  }
  const sep = home.includes("\\") && !home.includes("/") ? "\\" : "/";
  return [home.replace(/[\\/]+$/, ""), ".local", "share", "ids-mcp", "sessions.kv"].join(sep);
}

/** Decides where Kv lives for `location` (see {@linkcode KvLocation}). */
export function resolveKvLocation(
  location: string | undefined,
  env: EnvGetter = safeEnv,
): KvLocation {
  const text = location?.trim();
  if (text === undefined || text === "") {
    if (onDenoDeploy(env)) return { kind: "deploy" };
    return { kind: "file", path: defaultKvPath(env), isDefault: true };
  }
  if (text === ":memory:") return { kind: "memory", path: ":memory:" };
  if (/^https?:\/\//i.test(text)) return { kind: "url", path: text };
  return { kind: "file", path: text, isDefault: false };
}

/** Opens the Kv `location` names, creating the default data directory on first use. */
export async function openKv(location?: string, env: EnvGetter = safeEnv): Promise<Deno.Kv> {
  if (typeof Deno.openKv !== "function") {
    throw new IdsError(
      "io",
      'Deno.Kv is not available: run with --unstable-kv (or "unstable": ["kv"] in deno.json)',
    );
  }
  const where = resolveKvLocation(location, env);
  try {
    if (where.kind === "deploy") return await Deno.openKv();
    if (where.kind === "file" && where.isDefault) {
      const dir = where.path.replace(/[\\/][^\\/]*$/, "");
      await Deno.mkdir(dir, { recursive: true });
    }
    if (where.kind === "file") {
      // Before Deno.openKv: it panics (the process aborts) on a malformed database file.
      const damage = await damageOf(where.path);
      if (damage !== undefined) throw damaged(where.path, damage);
    }
    // A second process opening the same file while the first initialises or writes it gets
    // `database is locked` from openKv itself.
    const kv = await retryLocked(() => Deno.openKv(where.path), OPEN_RETRIES);
    if (where.kind === "file") {
      // A file damaged inside may still open: one read finds out now, not on a tool call.
      try {
        await retryLocked(() => kv.get(["ids-mcp", "probe"]), OPEN_RETRIES);
      } catch (e) {
        kv.close();
        throw e;
      }
    }
    return kv;
  } catch (e) {
    if (e instanceof IdsError) throw e;
    if (where.kind === "file" && isDamagedStoreError(e)) {
      throw damaged(where.path, (e as Error).message);
    }
    const target = where.kind === "deploy" ? "the Deno Deploy Kv" : `'${where.path}'`;
    const hint = where.kind === "url"
      ? " (KV Connect needs DENO_KV_ACCESS_TOKEN and network access)"
      : where.kind === "file"
      ? " (does the directory exist and is it writable? --allow-read/--allow-write needed)"
      : "";
    throw new IdsError(
      "io",
      `cannot open the session store at ${target}: ${(e as Error).message ?? e}${hint}`,
    );
  }
}

function damaged(path: string, why: string): IdsError {
  return new IdsError(
    "store_unavailable",
    `the session store file '${path}' is damaged (${why}): it is not a healthy Deno.Kv ` +
      `(SQLite) database. Move it aside to keep it for recovery (mv '${path}' ` +
      `'${path}.damaged'), then start again to get a new, empty store there, or give --kv ` +
      `another file`,
  );
}
