/**
 * Values remembered per owner (a model, a schema) and key, for what a check asks about for
 * every element but that depends on few instances (a unit, a material set, a classification
 * reference, a defined type): decoding it once pays. The get-or-create of the inner map lives
 * here once; owners are held weakly, so a model's memos go with it.
 *
 * @module
 */

/**
 * `compute()` for `key` of `owner`, remembered in `table`. Store `null`, not undefined, for
 * "none": an undefined value is computed again.
 */
export function remembered<O extends object, K, V>(
  table: WeakMap<O, Map<K, V>>,
  owner: O,
  key: K,
  compute: () => V,
): V {
  let m = table.get(owner);
  if (!m) {
    m = new Map();
    table.set(owner, m);
  }
  let v = m.get(key);
  if (v === undefined) {
    v = compute();
    m.set(key, v);
  }
  return v;
}
