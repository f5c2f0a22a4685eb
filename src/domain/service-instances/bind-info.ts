import { DomainError, invalidParameter } from '../errors.js';
import { isPlainObject, typeName } from '../json-shape.js';

/**
 * A process's bind_info: the addresses it listens on (bk-cmdb's one "table" attribute), checked here because
 * the attribute validator knows only flat values. Each row is {enable, ip, port, protocol, template_row_id}:
 * ip is "1" (127.0.0.1), "2" (0.0.0.0), "3" (the host's first inner IP), "4" (its first outer IP) or an IPv4
 * address; port a number or a range "8000-8010" within 1..65535; protocol "1" (TCP) or "2" (UDP). An enabled
 * row needs its ip and port.
 */
export interface BindRow {
  enable: boolean;
  ip: string;
  port: string;
  protocol: string;
  template_row_id: number;
}

export const MAX_BIND_ROWS = 100;

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const PORT = /^(\d{1,5})(?:-(\d{1,5}))?$/;

const bad = (field: string, rule: string) => new DomainError('invalid_value', `'${field}' data parameter verification does not pass: ${rule}`, { field });

function stringOf(field: string, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new DomainError('not_string', `'${field}' must be a string type (got ${typeName(v)})`, { field });
  return v.trim();
}

function portOk(port: string): boolean {
  const m = PORT.exec(port);
  if (!m) return false;
  const [from, to] = [Number(m[1]), m[2] === undefined ? Number(m[1]) : Number(m[2])];
  return from >= 1 && to <= 65535 && from <= to;
}

export function checkBindInfo(field: string, v: unknown): BindRow[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw invalidParameter(field, `must be an array of {enable, ip, port, protocol, template_row_id} (got ${typeName(v)})`);
  if (v.length > MAX_BIND_ROWS) throw invalidParameter(field, `holds ${v.length} rows, at most ${MAX_BIND_ROWS}`);
  const rowIds = new Set<number>();
  return v.map((row, i) => {
    const at = `${field}[${i}]`;
    if (!isPlainObject(row)) throw invalidParameter(at, `must be an object {enable, ip, port, protocol, template_row_id} (got ${typeName(row)})`);
    const enable = row.enable ?? false;
    if (typeof enable !== 'boolean') throw new DomainError('not_bool', `'${at}.enable' must be boolean (got ${typeName(enable)})`, { field: `${at}.enable` });
    const ip = stringOf(`${at}.ip`, row.ip);
    const port = stringOf(`${at}.port`, row.port);
    const protocol = stringOf(`${at}.protocol`, row.protocol) || '1';
    if (ip !== '' && !['1', '2', '3', '4'].includes(ip) && !IPV4.test(ip)) {
      throw bad(`${at}.ip`, 'must be "1" (127.0.0.1), "2" (0.0.0.0), "3" (first inner IP), "4" (first outer IP) or an IPv4 address');
    }
    if (port !== '' && !portOk(port)) throw bad(`${at}.port`, 'must be a port or a range "from-to" within 1..65535');
    if (!['1', '2'].includes(protocol)) throw bad(`${at}.protocol`, 'must be "1" (TCP) or "2" (UDP)');
    if (enable && (ip === '' || port === '')) throw bad(ip === '' ? `${at}.ip` : `${at}.port`, 'an enabled row needs its ip and port');
    const rowId = row.template_row_id ?? row.row_id ?? i + 1;
    if (typeof rowId !== 'number' || !Number.isSafeInteger(rowId) || rowId < 0) {
      throw new DomainError('not_integer', `'${at}.template_row_id' parameters must be integral (got ${typeName(rowId)})`, { field: `${at}.template_row_id` });
    }
    if (rowIds.has(rowId)) throw bad(`${at}.template_row_id`, `row id ${rowId} appears twice: it is unique within a process`);
    rowIds.add(rowId);
    return { enable, ip, port, protocol, template_row_id: rowId };
  });
}
