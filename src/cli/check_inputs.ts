/**
 * Starts reading `check`'s two files, before anything else is loaded: the command module
 * (check.ts) calls it first, so that the model's read (mostly page faults of a buffer the
 * size of the file, on an I/O thread) overlaps loading the engine and auditing the IDS.
 * Imports only the file edge (open_model.ts), not the engine.
 *
 * @module
 */
import { fileSize, readModelFile } from "../ifc/open_model.ts";

/** One input read: its bytes, or why it could not be read. */
export type InputRead = { readonly bytes: Uint8Array } | { readonly error: unknown };

/** The two inputs of a check, being read. The promises never reject. */
export interface CheckInputs {
  readonly ids: Promise<InputRead>;
  readonly model: Promise<InputRead>;
  /** The model file's size in bytes (0 when it cannot be read; `model` says why). */
  readonly modelSize: number;
}

function settled(p: Promise<Uint8Array>): Promise<InputRead> {
  return p.then((bytes) => ({ bytes }), (error: unknown) => ({ error }));
}

/** Starts reading the IDS file and the model (`.ifc` or `.ifczip`). */
export function readCheckInputs(idsPath: string, ifcPath: string): CheckInputs {
  return {
    ids: settled(Deno.readFile(idsPath)),
    model: settled(readModelFile(ifcPath)),
    modelSize: fileSize(ifcPath),
  };
}
