import { CompiledQuery, type Kysely } from 'kysely';
import { chunksFor } from './chunks.js';
import type { DialectName } from './database.js';

type Row = Record<string, unknown>;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every column some row gives a value for, in the order they first appear. */
function columnsOf(rows: Row[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k in r) if (r[k] !== undefined) seen.add(k);
  return [...seen];
}

/**
 * Inserts rows of one table in as few statements as the parameter limit allows, with the SQL written here
 * instead of by the query builder, which makes a node for every value: for a batch of 100,000 hosts that is
 * a visible share of the call and of its garbage. As with the builder, a row without a value for a column
 * gets the column's default (PostgreSQL) or null (SQLite, which has no DEFAULT in a VALUES list). Values must
 * be plain (no SQL expressions). `returning` names a column to answer, or '*'; the rows come back in the
 * order of `rows` (both drivers answer RETURNING in VALUES order).
 */
export async function insertRows(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  dialect: DialectName,
  table: string,
  rows: Row[],
  returning?: string,
): Promise<Row[]> {
  const columns = columnsOf(rows);
  if (columns.length === 0) return [];
  const missing = dialect === 'postgres' ? 'default' : 'null';
  const head = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values `;
  const tail = returning === undefined ? '' : ` returning ${returning === '*' ? '*' : quote(returning)}`;
  const out: Row[] = [];
  for (const chunk of chunksFor(rows, dialect, columns.length)) {
    const parameters: unknown[] = [];
    const tuples: string[] = [];
    for (const r of chunk) {
      const marks: string[] = [];
      for (const c of columns) {
        const v = r[c];
        if (v === undefined) marks.push(missing);
        else {
          parameters.push(v);
          marks.push(dialect === 'postgres' ? `$${parameters.length}` : '?');
        }
      }
      tuples.push(`(${marks.join(', ')})`);
    }
    const result = await db.executeQuery<Row>(CompiledQuery.raw(head + tuples.join(', ') + tail, parameters));
    if (returning !== undefined) for (const r of result.rows) out.push(r);
  }
  return out;
}
