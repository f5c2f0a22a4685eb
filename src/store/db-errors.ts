import { NoResultError } from 'kysely';
import { DomainError, duplicate, notFound } from '../domain/errors.js';
import { ADDRESS_RULES, ruleFields } from '../domain/hosts/addresses.js';
import { ADDRESS_TABLES } from './host-addresses.js';
import { objIdOfTable } from './instance-tables.js';

/**
 * Translates constraint violations of either driver into domain errors, once, so that no driver message
 * reaches a client. Unique indexes are named uq_<table>__<col>__<col>, which is how PostgreSQL's error
 * (it names the constraint) is turned back into fields; SQLite names the columns itself.
 */
/** Tables that hold a rule of another object's fields: each address of a host belongs to it alone (host-addresses.ts). */
const RULE_TABLES: Record<string, { objId: string; fields: string[] }> = Object.fromEntries(
  ADDRESS_RULES.map((rule) => [ADDRESS_TABLES[rule.field], { objId: 'host', fields: ruleFields(rule) }]),
);

function duplicateIn(table: string, cols: string[]): DomainError {
  const rule = RULE_TABLES[table];
  return rule ? duplicate(rule.objId, rule.fields) : duplicate(objIdOfTable(table) ?? table, cols);
}

export function translateDbError(err: unknown): unknown {
  if (!err || typeof err !== 'object') return err;
  // A row read to be changed was gone by then: another request removed it meanwhile (PostgreSQL runs them side by side).
  if (err instanceof NoResultError) return notFound('the record was removed by another request while this one ran');
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e.code === '23505' && e.constraint) return fromIndexName(e.constraint);
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    // An index on an expression is named, not its columns.
    const named = /constraint failed: index '([^']+)'/.exec(e.message ?? '');
    if (named) return fromIndexName(named[1]!);
    const m = /constraint failed: (.+)$/.exec(e.message ?? '');
    const cols = (m?.[1] ?? '').split(',').map((s) => s.trim());
    const table = cols[0]?.split('.')[0] ?? '';
    return duplicateIn(table, cols.map((c) => c.split('.')[1] ?? c));
  }
  // Values the column can't hold (PostgreSQL's int4 ids above 2147483647, text it can't parse, NUL bytes).
  if (e.code === '22003') return new DomainError('invalid_value', 'data parameter verification does not pass: a number is out of range (ids and built-in integers are at most 2147483647)');
  if (e.code === '22P02' || e.code === '22021') return new DomainError('invalid_value', 'data parameter verification does not pass: a value does not fit its field');
  // Nothing was written; the same call again normally succeeds.
  if (e.code === '40P01' || e.code === '40001') {
    return new DomainError('busy', 'system busy: the write met another one changing the same records at the same time and was undone; send it again');
  }
  if (typeof e.code === 'string' && /^SQLITE_BUSY/.test(e.code)) {
    return new DomainError('busy', "system busy: another process held the database's write lock for longer than a write waits; send it again");
  }
  if (e.code === '23503' || e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new DomainError(
      'invalid_reference',
      'the change refers to a record that does not exist (or removes one that others refer to)',
    );
  }
  return err;
}

function fromIndexName(name: string): DomainError {
  const [, table = '', ...cols] = name.split('__').length > 1 ? ['', ...name.replace(/^uq_/, '').split('__')] : ['', name];
  return duplicateIn(table, cols.length ? cols : [name]);
}
