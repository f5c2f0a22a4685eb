import type { DialectName } from './database.js';

/** Splits rows so one statement stays under the driver's bound-parameter limit (SQLite 32766, PostgreSQL 65535). */
export function chunksFor<T extends Record<string, unknown>>(rows: T[], dialect: DialectName): T[][] {
  if (rows.length === 0) return [];
  const perRow = Object.keys(rows[0]!).length;
  const size = Math.max(1, Math.floor((dialect === 'postgres' ? 60000 : 30000) / perRow));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
