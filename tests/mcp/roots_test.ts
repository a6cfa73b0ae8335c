/** Allowed roots: symlinks resolved, `..` cannot escape, no roots means no file access. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { isInside, resolveReadPath, resolveRoots, resolveWritePath } from "../../src/fs/roots.ts";
import { IdsError } from "../../src/ids/errors.ts";
import { tempDir } from "./_helpers.ts";

async function rejects(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof IdsError);
    assert.equal(e.code, code);
    return true;
  });
}

Deno.test("roots: inside, outside, symlink escapes, .., new directories", async () => {
  await using root = await tempDir();
  await using outside = await tempDir();
  const roots = await resolveRoots([root.path]);
  await Deno.writeTextFile(join(root.path, "a.ids"), "x");
  await Deno.writeTextFile(join(outside.path, "secret.ids"), "s");
  await Deno.symlink(join(outside.path, "secret.ids"), join(root.path, "link.ids"));
  await Deno.symlink(outside.path, join(root.path, "linkdir"));
  await Deno.symlink(join(outside.path, "nope.ids"), join(root.path, "dangling.ids"));

  assert.equal(await resolveReadPath("a.ids", roots), join(root.path, "a.ids"));
  assert.equal(await resolveReadPath(join(root.path, "a.ids"), roots), join(root.path, "a.ids"));
  await rejects(resolveReadPath(join(outside.path, "secret.ids"), roots), "path_not_allowed");
  await rejects(resolveReadPath("link.ids", roots), "path_not_allowed");
  await rejects(resolveReadPath("linkdir/secret.ids", roots), "path_not_allowed");
  await rejects(
    resolveReadPath("../" + outside.path.split("/").pop() + "/secret.ids", roots),
    "path_not_allowed",
  );
  await rejects(resolveReadPath("missing.ids", roots), "io");
  await rejects(resolveReadPath("a.ids", []), "path_not_allowed");

  assert.equal(
    await resolveWritePath("new/deeper/out.ids", roots),
    join(root.path, "new", "deeper", "out.ids"),
  );
  assert.equal(await resolveWritePath("a.ids", roots), join(root.path, "a.ids"));
  await rejects(resolveWritePath("link.ids", roots), "path_not_allowed");
  await rejects(resolveWritePath("linkdir/new.ids", roots), "path_not_allowed");
  await rejects(resolveWritePath("linkdir/sub/new.ids", roots), "path_not_allowed");
  await rejects(resolveWritePath("dangling.ids", roots), "path_not_allowed");
  await rejects(resolveWritePath(join(outside.path, "x.ids"), roots), "path_not_allowed");
  await rejects(resolveWritePath("x.ids", []), "path_not_allowed");
  // The outside file was never touched.
  assert.equal(await Deno.readTextFile(join(outside.path, "secret.ids")), "s");

  assert.ok(isInside("/a/b", "/a/b/c"));
  assert.ok(!isInside("/a/b", "/a/bc"));
  await rejects(resolveRoots([join(root.path, "a.ids")]), "io");
});

Deno.test("roots: a root given through a symlink accepts paths through it; escapes still refused", async () => {
  await using base = await tempDir();
  await using outside = await tempDir();
  const real = join(base.path, "real");
  await Deno.mkdir(real);
  const link = join(base.path, "linkroot");
  await Deno.symlink(real, link);
  await Deno.writeTextFile(join(real, "a.ids"), "x");
  await Deno.symlink(outside.path, join(real, "out"));
  const roots = await resolveRoots([link]);
  assert.deepEqual(roots, [real]);
  assert.equal(await resolveReadPath(join(link, "a.ids"), roots), join(real, "a.ids"));
  assert.equal(await resolveWritePath(join(link, "x.ids"), roots), join(real, "x.ids"));
  assert.equal(
    await resolveWritePath(join(link, "new", "x.ids"), roots),
    join(real, "new", "x.ids"),
  );
  await rejects(resolveWritePath(join(link, "out", "x.ids"), roots), "path_not_allowed");
  await rejects(resolveWritePath(join(link, "..", "x.ids"), roots), "path_not_allowed");
  await rejects(
    resolveReadPath(join(link, "..", "real", "..", "x.ids"), roots),
    "path_not_allowed",
  );
  // A missing file outside the roots is refused like an existing one (no existence oracle).
  await rejects(resolveReadPath(join(outside.path, "missing.ids"), roots), "path_not_allowed");
});

Deno.test("roots: FIFOs, devices and directories are not read; over-long paths are typed errors", async () => {
  await using root = await tempDir();
  const roots = await resolveRoots([root.path]);
  const fifo = join(root.path, "pipe.ids");
  const made = await new Deno.Command("mkfifo", { args: [fifo] }).output();
  assert.equal(made.code, 0, "mkfifo");
  await assert.rejects(resolveReadPath(fifo, roots), /is a FIFO; only regular files/);
  await assert.rejects(resolveWritePath(fifo, roots), /is a FIFO/);
  await Deno.mkdir(join(root.path, "d.ids"));
  await assert.rejects(resolveReadPath("d.ids", roots), /is a directory/);
  for (const path of ["a/".repeat(2_500) + "x.ids", "x".repeat(300) + ".ids"]) {
    for (const resolveIt of [resolveReadPath, resolveWritePath]) {
      await assert.rejects(resolveIt(path, roots), (e: unknown) => {
        assert.ok(e instanceof IdsError);
        assert.equal(e.code, "invalid_argument");
        assert.ok(!e.message.includes(root.path), "the server's path is not in the message");
        return true;
      });
    }
  }
});
