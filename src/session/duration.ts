/**
 * Human durations for the command line (`--session-ttl 30m`): one parser shared by the CLI, the
 * HTTP server and the session store, so every place accepts the same spellings and rejects the
 * same mistakes with the same message.
 *
 * @module
 */

import { IdsError } from "../ids/errors.ts";

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;

/**
 * Parses `500ms`, `90s`, `30m`, `24h`, `7d`, or a sum of such parts (`1h30m`, `1.5h`) into
 * milliseconds. A bare number is rejected because its unit would be a guess.
 *
 * @throws {IdsError} `invalid_argument` naming the text and the accepted forms.
 */
export function parseDuration(text: string): number {
  const source = String(text).trim().toLowerCase();
  const fail = (why: string): never => {
    throw new IdsError(
      "invalid_argument",
      `invalid duration '${text}': ${why}; use a number with a unit ms, s, m, h or d, ` +
        `e.g. 500ms, 90s, 30m, 24h, 7d (parts may be combined: 1h30m)`,
    );
  };
  if (source === "") fail("it is empty");
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < source.length) {
    const at = PART.lastIndex;
    const match = PART.exec(source);
    if (!match) {
      if (/^\d+(\.\d+)?$/.test(source)) fail("the unit is missing");
      fail(`cannot read '${source.slice(at)}'`);
    }
    const [, amount, unit] = match!;
    total += Number(amount) * UNIT_MS[unit];
  }
  const ms = Math.round(total);
  if (!Number.isFinite(ms) || ms > Number.MAX_SAFE_INTEGER) fail("it is too long");
  if (ms <= 0) fail("it must be longer than 0 ms");
  return ms;
}

/** The shortest exact spelling of `ms` that {@linkcode parseDuration} reads back (`90m` → "1h30m"). */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return `${ms}ms`;
  let rest = Math.round(ms);
  let out = "";
  for (const unit of ["d", "h", "m", "s", "ms"]) {
    const size = UNIT_MS[unit];
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
