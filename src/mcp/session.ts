/**
 * The tools' only door to the session store: read the session's document, or edit it through
 * one atomic, retried `update` so that a failing edit (the edit function throws) writes
 * nothing and concurrent calls never lose each other's changes.
 *
 * @module
 */
import { IdsError, isIdsError } from "../ids/errors.ts";
import type { IdsDocument } from "../ids/model.ts";
import type { ToolContext } from "./context.ts";
import { checkCallLimit } from "./result.ts";

const NO_DOCUMENT = "this session has no IDS document yet; call create_ids (or load_ids) first";

/** The session's current document; `no_document` when none was created or loaded. */
export async function readDocument(ctx: ToolContext): Promise<IdsDocument> {
  const doc = await readOptionalDocument(ctx);
  if (!doc) throw new IdsError("no_document", NO_DOCUMENT);
  return doc;
}

/** The session's document, or undefined; recreates stdio's session when it expired. */
export async function readOptionalDocument(ctx: ToolContext): Promise<IdsDocument | undefined> {
  const preloaded = ctx.takePreloaded?.();
  if (preloaded) return preloaded.doc;
  let loaded = await ctx.store.load(ctx.sessionId);
  if (!loaded) {
    if (!ctx.recreateSession) throw sessionGone(ctx.sessionId);
    await ctx.store.ensure(ctx.sessionId);
    loaded = await ctx.store.load(ctx.sessionId);
  }
  return loaded?.doc;
}

/** Applies a pure edit to the existing document atomically and returns the edit's result. */
export async function editDocument<R>(
  ctx: ToolContext,
  edit: (doc: IdsDocument) => { doc: IdsDocument; result: R },
): Promise<R> {
  return await replaceDocument(ctx, (doc) => {
    if (!doc) throw new IdsError("no_document", NO_DOCUMENT);
    return edit(doc);
  });
}

/** Like {@linkcode editDocument} but also runs when there is no document (create, load). */
export async function replaceDocument<R>(
  ctx: ToolContext,
  edit: (doc: IdsDocument | undefined) => { doc: IdsDocument; result: R },
): Promise<R> {
  const from = ctx.takePreloaded?.()?.snapshot;
  // A call past its time limit changes nothing: checked before the edit and before the commit.
  checkCallLimit();
  const guard = checkCallLimit;
  try {
    return (await ctx.store.update(ctx.sessionId, (doc) => edit(doc), { from, guard })).result;
  } catch (e) {
    if (!isIdsError(e, "session_not_found")) throw e;
    if (!ctx.recreateSession) throw sessionGone(ctx.sessionId);
    await ctx.store.ensure(ctx.sessionId);
    return (await ctx.store.update(ctx.sessionId, (doc) => edit(doc), { guard })).result;
  }
}

function sessionGone(id: string): IdsError {
  return new IdsError(
    "session_not_found",
    `session '${id}' does not exist or has expired; reconnect to start a new session`,
  );
}
