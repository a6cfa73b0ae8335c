/**
 * "Did you mean …?" for parameter names: the known name nearest to what a client sent, with
 * case, `_` and `-` ignored (so `dataType` finds `data_type`), or none when nothing is close.
 *
 * @module
 */

/** The candidate closest to `name`, or undefined when none is plausibly meant. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const key = fold(name);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(key, fold(c));
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(1, Math.floor(key.length / 3)) ? best : undefined;
}

function fold(s: string): string {
  return s.toLowerCase().replace(/[_\-\s]/g, "");
}

/** Levenshtein distance (two rows). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
