/**
 * Faults of a file-backed session store that SQLite does not report. A Kv file deleted (or
 * replaced) while the server runs keeps working through the open handle, so every write
 * "succeeds" into a file nobody will open again, and after a restart every session is gone.
 * The watch remembers which file was opened (device and inode) and tells when the path no
 * longer leads to it. A damaged file is recognised at start-up, before Deno.Kv opens it:
 * Deno's Kv panics (aborts the whole process, uncatchable) on a malformed database, so the file
 * is first checked read-only with SQLite's `PRAGMA quick_check` through `node:sqlite`.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";

/** The identity of the opened file: same device and inode means the same file. */
interface FileIdentity {
  readonly dev: number;
  readonly ino: number | null;
}

async function identity(path: string): Promise<FileIdentity | undefined> {
  try {
    const info = await Deno.stat(path);
    return { dev: info.dev, ino: info.ino };
  } catch {
    return undefined;
  }
}

/** Watches the Kv file at `path`; {@linkcode problem} says what went wrong, if anything. */
export class KvFileWatch {
  #reported?: string;

  private constructor(readonly path: string, readonly opened: FileIdentity | undefined) {}

  /** Starts watching the file just opened at `path`. */
  static async start(path: string): Promise<KvFileWatch> {
    return new KvFileWatch(path, await identity(path));
  }

  /**
   * Why the store can no longer be trusted to keep what is written (deleted or replaced
   * file), or undefined when it is fine. Once a problem is seen it stays reported: writes
   * into the orphaned file would be lost even if a new file appeared at the path.
   */
  async problem(): Promise<string | undefined> {
    if (this.#reported !== undefined) return this.#reported;
    if (this.opened === undefined) return undefined; // could not stat at start: no watch
    let now: FileIdentity | undefined;
    try {
      const info = await Deno.stat(this.path);
      now = { dev: info.dev, ino: info.ino };
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) return undefined; // no permission: unknown
    }
    if (now === undefined) {
      this.#reported = `the session store file '${this.path}' was deleted while the server ` +
        `was running; what is written now would be lost at the next restart. Restart the ` +
        `server (it starts a new, empty store at that path) or give --kv another file`;
    } else if (now.dev !== this.opened.dev || now.ino !== this.opened.ino) {
      this.#reported = `the session store file '${this.path}' was replaced by another file ` +
        `while the server was running; this server still writes to the old one, which nothing ` +
        `will read again. Restart the server to use the new file`;
    }
    return this.#reported;
  }
}

/** True for SQLite's messages about a file that is not a (healthy) database. */
export function isDamagedStoreError(e: unknown): boolean {
  const m = e instanceof Error ? e.message : String(e);
  return /file is not a database|database disk image is malformed|file is encrypted/i.test(m);
}

/**
 * SQLite's verdict on an existing store file (`PRAGMA quick_check`, read-only; about 1 ms per
 * MB): undefined when healthy, missing or not checkable (locked, no permission), else what is
 * wrong with it.
 */
export async function damageOf(path: string): Promise<string | undefined> {
  try {
    if ((await Deno.stat(path)).size === 0) return undefined;
  } catch {
    return undefined;
  }
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path, { readOnly: true });
    const rows = db.prepare("PRAGMA quick_check(1)").all() as { quick_check?: unknown }[];
    const verdict = String(rows[0]?.quick_check ?? "ok");
    return verdict === "ok" ? undefined : verdict.replace(/\s+/g, " ").trim();
  } catch (e) {
    return isDamagedStoreError(e) ? (e as Error).message.replace(/\s+/g, " ") : undefined;
  } finally {
    try {
      db?.close();
    } catch {
      // already closed
    }
  }
}
