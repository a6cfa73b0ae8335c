/**
 * The error of a model that cannot be read (not STEP, unknown schema, a bad .ifczip, too
 * large), in a module of its own: the file-reading edge (open_model.ts, ifczip.ts) raises it
 * without loading the model index and the schema tables, so that `check` can start reading a
 * model before the engine is loaded.
 *
 * @module
 */

/** Raised when the model cannot be read (not STEP, unknown schema). */
export class ModelReadError extends Error {
  override readonly name = "ModelReadError";
}
