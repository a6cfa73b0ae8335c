/**
 * Allowed roots for tools that read or write files (`load_ids` with a path, `export_ids` to a
 * path). Paths are checked after resolving symlinks, so a link inside a root that points
 * outside it is refused, and `..` cannot escape. No roots means no file access at all (the
 * default over HTTP, where the server's file system is not the client's).
 *
 * @module
 */
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { IdsError } from "../ids/errors.ts";

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

function notAllowed(path: string, roots: readonly string[]): IdsError {
  if (roots.length === 0) {
    return new IdsError(
      "path_not_allowed",
      `file access is disabled on this server (no --root configured), so '${path}' cannot be ` +
        `used; pass content instead: load_ids with source_type "string", validate_ifc_model ` +
        `with ifc_content, export_ids without output_path`,
    );
  }
  return new IdsError(
    "path_not_allowed",
    `path '${path}' is outside the allowed roots (${roots.join(", ")}); use a path inside one`,
  );
}

/** Relative paths are taken relative to the first root. */
function absolute(path: string, roots: readonly string[]): string {
  if (typeof path !== "string" || path.trim() === "") {
    throw new IdsError("invalid_argument", "the path must be a non-empty string");
  }
  if (path.includes("\0")) throw new IdsError("invalid_argument", "the path contains a NUL byte");
  return isAbsolute(path) ? resolve(path) : resolve(roots[0] ?? Deno.cwd(), path);
}

/**
 * Resolves an existing file to read. Throws `path_not_allowed` when it (after following
 * symlinks) is outside every root, `io` when it does not exist.
 */
export async function resolveReadPath(path: string, roots: readonly string[]): Promise<string> {
  if (roots.length === 0) throw notAllowed(path, roots);
  const abs = absolute(path, roots);
  if (!roots.some((r) => isInside(r, abs))) throw notAllowed(path, roots);
  let real: string;
  try {
    real = await Deno.realPath(abs);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new IdsError("io", `file '${path}' does not exist (resolved to ${abs})`);
    }
    throw new IdsError("io", `cannot read '${path}': ${(e as Error).message}`);
  }
  if (!roots.some((r) => isInside(r, real))) throw notAllowed(path, roots);
  return real;
}

/**
 * Resolves a file to write: the nearest existing ancestor is resolved through symlinks and
 * must be inside a root (missing directories below it are created by the caller); an existing
 * target that is a symlink must point inside a root too.
 */
export async function resolveWritePath(path: string, roots: readonly string[]): Promise<string> {
  if (roots.length === 0) throw notAllowed(path, roots);
  const abs = absolute(path, roots);
  if (!roots.some((r) => isInside(r, abs))) throw notAllowed(path, roots);
  try {
    const real = await Deno.realPath(abs);
    if (!roots.some((r) => isInside(r, real))) throw notAllowed(path, roots);
    const info = await Deno.stat(real);
    if (info.isDirectory) throw new IdsError("io", `'${path}' is a directory, not a file`);
    return real;
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  // Does not exist (or is a dangling link): check the nearest existing ancestor.
  let dir = dirname(abs);
  const rest: string[] = [abs.slice(dir.length + 1)];
  for (;;) {
    try {
      const real = await Deno.realPath(dir);
      if (!roots.some((r) => isInside(r, real))) throw notAllowed(path, roots);
      const target = join(real, ...rest);
      try {
        const link = await Deno.lstat(target);
        if (link.isSymlink) throw notAllowed(path, roots); // dangling link: refuse
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) throw e;
      }
      return target;
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
      const parent = dirname(dir);
      if (parent === dir) throw notAllowed(path, roots);
      rest.unshift(dir.slice(parent.length).replace(/^[\\/]/, ""));
      dir = parent;
    }
  }
}
