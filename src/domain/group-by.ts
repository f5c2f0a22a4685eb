/** Items grouped by a numeric key, each mapped; an item that maps to undefined is left out. Order is kept. */
export function groupBy<T, V = T>(items: readonly T[], key: (t: T) => number, value: (t: T) => V | undefined = (t) => t as unknown as V): Map<number, V[]> {
  const out = new Map<number, V[]>();
  for (const item of items) {
    const v = value(item);
    if (v === undefined) continue;
    const list = out.get(key(item));
    if (list) list.push(v);
    else out.set(key(item), [v]);
  }
  return out;
}
