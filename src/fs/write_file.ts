/**
 * Writing a file the way an export should: atomically (a temporary file in the same directory,
 * then a rename, so a reader or a crash never sees half a file) and without replacing an
 * existing file unless asked to. The no-replace case links the temporary file into place,
 * which fails if the name exists, so there is no window between "does it exist?" and writing.
 *
 * @module
 */
import { basename, dirname, join } from "node:path";
import { IdsError } from "../ids/errors.ts";

export interface WriteOptions {
  /** Replace an existing file (default: refuse with `file_exists`). */
  readonly overwrite?: boolean;
  /** How the path is named in messages (the caller's own text, not the resolved path). */
  readonly shownAs?: string;
}

/** Writes `bytes` to `path` (already checked against the roots), creating missing folders. */
export async function writeFileAtomic(
  path: string,
  bytes: Uint8Array,
  options: WriteOptions = {},
): Promise<void> {
  const shown = options.shownAs ?? basename(path);
  const dir = dirname(path);
  const exists = () =>
    new IdsError(
      "file_exists",
      `'${shown}' already exists; pass overwrite: true to replace it, or choose another name`,
    );
  try {
    await Deno.mkdir(dir, { recursive: true });
  } catch (e) {
    throw new IdsError("io", `cannot create the folder for '${shown}': ${reason(e)}`);
  }
  if (!options.overwrite && await present(path)) throw exists();
  const tmp = join(dir, `.${basename(path)}.${crypto.randomUUID().slice(0, 8)}.tmp`);
  try {
    await Deno.writeFile(tmp, bytes, { createNew: true });
  } catch (e) {
    throw new IdsError("io", `cannot write '${shown}': ${reason(e)}`);
  }
  try {
    if (options.overwrite) {
      await Deno.rename(tmp, path);
      return;
    }
    try {
      await Deno.link(tmp, path);
    } catch (e) {
      if (e instanceof Deno.errors.AlreadyExists) throw exists();
      // File systems without hard links: check, then rename (a narrow race, never a partial file).
      if (await present(path)) throw exists();
      await Deno.rename(tmp, path);
      return;
    }
    await Deno.remove(tmp);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    if (e instanceof IdsError) throw e;
    throw new IdsError("io", `cannot write '${shown}': ${reason(e)}`);
  }
}

/** Whether something exists at `path` (without following a final symlink). */
export async function present(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** The OS reason without the absolute path Deno appends. */
function reason(e: unknown): string {
  if (e instanceof Deno.errors.PermissionDenied) return "permission denied";
  return e instanceof Error ? e.message.replace(/:\s.*$/s, "").trim() || e.name : String(e);
}
