/**
 * Allowed roots for tools that read or write files (`load_ids` and `validate_ifc_model` with a
 * path, `export_ids` to a path). Both the roots and the requested path are compared after
 * resolving symlinks (for a file that does not exist yet, its nearest existing ancestor), so a
 * root reached through a symlink (`/tmp` → `/private/tmp` on macOS) works, while a link inside
 * a root that points outside it is refused and `..` cannot escape. A path that does not exist
 * outside the roots is refused the same way as one that does, so the answer never tells
 * whether it exists. No roots means no file access at all (the default over HTTP, where the
 * server's file system is not the client's).
 *
 * @module
 */
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { IdsError } from "../ids/errors.ts";
import { defaultKvPath, type EnvGetter, safeEnv } from "../session/kv_location.ts";

/** Longest path accepted (characters); the OS limit is 4096 bytes on Linux, 1024 on macOS. */
export const MAX_PATH_CHARS = 4096;
/** Longest single path component (bytes), as most file systems allow. */
export const MAX_NAME_BYTES = 255;

/** Resolves root directories to absolute, symlink-free paths; each must be an existing directory. */
export async function resolveRoots(dirs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const dir of dirs) {
    let real: string;
    try {
      real = await Deno.realPath(resolve(dir));
    } catch (e) {
      throw new IdsError("io", `root '${dir}' cannot be used: ${(e as Error).message}`);
    }
    const info = await Deno.stat(real);
    if (!info.isDirectory) throw new IdsError("io", `root '${dir}' is not a directory`);
    if (!out.includes(real)) out.push(real);
  }
  return out;
}

/** True when `path` is `root` or inside it (both absolute and resolved). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** What the refusal of a path says to do instead, per direction. */
const ALTERNATIVES = {
  read: 'pass the content instead (load_ids with source_type "string", validate_ifc_model ' +
    "with ifc_content)",
  write: "call export_ids without output_path to get the XML back",
} as const;

function notAllowed(
  path: string,
  roots: readonly string[],
  direction: "read" | "write",
): IdsError {
  const shown = shortPath(path);
  if (roots.length === 0) {
    return new IdsError(
      "path_not_allowed",
      `file access is disabled on this server for ${
        direction === "read" ? "reading" : "writing"
      } ` +
        `(start it with --root DIR to allow a directory), so '${shown}' cannot be used; ` +
        ALTERNATIVES[direction],
    );
  }
  return new IdsError(
    "path_not_allowed",
    `path '${shown}' is outside the directories this server may ${direction} ` +
      `(${roots.join(", ")}); use a path inside one, start the server with --root DIR, or ` +
      ALTERNATIVES[direction],
  );
}

/** A path as quoted back in messages: long ones are cut (they are the caller's own text). */
function shortPath(path: string): string {
  return path.length > 200 ? `${path.slice(0, 100)}…${path.slice(-60)}` : path;
}

/** Relative paths are taken relative to the first root. */
function absolute(path: string, roots: readonly string[]): string {
  if (typeof path !== "string" || path.trim() === "") {
    throw new IdsError("invalid_argument", "the path must be a non-empty string");
  }
  if (path.includes("\0")) throw new IdsError("invalid_argument", "the path contains a NUL byte");
  if (path.length > MAX_PATH_CHARS) {
    throw new IdsError(
      "invalid_argument",
      `the path is ${path.length} characters long; the limit is ${MAX_PATH_CHARS}`,
    );
  }
  const encoder = new TextEncoder();
  const long = path.split(/[\\/]/).find((part) => encoder.encode(part).length > MAX_NAME_BYTES);
  if (long !== undefined) {
    throw new IdsError(
      "invalid_argument",
      `a file or directory name in the path is ${encoder.encode(long).length} bytes long ` +
        `('${long.slice(0, 40)}…'); the limit is ${MAX_NAME_BYTES}`,
    );
  }
  return isAbsolute(path) ? resolve(path) : resolve(roots[0] ?? Deno.cwd(), path);
}

/** An OS error from resolving `path`, as a typed error that names only what the caller gave. */
function ioError(path: string, e: unknown, what: string): IdsError {
  if (e instanceof IdsError) return e;
  const reason = e instanceof Deno.errors.PermissionDenied
    ? "permission denied"
    : e instanceof Error
    // Deno's messages end with ": <syscall> '<absolute path>'": keep only the reason.
    ? e.message.replace(/:\s.*$/s, "").trim() || e.name
    : String(e);
  return new IdsError("io", `cannot ${what} '${shortPath(path)}': ${reason}`);
}

