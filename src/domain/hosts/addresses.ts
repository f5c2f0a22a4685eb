/**
 * A host's addresses. bk_host_innerip and bk_host_outerip each hold a comma-separated list; bk-cmdb keeps them
 * as lists, and its unique rules hold every element: each inner IP of a cloud area, and each outer IP, belongs
 * to one host. So does Topograph (the store keeps one row per address, its key the rule).
 */
export type AddressField = 'bk_host_innerip' | 'bk_host_outerip';

export const ADDRESS_RULES: ReadonlyArray<{ field: AddressField; perCloud: boolean }> = [
  { field: 'bk_host_innerip', perCloud: true },
  { field: 'bk_host_outerip', perCloud: false },
];

/** The fields a rule holds unique together, as a duplicate error names them. */
export const ruleFields = (rule: (typeof ADDRESS_RULES)[number]): string[] => (rule.perCloud ? ['bk_cloud_id', rule.field] : [rule.field]);

/** The addresses of a field's value ("10.0.0.1,10.0.0.2"): trimmed, without empties or repeats. */
export function addressesOf(value: unknown): string[] {
  if (typeof value !== 'string' || value === '') return [];
  // Most hosts have one address: no list to split.
  if (!value.includes(',')) return value.trim() === '' ? [] : [value.trim()];
  return [...new Set(value.split(',').map((ip) => ip.trim()).filter((ip) => ip !== ''))];
}
