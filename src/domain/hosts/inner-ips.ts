/**
 * The addresses of a bk_host_innerip value ("10.0.0.1,10.0.0.2"): trimmed, without empties or repeats. bk-cmdb
 * keeps the value as a list and holds each address of a cloud area to one host; so does Topograph.
 */
export function innerIpsOf(value: unknown): string[] {
  if (typeof value !== 'string' || value === '') return [];
  // Most hosts have one address: no list to split.
  if (!value.includes(',')) return value.trim() === '' ? [] : [value.trim()];
  return [...new Set(value.split(',').map((ip) => ip.trim()).filter((ip) => ip !== ''))];
}