/** Where `abs` really is: the resolved file, or for a missing one its resolved parent + rest. */
interface Resolved {
  readonly real: string;
  readonly exists: boolean;
  /** A symlink whose target does not exist. */
  readonly dangling: boolean;
}

async function resolveTarget(abs: string): Promise<Resolved> {
  try {
    return { real: await Deno.realPath(abs), exists: true, dangling: false };
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  // Does not exist (or is a dangling link): resolve the nearest existing ancestor.
  let dir = dirname(abs);
  const rest: string[] = [abs.slice(dir.length).replace(/^[\\/]/, "")];
  for (;;) {
    try {
      const real = join(await Deno.realPath(dir), ...rest);
      let dangling = false;
      try {
        dangling = (await Deno.lstat(real)).isSymlink;
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) throw e;
      }
      return { real, exists: false, dangling };
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
      const parent = dirname(dir);
      if (parent === dir) throw e;
      rest.unshift(dir.slice(parent.length).replace(/^[\\/]/, ""));
      dir = parent;
    }
  }
}

/**
 * True when `real` is inside a root. Roots are normally resolved already (resolveRoots); a root
 * handed in unresolved (a symlinked folder) is resolved here too, so it still matches.
 */
async function insideSome(roots: readonly string[], real: string): Promise<boolean> {
  if (roots.some((r) => isInside(r, real))) return true;
  for (const root of roots) {
    const resolved = await Deno.realPath(root).catch(() => undefined);
    if (resolved !== undefined && isInside(resolved, real)) return true;
  }
  return false;
}

function kindOf(info: Deno.FileInfo): string {
  if (info.isDirectory) return "a directory";
  if (info.isFifo) return "a FIFO";
  if (info.isCharDevice || info.isBlockDevice) return "a device";
  if (info.isSocket) return "a socket";
  return "not a regular file";
}

/**
 * Where `path` leads once symlinks are resolved, checked against `roots` for `direction`; an
 * existing target must be a regular file (a FIFO or device would hang a read).
 */
async function locate(
  path: string,
  roots: readonly string[],
  direction: "read" | "write",
): Promise<Resolved & { readonly abs: string }> {
  if (roots.length === 0) throw notAllowed(path, roots, direction);
  const abs = absolute(path, roots);
  let target: Resolved;
  let info: Deno.FileInfo | undefined;
  try {
    target = await resolveTarget(abs);
    if (!await insideSome(roots, target.real) || target.dangling) {
      throw notAllowed(path, roots, direction);
    }
    if (target.exists) info = await Deno.stat(target.real);
  } catch (e) {
    throw ioError(path, e, direction);
  }
  if (info && !info.isFile) {
    throw new IdsError(
      "invalid_argument",
      `'${shortPath(path)}' is ${kindOf(info)}; ` +
        (direction === "read"
          ? "only regular files can be read"
          : "give the path of a file to write"),
    );
  }
  return { ...target, abs };
}

/**
 * Resolves an existing regular file to read. Throws `path_not_allowed` when it (after
 * following symlinks) is outside every root, `io` when it does not exist, `invalid_argument`
 * when it is a directory, FIFO, device or socket (reading those would hang or make no sense).
 */
export async function resolveReadPath(path: string, roots: readonly string[]): Promise<string> {
  const target = await locate(path, roots, "read");
  if (!target.exists) {
    throw new IdsError(
      "io",
      `file '${shortPath(path)}' does not exist (resolved to ${target.abs})`,
    );
  }
  return target.real;
}

/**
 * Resolves a file to write: the file, or the nearest existing ancestor when it does not exist
 * yet, is resolved through symlinks and must be inside a root (missing directories below it
 * are created by the writer); a dangling symlink is refused; an existing target must be a
 * regular file.
 */
export async function resolveWritePath(path: string, roots: readonly string[]): Promise<string> {
  return (await locate(path, roots, "write")).real;
}

/**
 * The folder stdio writes exports to when no `--root` is given: `exports` beside the default
 * session store (`$XDG_DATA_HOME/ids-mcp/exports`, else `~/.local/share/ids-mcp/exports`),
 * created on first use. Not the working directory: under the usual client configuration that
 * is the server's own checkout, and an export could replace its source. Empty (no writes)
 * when neither variable is set or the folder cannot be created.
 */
export async function defaultWriteRoots(env: EnvGetter = safeEnv): Promise<string[]> {
  let dir: string;
  try {
    dir = join(dirname(defaultKvPath(env)), "exports");
    await Deno.mkdir(dir, { recursive: true });
  } catch {
    return [];
  }
  return await resolveRoots([dir]).catch(() => []);
}
