import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CALLS } from '../src/api/esb/calls/index.js';
import { TEST_DB } from './support/database.js';
import { auditCount } from './support/fixtures.js';
import { APP, makeBusiness, makeSet, startTopograph, type EsbAnswer, type TestTopograph } from './support/server.js';

/**
 * Every ESB call's own parameters, each sent with values of the wrong JSON type (and out-of-range or too-long
 * values of the right one), one value at a time, into a body that is otherwise valid. The rule: HTTP 200, an
 * error envelope (result false, a code that is neither 0 nor the catch-all 1199999), a message naming the
 * parameter, and — for writes — nothing written (the audit count does not move).
 *
 * Data-driven: TABLE below lists, per call, a valid base body and the parameter paths to probe with their
 * bad values. A value marked lenient may also be accepted (e.g. null for an optional parameter, an unknown
 * field name in `fields`, an over-long text in an equality filter, which can only match nothing); if it is
 * refused, the refusal must still be clean and name the parameter.
 */

const INTERNAL_ERROR = 1199999;
const LONG = 'x'.repeat(5000);

interface Ids {
  pool: number;
  poolModule: number;
  biz: number;
  bizArchived: number;
  bizToArchive: number;
  set: number;
  setVictim: number;
  setVictim2: number;
  tplSet: number;
  module: number;
  module2: number;
  moduleVictim: number;
  cloud: number;
  cloudVictim: number;
  attr: number;
  attrVictim: number;
  catRoot: number;
  cat: number;
  catVictim: number;
  st: number;
  stVictim: number;
  /** the module of tplSet, made from service template st */
  stModule: number;
  tpl: number;
  tplVictim: number;
  /** a resource-pool host (transfer_resourcehost_to_idlemodule) */
  h1: number;
  /** a host in module `module` of biz (transfers, updates, base info) */
  h2: number;
  /** a host in biz's idle module (transfer_host_to_resourcemodule) */
  h3: number;
  /** a resource-pool host (delete_host) */
  h4: number;
  /** a host in biz's idle module (transfer_host_across_biz) */
  h5: number;
  /** another business, and its idle module (transfer_host_across_biz) */
  bizDst: number;
  dstIdle: number;
  audit: number;
  /** a dynamic group of biz, and one delete_dynamic_group may remove */
  group: string;
  groupVictim: string;
  /** a business set, and one batch_delete_business_set may remove */
  bizSet: number;
  bizSetVictim: number;
  /**
   * a host of module `module` that no other base moves (h2 leaves the module in the transfer bases, which would
   * take its service instances with it), and its service instances there: si with the processes proc and
   * procVictim (delete_process_instance), siVictim (delete_service_instance)
   */
  h6: number;
  si: number;
  siVictim: number;
  proc: number;
  procVictim: number;
  /**
   * a service template no module is made from (a process template added to one that modules with hosts are
   * made from adds processes to their service instances), its process template procTpl ("probe-tpl") and
   * procTplVictim ("probe-tpl-victim", delete_proc_template)
   */
  stProc: number;
  procTpl: number;
  procTplVictim: number;
}
/** the fixture's numeric ids */
type Ref = { [K in keyof Ids]: Ids[K] extends number ? K : never }[keyof Ids];
type Body = Record<string, unknown>;

interface Case {
  label: string;
  make: (ids: Ids) => unknown;
  /** accepted or cleanly refused are both fine */
  lenient?: boolean;
}
interface Probe {
  path: string;
  cases: Case[];
  /** what the message must contain; default the last non-index segment of the path */
  name?: string;
}
interface Entry {
  call: string;
  /** a valid body; n is unique per request (names of created records) */
  base: (ids: Ids, n: number) => Body;
  probes: Probe[];
  /** a variant of the call's base body (the same call probed from another valid body) */
  variant?: string;
}

// --- bad values --------------------------------------------------------------------------------------------

function show(v: unknown): string {
  if (typeof v === 'string' && v.length > 40) return `"x"×${v.length}`;
  const s = JSON.stringify(v) ?? String(v);
  return s;
}
const lit = (v: unknown, lenient = false): Case => ({ label: show(v), make: () => structuredClone(v), lenient });
const fn = (label: string, make: (ids: Ids) => unknown, lenient = false): Case => ({ label, make, lenient });
const refOf = (ref: Ref | number) => (ids: Ids) => (typeof ref === 'number' ? ref : ids[ref]);

/** an integer id parameter */
function int(ref: Ref | number, o: { optional?: boolean; huge?: 'either' } = {}): Case[] {
  const real = refOf(ref);
  return [
    fn('the id as a string', (ids) => String(real(ids))),
    lit(1.5),
    lit(-1, o.huge === 'either'),
    lit(2 ** 31, o.huge === 'either'),
    lit(1e300, o.huge === 'either'),
    lit(true),
    fn('[id]', (ids) => [real(ids)]),
    fn('{id}', (ids) => ({ id: real(ids) })),
    lit(null, o.optional),
  ];
}

/** a string parameter; `long` sends 5,000 characters too */
function str(o: { optional?: boolean; long?: 'refuse' | 'either' } = {}): Case[] {
  return [lit(5), lit(true), lit(['a']), lit({ a: 'b' }), lit(null, o.optional), ...(o.long ? [lit(LONG, o.long === 'either')] : [])];
}

/** an enum held as a string ("1", "2", …) */
function enumStr(valid: string, optional = true): Case[] {
  return [lit(Number(valid)), lit(true), lit([valid]), lit({}), lit('no-such-value'), lit(null, optional)];
}

function bool(optional = true): Case[] {
  return [lit('true'), lit(1), lit([true]), lit({}), lit(null, optional)];
}

/** an array of ids */
function idList(ref: Ref, o: { optional?: boolean } = {}): Case[] {
  const real = refOf(ref);
  return [
    fn('{id}', (ids) => ({ id: real(ids) })),
    fn('the id as a string', (ids) => String(real(ids))),
    fn('a bare id', (ids) => real(ids)),
    lit(true),
    lit(null, o.optional),
    fn('[the id as a string]', (ids) => [String(real(ids))]),
    lit([1.5]),
    lit([-1]),
    lit([2 ** 31]),
    lit([1e300]),
    lit([null]),
    lit([{}]),
  ];
}

function obj(optional = false): Case[] {
  return [lit([]), lit([{}]), lit('x'), lit(5), lit(true), lit(null, optional)];
}

/** page {start, limit, sort}; `sort: 'either'` where the call documents no sort or imposes its own */
function page(sort: 'refuse' | 'either' = 'refuse'): Probe[] {
  const e = sort === 'either';
  return [
    { path: 'page', cases: [lit([]), lit('x'), lit(5), lit(true), lit(null, true)] },
    {
      path: 'page.start',
      name: 'page.start',
      cases: [lit('0'), lit(-1), lit(1.5), lit(1e300), lit(true), lit([0]), lit({}), lit(null, true), lit(2 ** 31, true), lit(Number.MAX_SAFE_INTEGER, true)],
    },
    { path: 'page.limit', name: 'page.limit', cases: [lit('10'), lit(-1), lit(1.5), lit(1e300), lit(true), lit([10]), lit({}), lit(null, true)] },
    {
      path: 'page.sort',
      name: 'page.sort',
      cases: [lit(5, e), lit(['id'], e), lit({}, e), lit(true, e), lit('no_such_field', e), lit('-no_such_field', e)],
    },
  ];
}

/** fields: an array of field names; an unknown name may be refused or ignored (bk-cmdb ignores it) */
function fields(): Probe {
  return { path: 'fields', cases: [lit('bk_x'), lit({}), lit(5), lit(true), lit([5]), lit([null]), lit([['a']]), lit(null, true), lit(['no_such_field'], true)] };
}

/** a required, non-empty list of field names (the batch reads) */
function requiredFields(path: string): Probe {
  return { path, cases: [lit('bk_x'), lit({}), lit(5), lit(true), lit([5]), lit([null]), lit([['a']]), lit(null), lit([]), lit(['no_such_field'])] };
}

/** condition {field: value | {$op: value}} of the instance searches */
function condition(numField: string, numRef: Ref, strField: string, long: 'refuse' | 'either'): Probe[] {
  const real = refOf(numRef);
  return [
    { path: 'condition', cases: [lit([]), lit('x'), lit(5), lit(true), lit(null, true)] },
    {
      path: `condition.${numField}`,
      cases: [
        fn('the id as a string', (ids) => String(real(ids))),
        lit(true),
        lit(1.5),
        lit(2 ** 31),
        lit(1e300),
        // an operator object naming no operator is no filter at all: refuse it rather than answer everything
        lit({}),
        lit([[1]]),
        lit({ $in: 5 }),
        lit({ $gt: 'x' }),
        lit({ $bogus: 1 }),
      ],
    },
    {
      path: `condition.${strField}`,
      cases: [lit(5), lit(true), lit([5]), lit({}), lit({ $regex: 5 }), lit({ $in: 'x' }), lit(LONG, long === 'either')],
    },
    { path: 'condition.no_such_field', name: 'no_such_field', cases: [lit('x', true)] },
  ];
}

/** a QueryBuilder filter whose base has one rule on a text field */
function queryFilter(where: string, long: 'refuse' | 'either'): Probe[] {
  return [
    { path: where, cases: [lit([]), lit('x'), lit(5), lit(true), lit(null, true)] },
    { path: `${where}.condition`, name: 'condition', cases: [lit(5), lit('and'), lit('XOR'), lit(null), lit(['AND'])] },
    { path: `${where}.rules`, name: 'rules', cases: [lit({}), lit('x'), lit(5), lit(true), lit(null)] },
    { path: `${where}.rules.0`, name: 'rules[0]', cases: [lit('x'), lit(5), lit([]), lit(null), lit(true)] },
    { path: `${where}.rules.0.field`, name: 'field', cases: [lit(5), lit(null), lit(['bk_host_id']), lit('no_such_field')] },
    { path: `${where}.rules.0.operator`, name: 'operator', cases: [lit(5), lit(null), lit('bogus'), lit(['equal'])] },
    { path: `${where}.rules.0.value`, name: 'value', cases: [lit(5), lit(true), lit([]), lit({}), lit(null), lit(LONG, long === 'either')] },
  ];
}

/** time_condition {oper: "and", rules: [{field, start, end}]} with one rule on create_time in the base */
function timeCondition(): Probe[] {
  return [
    { path: 'time_condition', cases: [lit([]), lit('x'), lit(5), lit(true), lit(null, true)] },
    { path: 'time_condition.oper', name: 'oper', cases: [lit(5), lit('or'), lit(null), lit(['and'])] },
    { path: 'time_condition.rules', name: 'rules', cases: [lit({}), lit('x'), lit(5), lit(null), lit([])] },
    { path: 'time_condition.rules.0', name: 'rules[0]', cases: [lit('x'), lit(5), lit(null), lit([]), lit(true)] },
    { path: 'time_condition.rules.0.field', name: 'field', cases: [lit(5), lit(null), lit(['create_time']), lit('no_such_field'), lit('bk_set_name')] },
    { path: 'time_condition.rules.0.start', name: 'start', cases: [lit(5), lit(true), lit([]), lit({}), lit('not a time'), lit(null)] },
    // an end before the start is refused too
    { path: 'time_condition.rules.0.end', name: 'end', cases: [lit(5), lit(true), lit('2026-13-45 99:99:99'), lit('2000-01-01 00:00:00'), lit(null)] },
  ];
}
/** bk-cmdb's page.enable_count of the business-set lists */
const enableCount: Probe = { path: 'page.enable_count', name: 'page.enable_count', cases: [lit('true'), lit(1), lit([true]), lit({}), lit(null, true)] };
const timeRange = { oper: 'and', rules: [{ field: 'create_time', start: '2020-01-01 00:00:00', end: '2099-12-31 23:59:59' }] };

/** set_cond / module_cond: [{field, operator: "$eq" | "$ne", value}] with a text field in the base */
function topoCond(where: string): Probe[] {
  return [
    { path: where, cases: [lit({}), lit('x'), lit(5), lit(true), lit([5]), lit(null, true)] },
    { path: `${where}.0.field`, name: 'field', cases: [lit(5), lit(null), lit('no_such_field')] },
    { path: `${where}.0.operator`, name: 'operator', cases: [lit(5), lit('$gt'), lit(null)] },
    { path: `${where}.0.value`, name: 'value', cases: [lit(5), lit(true), lit([]), lit({}), lit(LONG, true)] },
  ];
}

/** bk_host_id as update_host and delete_host take it: "1,2" (a number or an array of ids also work) */
function hostIdText(ref: Ref): Case[] {
  const real = refOf(ref);
  return [
    lit(true),
    lit({}),
    lit(null),
    lit(''),
    lit('a,b'),
    lit('1.5'),
    lit('-1'),
    lit(String(2 ** 31)),
    lit(1.5),
    lit(-1),
    lit(2 ** 31),
    lit([1.5]),
    fn('[the id as a string]', (ids) => [String(real(ids))]),
    lit(LONG),
  ];
}

/** a model attribute inside data: int */
const intAttr = (optional = true): Case[] => [lit('5'), lit(1.5), lit(true), lit([5]), lit({}), lit(2 ** 31), lit(1e300), lit(null, optional)];
/** a model attribute inside data: text, 5,000 characters beyond every text attribute's limit */
const textAttr = (optional = true): Case[] => [lit(5), lit(true), lit(['a']), lit({}), lit(LONG), lit(null, optional)];

const AUDIT_CONDITION: Probe[] = [
  { path: 'condition', cases: obj(true) },
  { path: 'condition.bk_biz_id', cases: int('biz', { optional: true }) },
  { path: 'condition.resource_type', cases: [lit(5), lit(true), lit({}), lit([5]), lit(null, true), lit(LONG, true)] },
  { path: 'condition.action', cases: [lit(5), lit(true), lit({}), lit([5]), lit(null, true)] },
  { path: 'condition.user', cases: [lit(5), lit(true), lit(['admin']), lit({}), lit(null, true), lit(LONG, true)] },
  { path: 'condition.resource_name', cases: [lit(5), lit(true), lit(['set-a']), lit({}), lit(null, true), lit(LONG, true)] },
  // an integer id, or the text id of a data center or dynamic group
  { path: 'condition.resource_id', cases: int('set', { optional: true }).map((c) => (c.label === 'the id as a string' ? { ...c, lenient: true } : c)) },
  { path: 'condition.operation_time', cases: obj(true) },
  { path: 'condition.operation_time.start', name: 'start', cases: [lit(5), lit(true), lit([]), lit({}), lit('not a time'), lit(LONG)] },
  { path: 'condition.operation_time.end', name: 'end', cases: [lit(5), lit(true), lit([]), lit({}), lit('2026-13-45 99:99:99')] },
];
const auditCondition = (ids: Ids) => ({
  bk_biz_id: ids.biz,
  resource_type: 'set',
  action: ['create', 'update'],
  user: 'admin',
  resource_name: 'set-a',
  resource_id: ids.set,
  operation_time: { start: '2020-01-01 00:00:00', end: '2099-12-31 23:59:59' },
});

const hostFilter = { condition: 'AND', rules: [{ field: 'bk_host_innerip', operator: 'begins_with', value: '10.' }] };
const setFilter = { condition: 'AND', rules: [{ field: 'bk_set_name', operator: 'equal', value: 'set-a' }] };
const moduleFilter = { condition: 'OR', rules: [{ field: 'bk_module_name', operator: 'equal', value: 'mod-a' }] };
const hostPage = { start: 0, limit: 10, sort: 'bk_host_id' };

const listBizHostsProbes: Probe[] = [
  { path: 'bk_biz_id', cases: int('biz') },
  { path: 'bk_set_ids', cases: idList('set', { optional: true }) },
  { path: 'bk_module_ids', cases: idList('module', { optional: true }) },
  ...queryFilter('host_property_filter', 'refuse'),
  ...queryFilter('set_property_filter', 'either'),
  ...queryFilter('module_property_filter', 'either'),
  fields(),
  ...page(),
];
const listBizHostsByCondProbes: Probe[] = [...topoCond('set_cond'), ...topoCond('module_cond')];
const listBizHostsBase = (ids: Ids): Body => ({
  bk_biz_id: ids.biz,
  bk_set_ids: [ids.set],
  bk_module_ids: [ids.module],
  host_property_filter: hostFilter,
  set_property_filter: setFilter,
  module_property_filter: moduleFilter,
  fields: ['bk_host_id', 'bk_host_innerip'],
  page: hostPage,
});
const listBizHostsByCondBase = (ids: Ids): Body => ({
  bk_biz_id: ids.biz,
  set_cond: [{ field: 'bk_set_name', operator: '$eq', value: 'set-a' }],
  module_cond: [{ field: 'bk_module_name', operator: '$ne', value: 'mod-x' }],
});

/** a dynamic group's rule, and its probes */
const groupRule = (ids: Ids) => ({ condition: [{ bk_obj_id: 'host', condition: [{ field: 'bk_host_id', operator: '$eq', value: ids.h2 }] }] });
const groupRuleProbes = (optional = false): Probe[] => [
  { path: 'info', cases: [lit([]), lit('x'), lit(5), lit(null, optional), lit({})] },
  { path: 'info.condition', name: 'info.condition', cases: [lit({}), lit('x'), lit(5), lit([5]), lit([])] },
  { path: 'info.condition.0.bk_obj_id', name: 'bk_obj_id', cases: [lit(5), lit('biz'), lit(null), lit(['host'])] },
  { path: 'info.condition.0.condition', name: 'condition', cases: [lit({}), lit([]), lit(null), lit([5])] },
  { path: 'info.condition.0.condition.0.field', name: 'field', cases: [lit(5), lit(null), lit('no_such_field')] },
  { path: 'info.condition.0.condition.0.operator', name: 'operator', cases: [lit(5), lit(null), lit('$like')] },
  { path: 'info.condition.0.condition.0.value', name: 'value', cases: [fn('the id as a string', (ids) => String(ids.h2)), lit(true), lit(1.5), lit([1]), lit({}), lit(null)] },
];
const groupIdProbe: Probe = { path: 'id', cases: [lit(5), lit(null), lit(''), lit('no-such-group'), lit(['x']), lit({})] };

const ATTRIBUTE_DEFINITION: Probe[] = [
  { path: 'bk_property_name', cases: str({ optional: true, long: 'refuse' }) },
  { path: 'bk_property_group', cases: str({ optional: true, long: 'refuse' }) },
  { path: 'option', cases: [lit('x'), lit(5), lit(true), lit(['a']), lit(null, true)] },
  { path: 'option.min', name: 'min', cases: [lit('x'), lit(true), lit([0]), lit({}), lit(1.5)] },
  { path: 'option.max', name: 'max', cases: [lit('x'), lit(true), lit([0]), lit({}), lit(1.5)] },
  { path: 'default', cases: [lit('x'), lit(1.5), lit(true), lit([5]), lit({}), lit(null, true)] },
  { path: 'isrequired', cases: bool() },
  { path: 'editable', cases: bool() },
  { path: 'isreadonly', cases: bool() },
  { path: 'ismultiple', cases: bool() },
  { path: 'unit', cases: str({ optional: true, long: 'refuse' }) },
  { path: 'placeholder', cases: str({ optional: true, long: 'refuse' }) },
  { path: 'description', cases: str({ optional: true, long: 'refuse' }) },
  // read by the handler (fromWire) though not declared among the call's parameters
  { path: 'bk_property_index', cases: [lit('5'), lit(1.5), lit(true), lit([5]), lit({}), lit(null, true)] },
];

/** ids 1..n: a list one longer than a call takes */
const manyIds = (n: number): Case => fn(`${n} ids`, () => Array.from({ length: n }, (_, i) => i + 1));
/** a list id of the fixture beside one that names nothing: refused whole, nothing written */
const withMissing = (ref: Ref): Case => fn('[id, a missing id]', (ids) => [ids[ref], 2 ** 31 - 1]);

const bindRow = { enable: true, ip: '2', port: '80', protocol: '1', template_row_id: 1 };
const processInfo = (n: number) => ({ bk_process_name: `probe-proc-${n}`, bk_func_name: 'probe', start_cmd: './probe', user: 'probe', proc_num: 1, auto_start: false, bind_info: [bindRow] });

/** a process's bind_info at `where`, its base one enabled row {enable: true, ip: "2", port: "80", protocol: "1", template_row_id: 1} */
function bindInfoProbes(where: string): Probe[] {
  return [
    {
      path: where,
      cases: [
        lit({}),
        lit('x'),
        lit(5),
        lit(true),
        lit([5]),
        lit([null]),
        lit(null, true),
        fn('101 rows', () => Array.from({ length: 101 }, (_, i) => ({ enable: false, protocol: '1', template_row_id: i + 1 }))),
      ],
    },
    { path: `${where}.0.enable`, name: 'enable', cases: bool() },
    // an enabled row needs its ip and port
    { path: `${where}.0.ip`, name: 'ip', cases: [lit(2), lit(true), lit(['2']), lit({}), lit('localhost'), lit('256.0.0.1'), lit('5'), lit(''), lit(null), lit(LONG)] },
    { path: `${where}.0.port`, name: 'port', cases: [lit(80), lit(true), lit(['80']), lit({}), lit('0'), lit('65536'), lit('90-80'), lit('80-'), lit('http'), lit(''), lit(null), lit(LONG)] },
    { path: `${where}.0.protocol`, name: 'protocol', cases: [lit(1), lit(true), lit(['1']), lit({}), lit('tcp'), lit('3'), lit(null, true)] },
    { path: `${where}.0.template_row_id`, name: 'template_row_id', cases: [lit('1'), lit(1.5), lit(-1), lit(true), lit([1]), lit({}), lit(1e300), lit(null, true)] },
    // a second row with the first one's row id
    { path: `${where}.1`, name: 'template_row_id', cases: [lit({ enable: false, protocol: '1', template_row_id: 1 })] },
  ];
}

/** a process's own fields at `where` (process_info of the create calls, an entry of update_process_instance) */
function processFieldProbes(where: string, unknownField: 'refuse' | 'either'): Probe[] {
  return [
    { path: `${where}.bk_process_name`, name: 'bk_process_name', cases: textAttr(false) },
    { path: `${where}.bk_func_name`, name: 'bk_func_name', cases: textAttr(false) },
    { path: `${where}.start_cmd`, name: 'start_cmd', cases: textAttr() },
    { path: `${where}.user`, name: 'user', cases: textAttr() },
    { path: `${where}.proc_num`, name: 'proc_num', cases: [...intAttr(), lit(0), lit(10001)] },
    { path: `${where}.bk_start_check_secs`, name: 'bk_start_check_secs', cases: [...intAttr(), lit(0), lit(601)] },
    { path: `${where}.auto_start`, name: 'auto_start', cases: bool() },
    // not an attribute of the process: ignored (and reported) unless the server is strict; update_process_instance refuses it
    { path: `${where}.no_such_field`, name: 'no_such_field', cases: [lit('x', unknownField === 'either')] },
    ...bindInfoProbes(`${where}.bind_info`),
  ];
}

/** the processes of a new service instance (or of create_process_instance) at `where`: [{process_template_id: 0, process_info}] */
function newProcessesProbes(where: string, optional: boolean): Probe[] {
  return [
    {
      path: where,
      cases: [
        lit({}),
        lit('x'),
        lit(5),
        lit(true),
        lit([5]),
        lit(null, optional),
        lit([], optional),
        fn('101 processes', (ids) => Array.from({ length: 101 }, (_, i) => ({ process_info: processInfo(ids.si * 1000 + i) }))),
      ],
    },
    { path: `${where}.0`, name: `${where.split('.').pop()}[0]`, cases: [lit('x'), lit(5), lit(null), lit([]), lit(true)] },
    // no process template outside a service template: 0 or nothing
    { path: `${where}.0.process_template_id`, name: 'process_template_id', cases: [lit('0'), lit(1.5), lit(true), lit([0]), lit({}), lit(-1), lit(7), lit(2 ** 31), lit(null, true)] },
    { path: `${where}.0.process_info`, name: 'process_info', cases: obj() },
    ...processFieldProbes(`${where}.0.process_info`, 'either'),
  ];
}

/** numbers the aliases of the new templates the probes make */
let aliases = 0;
/** a process template's field: {value, as_default_value} */
const cell = (value: unknown, asDefault = true) => ({ value, as_default_value: asDefault });
/** a process template's bind_info: one enabled row, as the process's base row */
const tplBindInfo = { value: [{ enable: cell(true), ip: cell('2'), port: cell('80'), protocol: cell('1'), row_id: 1 }], as_default_value: true };
/** a process template's spec (or a full process_property) */
const tplSpec = (name: string) => ({
  bk_process_name: cell(name),
  bk_func_name: cell('probe'),
  start_cmd: cell('./probe'),
  user: cell('probe', false),
  proc_num: cell(1, false),
  auto_start: cell(false, false),
  bind_info: tplBindInfo,
});

/**
 * A template field {value, as_default_value} whose base value is `good`: the bare value (not a cell) and other
 * non-objects, each value of `bad` as a cell's value, and as_default_value not a boolean (null reads as false).
 * `nullCell`: a null cell is read as the field left out, like a row's null enable or protocol.
 */
function cellCases(good: unknown, bad: unknown[], o: { nullCell?: boolean } = {}): Case[] {
  return [
    lit(good),
    lit([cell(good)]),
    lit('x'),
    lit(5),
    lit(null, o.nullCell),
    ...bad.map((v) => lit(cell(v))),
    lit({ value: good, as_default_value: 'true' }),
    lit({ value: good, as_default_value: 1 }),
    lit({ value: good, as_default_value: [true] }),
    lit({ value: good, as_default_value: null }, true),
  ];
}

/**
 * the alias and the process name: required, always the template's whatever as_default_value says; `good` makes a
 * valid value (a fresh alias for a new template, which must be unique in its service template)
 */
const tplNameCases = (good: () => string): Case[] => [
  fn('the bare value', good),
  fn('[{value, as_default_value}]', () => [cell(good())]),
  lit('x'),
  lit(5),
  lit(null),
  // a missing, an empty, a too-long value, and values of the wrong type
  lit({ as_default_value: true }),
  lit(cell(null)),
  lit(cell('')),
  lit(cell(LONG)),
  lit(cell(5)),
  lit(cell(true)),
  lit(cell(['probe'])),
  lit(cell({})),
  fn('{value, as_default_value: "true"}', () => ({ value: good(), as_default_value: 'true' })),
  fn('{value, as_default_value: 1}', () => ({ value: good(), as_default_value: 1 })),
  fn('{value, as_default_value: null}', () => ({ value: good(), as_default_value: null }), true),
];

/**
 * a process template's fields at `where` (processes.0.spec, process_property); `strict`: an unknown field is
 * refused; `alias`: a valid bk_process_name
 */
function tplFieldProbes(where: string, strict: boolean, alias: () => string): Probe[] {
  const bind = `${where}.bind_info`;
  const row = `${bind}.value.0`;
  return [
    { path: `${where}.bk_process_name`, name: 'bk_process_name', cases: tplNameCases(alias) },
    { path: `${where}.bk_func_name`, name: 'bk_func_name', cases: tplNameCases(() => 'probe') },
    { path: `${where}.start_cmd`, name: 'start_cmd', cases: cellCases('./probe', [5, true, ['./probe'], {}, LONG]) },
    { path: `${where}.user`, name: 'user', cases: cellCases('probe', [5, true, ['probe'], {}, LONG]) },
    { path: `${where}.proc_num`, name: 'proc_num', cases: cellCases(1, ['5', 1.5, true, [5], {}, 0, 10001, 2 ** 31, 1e300]) },
    { path: `${where}.bk_start_check_secs`, name: 'bk_start_check_secs', cases: cellCases(5, ['5', 1.5, 0, 601]) },
    { path: `${where}.auto_start`, name: 'auto_start', cases: cellCases(false, ['true', 1, [true], {}]) },
    // not a process field: dropped (and reported) unless the call is strict
    { path: `${where}.no_such_field`, name: 'no_such_field', cases: [lit(cell('x'), !strict)] },
    // the whole list is the template's or not: one cell {value: rows, as_default_value}
    {
      path: bind,
      name: 'bind_info',
      cases: [
        lit([bindRow]),
        lit('x'),
        lit(5),
        lit(true),
        lit(null),
        lit({ value: tplBindInfo.value, as_default_value: 'true' }),
        lit({ value: tplBindInfo.value, as_default_value: 1 }),
      ],
    },
    {
      path: `${bind}.value`,
      name: 'bind_info.value',
      cases: [
        lit({}),
        lit('x'),
        lit(5),
        lit(true),
        lit([5]),
        lit([null]),
        lit(null, true),
        fn('101 rows', () => Array.from({ length: 101 }, (_, i) => ({ enable: cell(false), protocol: cell('1'), row_id: i + 1 }))),
      ],
    },
    { path: `${row}.enable`, name: 'enable', cases: cellCases(true, ['true', 1, [true], {}], { nullCell: true }) },
    // an enabled row needs its ip and port
    { path: `${row}.ip`, name: 'ip', cases: cellCases('2', [2, true, ['2'], {}, 'localhost', '256.0.0.1', '5', '', null, LONG]) },
    { path: `${row}.port`, name: 'port', cases: cellCases('80', [80, true, ['80'], {}, '0', '65536', '90-80', '80-', 'http', '', null, LONG]) },
    { path: `${row}.protocol`, name: 'protocol', cases: cellCases('1', [1, true, ['1'], {}, 'tcp', '3'], { nullCell: true }) },
    // absent or null: numbered after the largest
    { path: `${row}.row_id`, name: 'row_id', cases: [lit('1'), lit(1.5), lit(-1), lit(true), lit([1]), lit({}), lit(1e300), lit(null, true)] },
    // a second row with the first one's row id
    { path: `${bind}.value.1`, name: 'row_id', cases: [lit({ enable: cell(false), protocol: cell('1'), row_id: 1 })] },
  ];
}

/** label selectors: [{key, operator, values}] */
const selectorsProbe: Probe = {
  path: 'selectors',
  cases: [lit({}), lit('x'), lit(5), lit(true), lit([5]), lit([{ key: 'env', operator: '=', values: ['prod'] }], true), lit(null, true), lit([], true), manySelectors(21)],
};
/** selectors[0]'s key, operator and values */
const selectorProbes: Probe[] = [
  { path: 'selectors', cases: [lit([{ key: 'env', operator: '=', values: ['prod'] }], true)] },
  { path: 'selectors.0', name: 'selectors[0]', cases: [lit('x'), lit(5), lit(null), lit([])] },
  { path: 'selectors.0.key', name: 'selectors[0].key', cases: [lit(5), lit(null), lit(''), lit('9env'), lit('env-'), lit('k'.repeat(64)), lit(['env'])] },
  { path: 'selectors.0.operator', name: 'selectors[0].operator', cases: [lit('like'), lit(5), lit(null), lit('EXISTS')] },
  { path: 'selectors.0.values', name: 'selectors[0].values', cases: [lit('prod'), lit([]), lit(['a', 'b']), lit([5]), lit(['no spaces']), lit([null])] },
];
function manySelectors(n: number): Case {
  return fn(`${n} selectors`, () => Array.from({ length: n }, () => ({ key: 'env', operator: 'exists' })));
}
/** label maps: {key: value} */
const labelCases: Case[] = [
  lit('env=prod'), lit(5), lit(true), lit([]), lit(['env']), lit({}),
  lit({ '9lives': 'x' }), lit({ env: 'no spaces' }), lit({ env: 5 }), lit({ env: null }), lit({ env: '' }), lit({ ['k'.repeat(64)]: 'x' }), lit({ env: 'v'.repeat(64) }),
  fn('101 labels', () => Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 'v']))),
];

// --- the table ----------------------------------------------------------------------------------------------

const TABLE: Entry[] = [
  // cloud areas
  {
    call: 'create_cloud_area',
    base: (_ids, n) => ({ bk_cloud_name: `probe-cloud-${n}` }),
    probes: [
      { path: 'bk_cloud_name', cases: str({ long: 'refuse' }) },
      { path: 'bk_cloud_vendor', cases: enumStr('1') },
      { path: 'bk_account_id', cases: [...intAttr(), lit(-(2 ** 31) - 1)] },
    ],
  },
  {
    call: 'search_cloud_area',
    base: () => ({ condition: { bk_cloud_name: 'cloud' }, is_fuzzy: true, fields: ['bk_cloud_id', 'bk_cloud_name'], page: { start: 0, limit: 10, sort: 'bk_cloud_id' } }),
    probes: [...condition('bk_cloud_id', 'cloud', 'bk_cloud_name', 'refuse'), { path: 'is_fuzzy', cases: bool() }, fields(), ...page()],
  },
  {
    call: 'update_cloud_area',
    base: (ids, n) => ({ bk_cloud_id: ids.cloud, bk_cloud_name: `cloud-a-${n}`, bk_cloud_vendor: '1', bk_region: 'east' }),
    probes: [
      { path: 'bk_cloud_id', cases: int('cloud') },
      { path: 'bk_cloud_name', cases: str({ optional: true, long: 'refuse' }) },
      { path: 'bk_cloud_vendor', cases: enumStr('1') },
      { path: 'bk_region', cases: str({ optional: true, long: 'refuse' }) },
      // a plat attribute the call takes beside its documented ones
      { path: 'bk_account_id', cases: [...intAttr(), lit(-(2 ** 31) - 1)] },
    ],
  },
  { call: 'delete_cloud_area', base: (ids) => ({ bk_cloud_id: ids.cloudVictim }), probes: [{ path: 'bk_cloud_id', cases: int('cloudVictim') }] },

  // businesses
  {
    call: 'create_business',
    base: (_ids, n) => ({ data: { bk_biz_name: `probe-biz-${n}`, bk_biz_maintainer: 'admin', time_zone: 'Asia/Shanghai', language: '1', life_cycle: '2' } }),
    probes: [
      { path: 'data', cases: obj() },
      { path: 'data.bk_biz_name', cases: textAttr(false) },
      { path: 'data.bk_biz_maintainer', cases: textAttr(false) },
      { path: 'data.time_zone', cases: [lit(8), lit(true), lit(['Asia/Shanghai']), lit({}), lit('Mars/Olympus_Mons'), lit(LONG), lit(null, true)] },
      { path: 'data.language', cases: enumStr('1') },
      { path: 'data.life_cycle', cases: enumStr('2') },
    ],
  },
  {
    call: 'search_business',
    base: () => ({ condition: { bk_biz_name: 'probe' }, fields: ['bk_biz_id', 'bk_biz_name'], page: { start: 0, limit: 10, sort: '-bk_biz_id' } }),
    probes: [
      ...condition('bk_biz_id', 'biz', 'bk_biz_name', 'refuse'),
      { path: 'condition.bk_biz_maintainer', cases: [lit(5), lit(true), lit([5]), lit({ $regex: 5 }), lit(LONG)] },
      fields(),
      ...page(),
    ],
  },
  {
    call: 'search_business',
    variant: 'by biz_property_filter / time_condition',
    base: () => ({ biz_property_filter: { condition: 'AND', rules: [{ field: 'bk_biz_name', operator: 'begins_with', value: 'probe' }] }, time_condition: timeRange }),
    probes: [...queryFilter('biz_property_filter', 'refuse'), ...timeCondition()],
  },
  {
    call: 'update_business',
    base: (ids) => ({ bk_biz_id: ids.biz, data: { life_cycle: '1' } }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'data', cases: obj() },
      { path: 'data.life_cycle', cases: enumStr('1') },
      { path: 'data.bk_biz_name', cases: textAttr(false) },
      { path: 'data.bk_biz_developer', cases: textAttr() },
    ],
  },
  {
    call: 'update_business_enable_status',
    base: (ids) => ({ bk_biz_id: ids.bizToArchive, flag: 'disabled' }),
    probes: [
      { path: 'bk_biz_id', cases: int('bizToArchive') },
      { path: 'flag', cases: [...str(), lit('archive'), lit(LONG)] },
    ],
  },
  { call: 'delete_business', base: (ids) => ({ bk_biz_id: ids.bizArchived }), probes: [{ path: 'bk_biz_id', cases: int('bizArchived') }] },

  // sets
  {
    call: 'create_set',
    base: (ids, n) => ({
      bk_biz_id: ids.biz,
      data: { bk_parent_id: ids.biz, bk_set_name: `probe-set-${n}`, bk_capacity: 10, description: 'd', bk_set_desc: 'front', bk_set_env: '3', bk_service_status: '1' },
    }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'data', cases: obj() },
      { path: 'data.bk_parent_id', cases: [fn('the id as a string', (ids) => String(ids.biz)), lit(1.5), lit(-1), lit(true), lit([1]), lit({}), lit(2 ** 31), lit(1e300), lit(null)] },
      { path: 'data.bk_set_name', cases: textAttr(false) },
      { path: 'data.default', cases: [lit('0'), lit(1.5), lit(true), lit([0]), lit({}), lit(1), lit(-1), lit(2 ** 31), lit(1e300)] },
      { path: 'data.set_template_id', cases: [fn('the id as a string', (ids) => String(ids.tpl)), lit(1.5), lit(true), lit([1]), lit({}), lit(-1), lit(2 ** 31), lit(1e300), lit(null, true)] },
      { path: 'data.bk_capacity', cases: [...intAttr(), lit(-1)] },
      { path: 'data.description', cases: textAttr() },
      { path: 'data.bk_set_desc', cases: textAttr() },
      { path: 'data.bk_set_env', cases: enumStr('3') },
      { path: 'data.bk_service_status', cases: enumStr('1') },
    ],
  },
  {
    call: 'search_set',
    base: (ids) => ({ bk_biz_id: ids.biz, condition: { bk_set_env: '3' }, fields: ['bk_set_id', 'bk_set_name'], page: { start: 0, limit: 50, sort: 'bk_set_name' } }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      ...condition('bk_set_id', 'set', 'bk_set_name', 'either'),
      { path: 'condition.bk_set_env', cases: [lit(3), lit(true), lit([3]), lit({ $in: '3' })] },
      fields(),
      ...page(),
    ],
  },
  {
    call: 'search_set',
    variant: 'by filter / time_condition',
    base: (ids) => ({ bk_biz_id: ids.biz, filter: setFilter, time_condition: timeRange }),
    probes: [...queryFilter('filter', 'either'), ...timeCondition()],
  },
  {
    call: 'update_set',
    base: (ids) => ({ bk_biz_id: ids.biz, bk_set_id: ids.set, data: { bk_set_desc: 'front' } }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_set_id', cases: int('set') },
      { path: 'data', cases: obj() },
      { path: 'data.bk_set_desc', cases: textAttr() },
      { path: 'data.bk_capacity', cases: [...intAttr(), lit(-1)] },
      { path: 'data.bk_set_name', cases: textAttr(false) },
    ],
  },
  {
    call: 'delete_set',
    base: (ids) => ({ bk_biz_id: ids.biz, bk_set_id: ids.setVictim }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_set_id', cases: int('setVictim') },
    ],
  },
  {
    call: 'batch_delete_set',
    base: (ids) => ({ bk_biz_id: ids.biz, delete: { inst_ids: [ids.setVictim2] } }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'delete', cases: obj() },
      { path: 'delete.inst_ids', name: 'inst_ids', cases: idList('setVictim2') },
    ],
  },

  // modules
  {
    call: 'create_module',
    base: (ids, n) => ({
      bk_biz_id: ids.biz,
      bk_set_id: ids.set,
      data: { bk_parent_id: ids.set, bk_module_name: `probe-mod-${n}`, bk_module_type: '1', operator: 'admin', bk_bak_operator: 'admin', service_category_id: 2 },
    }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_set_id', cases: int('set') },
      { path: 'data', cases: obj() },
      { path: 'data.bk_parent_id', cases: [fn('the id as a string', (ids) => String(ids.set)), lit(1.5), lit(-1), lit(true), lit([1]), lit({}), lit(2 ** 31), lit(1e300), lit(null)] },
      { path: 'data.bk_module_name', cases: textAttr(false) },
      { path: 'data.bk_module_type', cases: enumStr('1') },
      { path: 'data.operator', cases: textAttr() },
      { path: 'data.bk_bak_operator', cases: textAttr() },
      { path: 'data.service_category_id', cases: [lit('2'), lit(1.5), lit(true), lit([2]), lit({}), lit(-1), lit(2 ** 31), lit(1e300), lit(null, true)] },
      { path: 'data.service_template_id', cases: [fn('the id as a string', (ids) => String(ids.st)), lit(1.5), lit(true), lit([1]), lit({}), lit(-1), lit(2 ** 31), lit(1e300), lit(null, true)] },
    ],
  },
  {
    call: 'search_module',
    base: (ids) => ({ bk_biz_id: ids.biz, bk_set_id: ids.set, condition: { bk_module_name: 'mod-a' }, fields: ['bk_module_id', 'bk_module_name'], page: { start: 0, limit: 50, sort: 'bk_module_id' } }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_set_id', cases: int('set', { optional: true }) },
      ...condition('bk_module_id', 'module', 'bk_module_name', 'either'),
      fields(),
      ...page(),
    ],
  },
  {
    call: 'search_module',
    variant: 'by filter / time_condition',
    base: (ids) => ({ bk_biz_id: ids.biz, filter: { condition: 'AND', rules: [{ field: 'bk_module_name', operator: 'equal', value: 'mod-a' }] }, time_condition: timeRange }),
    probes: [...queryFilter('filter', 'either'), ...timeCondition()],
  },
  {
    call: 'update_module',
    base: (ids) => ({ bk_biz_id: ids.biz, bk_set_id: ids.set, bk_module_id: ids.module, data: { operator: 'admin' } }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_set_id', cases: int('set') },
      { path: 'bk_module_id', cases: int('module') },
      { path: 'data', cases: obj() },
      { path: 'data.operator', cases: textAttr() },
      { path: 'data.bk_module_name', cases: textAttr(false) },
    ],
  },
  {
    call: 'delete_module',
    base: (ids) => ({ bk_biz_id: ids.biz, bk_set_id: ids.set, bk_module_id: ids.moduleVictim }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_set_id', cases: int('set') },
      { path: 'bk_module_id', cases: int('moduleVictim') },
    ],
  },

  // the tree
  {
    call: 'search_biz_inst_topo',
    base: (ids) => ({ bk_biz_id: ids.biz, level: -1 }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      // documented as accepted and ignored: any integer is fine, other types are not
      { path: 'level', cases: [lit('1'), lit(1.5), lit(true), lit([1]), lit({}), lit(null, true), lit(2 ** 31, true), lit(1e300, true)] },
    ],
  },
  // no parameters of its own
  { call: 'get_mainline_object_topo', base: () => ({}), probes: [] },
  {
    call: 'find_topo_node_paths',
    base: (ids) => ({ bk_biz_id: ids.biz, bk_nodes: [{ bk_obj_id: 'module', bk_inst_id: ids.module }] }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_nodes', cases: [lit({ bk_obj_id: 'set', bk_inst_id: 1 }), lit('x'), lit(5), lit(true), lit(null), lit([])] },
      { path: 'bk_nodes.0', name: 'bk_nodes[0]', cases: [lit('x'), lit(5), lit(null), lit([]), lit(true)] },
      { path: 'bk_nodes.0.bk_obj_id', name: 'bk_nodes[0].bk_obj_id', cases: [lit(5), lit(null), lit(['set']), lit('host'), lit('no_such_object')] },
      { path: 'bk_nodes.0.bk_inst_id', name: 'bk_nodes[0].bk_inst_id', cases: [lit('1'), lit(1.5), lit(-1), lit(2 ** 31), lit(1e300), lit(null), lit([1])] },
    ],
  },
  { call: 'get_biz_internal_module', base: (ids) => ({ bk_biz_id: ids.biz }), probes: [{ path: 'bk_biz_id', cases: int('biz') }] },
  { call: 'get_biz_brief_cache_topo', base: (ids) => ({ bk_biz_id: ids.biz }), probes: [{ path: 'bk_biz_id', cases: int('biz') }] },
  {
    call: 'find_biz_tree_brief_info',
    base: (ids) => ({ bk_biz_id: ids.biz, set_fields: ['bk_set_name'], module_fields: ['bk_module_name'], host_fields: ['bk_host_innerip'] }),
    probes: [{ path: 'bk_biz_id', cases: int('biz') }, requiredFields('set_fields'), requiredFields('module_fields'), requiredFields('host_fields')],
  },
  {
    call: 'find_brief_biz_topo_node_relation',
    base: (ids) => ({ src_biz_obj: 'biz', src_ids: [ids.biz], dest_biz_obj: 'set', page: { start: 0, limit: 10 } }),
    probes: [
      { path: 'src_biz_obj', cases: [...str(), lit('host'), lit('no_such_object')] },
      // "biz" is the source itself
      { path: 'dest_biz_obj', cases: [...str(), lit('biz'), lit('host'), lit('no_such_object')] },
      { path: 'src_ids', cases: [...idList('biz'), lit([])] },
      ...page('either'),
    ],
  },

  ...(['set', 'module'] as const).map(
    (obj): Entry => ({
      call: `find_${obj}_batch`,
      base: (ids) => ({ bk_biz_id: ids.biz, bk_ids: [ids[obj]], fields: [`bk_${obj}_name`] }),
      probes: [
        { path: 'bk_biz_id', cases: int('biz') },
        { path: 'bk_ids', cases: [...idList(obj), lit([])] },
        requiredFields('fields'),
      ],
    }),
  ),

  {
    call: 'find_module_with_relation',
    base: (ids) => ({ bk_biz_id: ids.biz, bk_set_ids: [ids.tplSet], bk_service_template_ids: [ids.st], fields: ['bk_module_name'], page: { start: 0, limit: 10 } }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_set_ids', cases: idList('tplSet', { optional: true }) },
      { path: 'bk_service_template_ids', cases: idList('st', { optional: true }) },
      requiredFields('fields'),
      ...page(),
    ],
  },

  // the model
  {
    call: 'create_object_attribute',
    base: (_ids, n) => ({
      bk_obj_id: 'set',
      bk_property_id: `probe_new_${n}`,
      bk_property_name: 'probe new',
      bk_property_type: 'int',
      bk_property_group: 'default',
      option: { min: 0, max: 100 },
      default: 5,
      isrequired: false,
      editable: true,
      isreadonly: false,
      ismultiple: false,
      unit: 'u',
      placeholder: 'p',
      description: 'd',
    }),
    probes: [
      { path: 'bk_obj_id', cases: [...str(), lit('no_such_object')] },
      { path: 'bk_property_id', cases: [...str({ long: 'refuse' }), lit('1bad')] },
      { path: 'bk_property_type', cases: [...str(), lit('no_such_type')] },
      ...ATTRIBUTE_DEFINITION.map((p) => (p.path === 'bk_property_name' ? { ...p, cases: str({ long: 'refuse' }) } : p)),
    ],
  },
  { call: 'search_classifications', base: () => ({}), probes: [] },
  {
    call: 'search_objects',
    base: () => ({ bk_obj_id: 'set', bk_obj_name: 'set', bk_classification_id: 'bk_biz_topo', creator: 'cc_system', modifier: '', obj_sort_number: 1, ispre: true, bk_ispaused: false }),
    probes: [
      { path: 'bk_obj_id', cases: str({ optional: true, long: 'either' }) },
      { path: 'bk_obj_name', cases: str({ optional: true, long: 'either' }) },
      { path: 'bk_classification_id', cases: str({ optional: true, long: 'either' }) },
      { path: 'creator', cases: str({ optional: true, long: 'either' }) },
      { path: 'modifier', cases: str({ optional: true, long: 'either' }) },
      { path: 'obj_sort_number', cases: [lit('1'), lit(1.5), lit(true), lit([1]), lit({}), lit(null, true)] },
      { path: 'ispre', cases: bool() },
      { path: 'bk_ispaused', cases: bool() },
    ],
  },
  {
    call: 'search_object_attribute',
    base: (ids) => ({ bk_obj_id: 'set', bk_property_id: 'probe_attr', id: ids.attr }),
    probes: [
      { path: 'bk_obj_id', cases: [lit(5), lit(true), lit(['set']), lit({}), lit('no_such_object'), lit(null, true)] },
      { path: 'bk_property_id', cases: [lit(5), lit(true), lit(['probe_attr']), lit({}), lit(null, true), lit(LONG, true)] },
      { path: 'id', cases: int('attr', { optional: true }) },
      { path: 'bk_biz_id', cases: int('biz', { optional: true }) },
    ],
  },
  {
    call: 'update_object_attribute',
    base: (ids, n) => ({ id: ids.attr, bk_property_name: `renamed ${n}`, option: { min: 0, max: 100 }, default: 5, isrequired: false, unit: 'u' }),
    probes: [{ path: 'id', cases: int('attr') }, ...ATTRIBUTE_DEFINITION],
  },
  {
    call: 'count_object_instances',
    base: () => ({ bk_obj_id: 'set', conditions: { condition: 'AND', rules: [{ field: 'bk_set_name', operator: 'begins_with', value: 'probe' }] }, time_condition: timeRange }),
    probes: [
      { path: 'bk_obj_id', cases: [lit(5), lit(true), lit(['set']), lit({}), lit('no_such_object'), lit('toString'), lit(''), lit(null)] },
      ...queryFilter('conditions', 'either'),
      ...timeCondition(),
    ],
  },
  {
    call: 'search_object_instances',
    base: () => ({
      bk_obj_id: 'module',
      conditions: { condition: 'AND', rules: [{ field: 'bk_module_name', operator: 'begins_with', value: 'mod' }] },
      time_condition: timeRange,
      fields: ['bk_module_name'],
      page: { start: 0, limit: 10, sort: 'bk_module_id' },
    }),
    probes: [
      { path: 'bk_obj_id', cases: [lit(5), lit(true), lit(['set']), lit({}), lit('no_such_object'), lit('toString'), lit(''), lit(null)] },
      ...queryFilter('conditions', 'either'),
      ...timeCondition(),
      fields(),
      ...page().map((p) => (p.path === 'page' ? { ...p, cases: [lit([]), lit('x'), lit(5), lit(true), lit(null)] } : p)),
    ],
  },
  {
    call: 'search_inst_by_object',
    base: (ids) => ({ bk_obj_id: 'set', condition: { bk_set_id: ids.set, bk_set_name: 'probe' }, fields: ['bk_set_name'], page: { start: 0, limit: 10, sort: 'bk_set_name' } }),
    probes: [
      { path: 'bk_obj_id', cases: [lit(5), lit(true), lit(['set']), lit({}), lit('no_such_object'), lit('toString'), lit(''), lit(null)] },
      ...condition('bk_set_id', 'set', 'bk_set_name', 'either'),
      fields(),
      ...page(),
    ],
  },
  { call: 'delete_object_attribute', base: (ids) => ({ id: ids.attrVictim }), probes: [{ path: 'id', cases: int('attrVictim') }] },

  // the audit
  {
    call: 'list_operation_audit',
    base: (ids) => ({ condition: auditCondition(ids), page: { start: 0, limit: 20, sort: '-operation_time' } }),
    probes: [...AUDIT_CONDITION, ...page()],
  },
  {
    call: 'search_inst_audit',
    base: (ids) => ({ bk_obj_id: 'set', condition: auditCondition(ids), page: { start: 0, limit: 20 } }),
    probes: [{ path: 'bk_obj_id', cases: [...str(), lit('no_such_object')] }, ...AUDIT_CONDITION, ...page()],
  },
  { call: 'find_audit_by_id', base: (ids) => ({ id: [ids.audit] }), probes: [{ path: 'id', cases: idList('audit') }] },

  // service categories
  { call: 'list_service_category', base: (ids) => ({ bk_biz_id: ids.biz }), probes: [{ path: 'bk_biz_id', cases: int('biz') }] },
  {
    call: 'create_service_category',
    base: (ids, n) => ({ bk_biz_id: ids.biz, name: `probe_cat_${n}`, bk_parent_id: 0 }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'name', cases: str({ long: 'refuse' }) },
      { path: 'bk_parent_id', cases: int('catRoot', { optional: true }) },
      { path: 'parent_id', cases: int('catRoot', { optional: true }) },
    ],
  },
  {
    call: 'update_service_category',
    base: (ids, n) => ({ bk_biz_id: ids.biz, id: ids.cat, name: `probe_leaf_${n}` }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'id', cases: int('cat') },
      { path: 'name', cases: str({ long: 'refuse' }) },
    ],
  },
  {
    call: 'delete_service_category',
    base: (ids) => ({ bk_biz_id: ids.biz, id: ids.catVictim }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'id', cases: int('catVictim') },
    ],
  },

  // service templates
  {
    call: 'create_service_template',
    base: (ids, n) => ({ bk_biz_id: ids.biz, name: `probe-st-${n}`, service_category_id: ids.cat }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'name', cases: str({ long: 'refuse' }) },
      { path: 'service_category_id', cases: int('cat') },
    ],
  },
  {
    call: 'list_service_template',
    base: (ids) => ({ bk_biz_id: ids.biz, service_category_id: ids.cat, search: 'st', is_exact: false, page: { start: 0, limit: 10, sort: '-id' } }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'service_category_id', cases: int('cat', { optional: true }) },
      { path: 'search', cases: str({ optional: true, long: 'refuse' }) },
      { path: 'is_exact', cases: bool() },
      ...page(),
    ],
  },
  { call: 'get_service_template', base: (ids) => ({ service_template_id: ids.st }), probes: [{ path: 'service_template_id', cases: int('st') }] },
  {
    call: 'update_service_template',
    base: (ids, n) => ({ bk_biz_id: ids.biz, id: ids.st, name: `st-a-${n}`, service_category_id: ids.cat }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'id', cases: int('st') },
      { path: 'name', cases: str({ optional: true, long: 'refuse' }) },
      { path: 'service_category_id', cases: int('cat', { optional: true }) },
    ],
  },
  {
    call: 'delete_service_template',
    base: (ids) => ({ bk_biz_id: ids.biz, service_template_id: ids.stVictim }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'service_template_id', cases: int('stVictim') },
    ],
  },

  // set templates
  {
    call: 'create_set_template',
    base: (ids, n) => ({ bk_biz_id: ids.biz, name: `probe-tpl-${n}`, service_template_ids: [ids.st] }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'name', cases: str({ long: 'refuse' }) },
      { path: 'service_template_ids', cases: idList('st') },
    ],
  },
  {
    call: 'update_set_template',
    base: (ids, n) => ({ bk_biz_id: ids.biz, set_template_id: ids.tpl, name: `tpl-a-${n}`, service_template_ids: [ids.st] }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'set_template_id', cases: int('tpl') },
      { path: 'name', cases: str({ optional: true, long: 'refuse' }) },
      { path: 'service_template_ids', cases: idList('st', { optional: true }) },
    ],
  },
  {
    call: 'delete_set_template',
    base: (ids) => ({ bk_biz_id: ids.biz, set_template_ids: [ids.tplVictim] }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'set_template_ids', cases: idList('tplVictim') },
    ],
  },
  {
    call: 'list_set_template',
    base: (ids) => ({ bk_biz_id: ids.biz, set_template_ids: [ids.tpl], page: { start: 0, limit: 10, sort: 'id' } }),
    probes: [{ path: 'bk_biz_id', cases: int('biz') }, { path: 'set_template_ids', cases: idList('tpl', { optional: true }) }, ...page()],
  },
  {
    call: 'list_set_template_related_service_template',
    base: (ids) => ({ bk_biz_id: ids.biz, set_template_id: ids.tpl }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'set_template_id', cases: int('tpl') },
    ],
  },
  {
    call: 'list_set_template_sync_status',
    base: (ids) => ({ bk_biz_id: ids.biz, set_template_id: ids.tpl, bk_set_ids: [ids.tplSet] }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'set_template_id', cases: int('tpl') },
      { path: 'bk_set_ids', cases: idList('tplSet', { optional: true }) },
    ],
  },
  {
    call: 'sync_set_template_to_set',
    base: (ids) => ({ bk_biz_id: ids.biz, set_template_id: ids.tpl, bk_set_ids: [ids.tplSet] }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'set_template_id', cases: int('tpl') },
      { path: 'bk_set_ids', cases: idList('tplSet') },
    ],
  },

  // events
  {
    call: 'resource_watch',
    base: () => ({ bk_resource: 'set', bk_event_types: ['create', 'update'], bk_fields: ['bk_set_id', 'bk_set_name'], bk_start_from: 0, bk_filter: {} }),
    probes: [
      { path: 'bk_resource', cases: [...str(), lit('no_such_resource')] },
      { path: 'bk_filter', cases: [lit('x'), lit(5), lit(true), lit([1]), lit(null, true), lit({ bk_obj_id: 'host' })] },
      { path: 'bk_filter.bk_sub_resource', name: 'bk_sub_resource', cases: [lit('bk_switch'), lit(5), lit(['host']), lit(null, true)] },
      { path: 'bk_event_types', cases: [lit('create'), lit({}), lit(5), lit(true), lit([5]), lit(['bogus']), lit(null, true)] },
      { path: 'bk_fields', cases: [lit('bk_set_id'), lit({}), lit(5), lit(true), lit([5]), lit([null]), lit(null, true), lit(['no_such_field'], true)] },
      { path: 'bk_cursor', cases: [lit(5), lit(true), lit(['x']), lit({}), lit('not-a-cursor'), lit(LONG)] },
      { path: 'bk_start_from', cases: [lit('0'), lit(1.5), lit(-1), lit(1e300), lit(true), lit([0]), lit({}), lit(null, true), lit(2 ** 31, true), lit(Number.MAX_SAFE_INTEGER, true)] },
    ],
  },

  // hosts
  {
    call: 'add_host_to_resource',
    base: (_ids, n) => ({ host_info: { 0: { bk_host_innerip: `10.9.${Math.floor(n / 250)}.${n % 250}`, bk_cloud_id: 0, bk_host_name: 'probe' } } }),
    probes: [
      { path: 'host_info', cases: [lit('x'), lit(5), lit(true), lit(null), lit([]), lit({})] },
      { path: 'host_info.0', cases: [lit('x'), lit(5), lit(null), lit([]), lit(true)] },
      { path: 'host_info.0.bk_host_innerip', name: 'bk_host_innerip', cases: [...textAttr(false), lit('not-an-ip')] },
      { path: 'host_info.0.bk_cloud_id', name: 'bk_cloud_id', cases: [lit('0'), lit(1.5), lit(-1), lit(2 ** 31), lit(1e300), lit(true), lit([0]), lit({}), lit(null, true)] },
      { path: 'host_info.0.bk_host_name', name: 'bk_host_name', cases: textAttr() },
      { path: 'host_info.0.bk_cpu', name: 'bk_cpu', cases: [...intAttr(), lit(0)] },
      { path: 'bk_biz_id', cases: int('biz', { optional: true }) },
      { path: 'bk_module_id', cases: int('poolModule', { optional: true }) },
      { path: 'directory', cases: int('poolModule', { optional: true }) },
    ],
  },
  {
    call: 'add_host_to_resource_pool',
    base: (_ids, n) => ({ host_info: [{ bk_host_innerip: `10.6.${Math.floor(n / 250)}.${n % 250}`, bk_cloud_id: 0, bk_host_name: 'probe' }] }),
    probes: [
      { path: 'host_info', cases: [lit({ 0: { bk_host_innerip: '10.7.0.2', bk_cloud_id: 0 } }), lit('x'), lit(5), lit(true), lit(null), lit([])] },
      { path: 'host_info.0', name: 'host_info[0]', cases: [lit('x'), lit(5), lit(null), lit([]), lit(true)] },
      { path: 'host_info.0.bk_host_innerip', name: 'bk_host_innerip', cases: [...textAttr(false), lit('not-an-ip')] },
      // required here, unlike add_host_to_resource's
      { path: 'host_info.0.bk_cloud_id', name: 'bk_cloud_id', cases: [lit('0'), lit(1.5), lit(-1), lit(2 ** 31), lit(1e300), lit(true), lit([0]), lit({}), lit(null)] },
      { path: 'host_info.0.bk_cpu', name: 'bk_cpu', cases: [...intAttr(), lit(0)] },
      { path: 'directory', cases: int('poolModule', { optional: true }) },
    ],
  },
  {
    call: 'add_host_to_business_idle',
    base: (ids, n) => ({ bk_biz_id: ids.biz, bk_host_list: [{ bk_host_innerip: `10.8.${Math.floor(n / 250)}.${n % 250}`, bk_cloud_id: 0 }] }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_host_list', cases: [lit({ 0: { bk_host_innerip: '10.7.0.1' } }), lit('x'), lit(5), lit(true), lit(null), lit([])] },
      { path: 'bk_host_list.0', name: 'bk_host_list', cases: [lit('x'), lit(5), lit(null), lit([]), lit(true)] },
      { path: 'bk_host_list.0.bk_host_innerip', name: 'bk_host_innerip', cases: [...textAttr(false), lit('not-an-ip')] },
      { path: 'bk_host_list.0.bk_cloud_id', name: 'bk_cloud_id', cases: [lit('0'), lit(1.5), lit(-1), lit(2 ** 31), lit(1e300), lit(true), lit([0]), lit({}), lit(null, true)] },
    ],
  },
  {
    call: 'transfer_host_module',
    base: (ids) => ({ bk_biz_id: ids.biz, bk_host_id: [ids.h2], bk_module_id: [ids.module2], is_increment: false }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_host_id', cases: idList('h2') },
      { path: 'bk_module_id', cases: idList('module2') },
      { path: 'is_increment', cases: bool() },
    ],
  },
  ...(['transfer_host_to_idlemodule', 'transfer_host_to_faultmodule', 'transfer_host_to_recyclemodule'] as const).map(
    (call): Entry => ({
      call,
      base: (ids) => ({ bk_biz_id: ids.biz, bk_host_id: [ids.h2] }),
      probes: [
        { path: 'bk_biz_id', cases: int('biz') },
        { path: 'bk_host_id', cases: idList('h2') },
        ...(call === 'transfer_host_to_recyclemodule'
          ? [
              { path: 'bk_set_id', cases: int('set', { optional: true }) },
              { path: 'bk_module_id', cases: int('module', { optional: true }) },
            ]
          : []),
      ],
    }),
  ),
  {
    call: 'transfer_host_to_resourcemodule',
    base: (ids) => ({ bk_biz_id: ids.biz, bk_host_id: [ids.h3] }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_host_id', cases: idList('h3') },
      { path: 'bk_module_id', cases: int('poolModule', { optional: true }) },
    ],
  },
  {
    call: 'transfer_sethost_to_idle_module',
    // the set made from a template holds no host: emptying it changes nothing, so the base stays valid
    base: (ids) => ({ bk_biz_id: ids.biz, bk_set_id: ids.tplSet, bk_module_id: 0 }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_set_id', cases: int('tplSet') },
      { path: 'bk_module_id', cases: int(0) },
    ],
  },
  {
    call: 'transfer_host_across_biz',
    base: (ids) => ({ src_bk_biz_id: ids.biz, dst_bk_biz_id: ids.bizDst, bk_host_id: [ids.h5], bk_module_id: ids.dstIdle }),
    probes: [
      { path: 'src_bk_biz_id', cases: int('biz') },
      { path: 'dst_bk_biz_id', cases: int('bizDst') },
      { path: 'bk_host_id', cases: [...idList('h5'), lit([])] },
      { path: 'bk_module_id', cases: int('dstIdle') },
    ],
  },
  {
    call: 'transfer_resourcehost_to_idlemodule',
    base: (ids) => ({ bk_biz_id: ids.biz, bk_host_id: [ids.h1] }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_host_id', cases: idList('h1') },
    ],
  },
  {
    call: 'update_host',
    base: (ids) => ({ bk_host_id: String(ids.h2), data: { bk_comment: 'front proxy' } }),
    probes: [
      { path: 'bk_host_id', cases: hostIdText('h2') },
      { path: 'data', cases: obj() },
      { path: 'data.bk_comment', cases: textAttr() },
      { path: 'data.bk_host_name', cases: textAttr() },
      { path: 'data.bk_cpu', cases: [...intAttr(), lit(0)] },
    ],
  },
  {
    call: 'batch_update_host',
    base: (ids) => ({ update: [{ bk_host_id: ids.h2, properties: { bk_host_name: 'web-1a' } }] }),
    probes: [
      { path: 'update', cases: [fn('{bk_host_id, properties}', (ids) => ({ bk_host_id: ids.h2, properties: { bk_host_name: 'x' } })), lit('x'), lit(5), lit(true), lit(null), lit([])] },
      { path: 'update.0', name: 'update', cases: [lit('x'), lit(5), lit(null), lit([]), lit(true)] },
      { path: 'update.0.bk_host_id', name: 'bk_host_id', cases: int('h2') },
      { path: 'update.0.properties', name: 'properties', cases: obj() },
      { path: 'update.0.properties.bk_host_name', name: 'bk_host_name', cases: textAttr() },
      { path: 'update.0.properties.bk_mem', name: 'bk_mem', cases: [...intAttr(), lit(0)] },
    ],
  },
  {
    call: 'update_host_cloud_area_field',
    base: (ids) => ({ bk_host_ids: [ids.h2], bk_cloud_id: ids.cloud, bk_biz_id: ids.biz }),
    probes: [
      { path: 'bk_host_ids', cases: [...idList('h2'), lit([])] },
      { path: 'bk_cloud_id', cases: int('cloud') },
      { path: 'bk_biz_id', cases: int('biz', { optional: true }) },
    ],
  },
  {
    call: 'clone_host_property',
    // by id (the fixture's hosts move between cloud areas and businesses as other bases run); onto itself, a no-op
    base: (ids) => ({ bk_biz_id: ids.biz, bk_org_id: ids.h2, bk_dst_id: ids.h2, bk_cloud_id: 0 }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_org_ip', cases: [lit(5), lit(true), lit(['10.1.0.2']), lit({}), lit('10.1.0.2,10.1.0.3'), lit('10.250.0.1')] },
      { path: 'bk_dst_ip', cases: [lit(5), lit(true), lit(['10.1.0.3']), lit({}), lit('10.250.0.1')] },
      { path: 'bk_cloud_id', cases: int(0, { optional: true }) },
      { path: 'bk_org_id', cases: int('h2') },
      { path: 'bk_dst_id', cases: int('h2') },
    ],
  },
  { call: 'delete_host', base: (ids) => ({ bk_host_id: String(ids.h4) }), probes: [{ path: 'bk_host_id', cases: hostIdText('h4') }] },
  { call: 'list_biz_hosts', base: listBizHostsBase, probes: listBizHostsProbes },
  { call: 'list_biz_hosts', variant: 'by set_cond / module_cond', base: listBizHostsByCondBase, probes: listBizHostsByCondProbes },
  { call: 'list_biz_hosts_topo', base: listBizHostsBase, probes: listBizHostsProbes },
  { call: 'list_biz_hosts_topo', variant: 'by set_cond / module_cond', base: listBizHostsByCondBase, probes: listBizHostsByCondProbes },
  {
    call: 'list_host_total_mainline_topo',
    base: (ids) => ({ ...listBizHostsBase(ids), mainline_property_filters: [] }),
    probes: [
      ...listBizHostsProbes,
      {
        path: 'mainline_property_filters',
        cases: [lit({}), lit('x'), lit(5), lit(true), lit(null, true), fn('a custom level', () => [{ bk_obj_id: 'city', filter: hostFilter }])],
      },
    ],
  },
  {
    call: 'list_hosts_without_biz',
    base: (ids) => ({ bk_biz_id: ids.biz, host_property_filter: hostFilter, fields: ['bk_host_id', 'bk_host_innerip'], page: { start: 0, limit: 10 } }),
    // sorted by bk_host_id whatever the client asks; a bad page.sort is still refused
    probes: [{ path: 'bk_biz_id', cases: int('biz', { optional: true }) }, ...queryFilter('host_property_filter', 'refuse'), fields(), ...page()],
  },
  {
    call: 'list_resource_pool_hosts',
    base: () => ({ host_property_filter: hostFilter, fields: ['bk_host_id', 'bk_host_innerip'], page: hostPage }),
    probes: [...queryFilter('host_property_filter', 'refuse'), fields(), ...page()],
  },
  // bk_biz_id or page: one of them is needed, so neither is left out by a null
  { call: 'count_biz_host_cpu', base: (ids) => ({ bk_biz_id: ids.biz }), probes: [{ path: 'bk_biz_id', cases: int('biz') }] },
  {
    call: 'count_biz_host_cpu',
    variant: 'by page',
    base: () => ({ page: { start: 0, limit: 10 } }),
    probes: [
      { path: 'page', cases: [lit([]), lit('x'), lit(5), lit(true), lit(null)] },
      { path: 'page.start', name: 'page.start', cases: [lit('0'), lit(-1), lit(1.5), lit(1e300), lit(true), lit([0]), lit({})] },
      { path: 'page.limit', name: 'page.limit', cases: [lit('10'), lit(-1), lit(1.5), lit(11), lit(true), lit([10]), lit({})] },
    ],
  },
  ...(['bind_host_agent', 'unbind_host_agent'] as const).map(
    (call): Entry => ({
      call,
      // one agent for h6 throughout: binding it again is no change, and unbind (probed after bind) clears it
      base: (ids) => ({ list: [{ bk_host_id: ids.h6, bk_agent_id: 'probeagent' }] }),
      probes: [
        { path: 'list', cases: [lit({}), lit('x'), lit(5), lit(true), lit(null), lit([]), lit([5]), lit([null])] },
        { path: 'list.0.bk_host_id', name: 'list[0].bk_host_id', cases: int('h6') },
        { path: 'list.0.bk_agent_id', name: 'list[0].bk_agent_id', cases: [lit(5), lit(true), lit(['a']), lit({}), lit(null), lit(''), lit('no spaces allowed'), lit(LONG)] },
      ],
    }),
  ),
  {
    call: 'search_hostidentifier',
    base: () => ({ ip: { data: ['10.0.0.1'], bk_cloud_id: 0 }, page: { start: 0, limit: 10, sort: 'bk_host_name' } }),
    probes: [
      { path: 'ip', cases: [lit([]), lit('x'), lit(5), lit(true), lit(null, true)] },
      { path: 'ip.data', name: 'ip.data', cases: [lit('10.0.0.1'), lit(5), lit({}), lit(true), lit([5]), lit(['']), lit([null]), lit(Array.from({ length: 501 }, (_, i) => `10.1.${i >> 8}.${i & 255}`))] },
      { path: 'ip.bk_cloud_id', name: 'ip.bk_cloud_id', cases: [lit('0'), lit(-1), lit(1.5), lit(2 ** 31), lit(true), lit([0])] },
      ...page(),
    ],
  },
  {
    call: 'search_host',
    base: (ids) => ({
      bk_biz_id: ids.biz,
      ip: { data: ['10.'], exact: 0, flag: 'bk_host_innerip|bk_host_outerip' },
      condition: [
        { bk_obj_id: 'host', fields: ['bk_host_innerip'], condition: [{ field: 'bk_host_name', operator: '$ne', value: 'x' }] },
        { bk_obj_id: 'set', fields: [], condition: [{ field: 'bk_set_id', operator: '$eq', value: ids.set }] },
      ],
      page: hostPage,
      pattern: '',
    }),
    probes: [
      // -1, as 0, is every business
      { path: 'bk_biz_id', cases: int('biz', { optional: true, huge: 'either' }) },
      { path: 'ip', cases: [lit([]), lit('x'), lit(5), lit(true), lit(null, true)] },
      { path: 'ip.data', name: 'ip.data', cases: [lit('10.'), lit({}), lit(5), lit([5]), lit([null]), lit(['']), lit([LONG]), lit(null, true)] },
      { path: 'ip.exact', name: 'ip.exact', cases: [lit('1'), lit(2), lit(true), lit([1]), lit(null, true)] },
      { path: 'ip.flag', name: 'ip.flag', cases: [lit(5), lit('bk_host_ip'), lit(['bk_host_innerip']), lit(null, true)] },
      { path: 'condition', cases: [lit({}), lit('x'), lit(5), lit(true), lit([5]), lit(null, true)] },
      { path: 'condition.0.bk_obj_id', name: 'bk_obj_id', cases: [lit(5), lit('nope'), lit(null), lit(['host'])] },
      { path: 'condition.0.fields', name: 'fields', cases: [lit('bk_x'), lit({}), lit(5), lit([5]), lit(['no_such_field']), lit(null, true)] },
      { path: 'condition.0.condition', name: 'condition', cases: [lit({}), lit('x'), lit(5), lit([5]), lit(null, true)] },
      { path: 'condition.0.condition.0.field', name: 'field', cases: [lit(5), lit(null), lit('no_such_field')] },
      { path: 'condition.0.condition.0.operator', name: 'operator', cases: [lit(5), lit('$bogus'), lit(null), lit('$regex', true)] },
      {
        path: 'condition.1.condition.0.value',
        name: 'value',
        cases: [fn('the id as a string', (ids) => String(ids.set)), lit(true), lit(1.5), lit(2 ** 31), lit([1]), lit({}), lit(null)],
      },
      ...page(),
      { path: 'pattern', cases: str({ optional: true, long: 'either' }) },
    ],
  },
  {
    call: 'create_dynamic_group',
    base: (ids, n) => ({ bk_biz_id: ids.biz, name: `dg-${n}`, bk_obj_id: 'host', info: groupRule(ids) }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'name', cases: str({ long: 'refuse' }) },
      { path: 'bk_obj_id', cases: [lit(5), lit('module'), lit(null), lit(['host'])] },
      ...groupRuleProbes(),
    ],
  },
  {
    call: 'update_dynamic_group',
    base: (ids, n) => ({ bk_biz_id: ids.biz, id: ids.group, name: `dg-renamed-${n}`, bk_obj_id: 'host', info: groupRule(ids) }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      groupIdProbe,
      { path: 'name', cases: str({ optional: true, long: 'refuse' }) },
      { path: 'bk_obj_id', cases: [lit(5), lit('module'), lit(null, true)] },
      ...groupRuleProbes(true),
    ],
  },
  // business sets
  {
    call: 'create_business_set',
    base: (_ids, n) => ({
      bk_biz_set_attr: { bk_biz_set_name: `probe-set-${n}`, bk_biz_set_desc: 'probe' },
      bk_scope: { match_all: false, filter: { condition: 'AND', rules: [{ field: 'life_cycle', operator: 'equal', value: '2' }] } },
    }),
    probes: [
      { path: 'bk_biz_set_attr', cases: [lit([]), lit('x'), lit(5), lit(true), lit(null)] },
      { path: 'bk_biz_set_attr.bk_biz_set_name', name: 'bk_biz_set_name', cases: textAttr(false) },
      { path: 'bk_biz_set_attr.bk_biz_set_desc', name: 'bk_biz_set_desc', cases: textAttr() },
      { path: 'bk_scope', cases: [lit([]), lit('x'), lit(5), lit(true), lit(null)] },
      { path: 'bk_scope.match_all', name: 'match_all', cases: bool(false) },
      { path: 'bk_scope.filter', name: 'filter', cases: [lit('x'), lit(5), lit([]), lit(null), lit(true)] },
      { path: 'bk_scope.filter.condition', name: 'condition', cases: [lit(5), lit('OR'), lit(null), lit(['AND'])] },
      { path: 'bk_scope.filter.rules.0.field', name: 'field', cases: [lit(5), lit(null), lit('no_such_field')] },
      { path: 'bk_scope.filter.rules.0.operator', name: 'operator', cases: [lit('contains'), lit('not_equal'), lit(5), lit(null)] },
      { path: 'bk_scope.filter.rules.0.value', name: 'value', cases: [lit(2), lit(true), lit([]), lit({}), lit(null), lit('no-such-option')] },
    ],
  },
  {
    call: 'batch_update_business_set',
    base: (ids) => ({ bk_biz_set_ids: [ids.bizSet], data: { bk_biz_set_attr: { bk_biz_set_desc: 'probe' } } }),
    probes: [
      { path: 'bk_biz_set_ids', cases: [...idList('bizSet'), lit([])] },
      { path: 'data', cases: obj() },
      { path: 'data.bk_biz_set_attr', name: 'bk_biz_set_attr', cases: [lit([]), lit('x'), lit(5), lit(true), lit(null)] },
      { path: 'data.bk_biz_set_attr.bk_biz_set_desc', name: 'bk_biz_set_desc', cases: textAttr() },
    ],
  },
  {
    call: 'batch_update_business_set',
    variant: 'a new scope',
    base: (ids) => ({ bk_biz_set_ids: [ids.bizSet], data: { bk_scope: { match_all: true } } }),
    probes: [
      { path: 'data.bk_scope', name: 'bk_scope', cases: [lit([]), lit('x'), lit(5), lit(true), lit(null)] },
      { path: 'data.bk_scope.match_all', name: 'match_all', cases: bool(false) },
    ],
  },
  { call: 'batch_delete_business_set', base: (ids) => ({ bk_biz_set_ids: [ids.bizSetVictim] }), probes: [{ path: 'bk_biz_set_ids', cases: [...idList('bizSetVictim'), lit([])] }] },
  {
    call: 'list_business_set',
    base: () => ({
      bk_biz_set_filter: { condition: 'AND', rules: [{ field: 'bk_biz_set_name', operator: 'begins_with', value: 'probe' }] },
      time_condition: timeRange,
      fields: ['bk_biz_set_name'],
      page: { start: 0, limit: 10, sort: 'bk_biz_set_id', enable_count: false },
    }),
    probes: [...queryFilter('bk_biz_set_filter', 'refuse'), ...timeCondition(), fields(), ...page(), enableCount],
  },
  {
    call: 'list_business_in_business_set',
    base: (ids) => ({
      bk_biz_set_id: ids.bizSet,
      filter: { condition: 'AND', rules: [{ field: 'bk_biz_name', operator: 'begins_with', value: 'probe' }] },
      fields: ['bk_biz_name'],
      page: { start: 0, limit: 10, sort: 'bk_biz_id', enable_count: false },
    }),
    probes: [{ path: 'bk_biz_set_id', cases: int('bizSet') }, ...queryFilter('filter', 'refuse'), fields(), ...page(), enableCount],
  },
  {
    call: 'list_business_set_topo',
    base: (ids) => ({ bk_biz_set_id: ids.bizSet, bk_parent_obj_id: 'bk_biz_set_obj', bk_parent_id: ids.bizSet }),
    probes: [
      // under the set itself the parent is the set's own id, so a changed bk_biz_set_id is refused through bk_parent_id too
      { path: 'bk_biz_set_id', cases: int('bizSet') },
      // "biz" and "set" are parents too (a business of the set, a set of one): there the id decides
      { path: 'bk_parent_obj_id', cases: [...str(), lit('module'), lit('host'), lit('no_such_object')] },
      { path: 'bk_parent_id', cases: [...int('bizSet'), fn('another id', (ids) => ids.bizSet + 1)] },
    ],
  },
  {
    call: 'preview_business_set',
    base: () => ({
      bk_scope: { match_all: true },
      filter: { condition: 'AND', rules: [{ field: 'bk_biz_name', operator: 'begins_with', value: 'probe' }] },
      fields: ['bk_biz_name'],
      page: { start: 0, limit: 10, sort: 'bk_biz_id', enable_count: false },
    }),
    probes: [
      { path: 'bk_scope', cases: [lit([]), lit('x'), lit(5), lit(true), lit(null)] },
      { path: 'bk_scope.match_all', name: 'match_all', cases: bool(false) },
      ...queryFilter('filter', 'refuse'),
      fields(),
      ...page(),
      enableCount,
    ],
  },
  {
    call: 'delete_dynamic_group',
    base: (ids) => ({ bk_biz_id: ids.biz, id: ids.groupVictim }),
    probes: [{ path: 'bk_biz_id', cases: int('biz') }, groupIdProbe],
  },
  {
    call: 'get_dynamic_group',
    base: (ids) => ({ bk_biz_id: ids.biz, id: ids.group }),
    probes: [{ path: 'bk_biz_id', cases: int('biz') }, groupIdProbe],
  },
  {
    call: 'search_dynamic_group',
    base: (ids) => ({ bk_biz_id: ids.biz, condition: { name: 'probe-group' }, disable_counter: false, page: { start: 0, limit: 10, sort: 'name' } }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'condition', cases: [lit([]), lit('x'), lit(5), lit(true), lit(null, true)] },
      { path: 'condition.name', name: 'condition.name', cases: [lit(5), lit(true), lit([]), lit({}), lit(null)] },
      { path: 'disable_counter', cases: bool() },
      ...page(),
    ],
  },
  {
    call: 'execute_dynamic_group',
    base: (ids) => ({ bk_biz_id: ids.biz, id: ids.group, fields: ['bk_host_innerip'], disable_counter: true, page: hostPage }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      groupIdProbe,
      // a field the target lacks is left out, as bk-cmdb does
      { path: 'fields', cases: requiredFields('fields').cases.map((c) => (c.label === '["no_such_field"]' ? { ...c, lenient: true } : c)) },
      { path: 'disable_counter', cases: bool() },
      ...page(),
    ],
  },
  {
    call: 'find_host_topo_relation',
    base: (ids) => ({ bk_biz_id: ids.biz, bk_set_ids: [ids.set], bk_module_ids: [ids.module], bk_host_ids: [ids.h2], page: { start: 0, limit: 10 } }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_set_ids', cases: idList('set', { optional: true }) },
      { path: 'bk_module_ids', cases: idList('module', { optional: true }) },
      { path: 'bk_host_ids', cases: idList('h2', { optional: true }) },
      // its page documents no sort
      ...page('either'),
    ],
  },
  {
    call: 'find_host_biz_relations',
    base: (ids) => ({ bk_host_id: [ids.h2], bk_biz_id: ids.biz }),
    probes: [
      { path: 'bk_host_id', cases: [...idList('h2'), lit([])] },
      { path: 'bk_biz_id', cases: int('biz', { optional: true }) },
    ],
  },
  {
    call: 'find_module_host_relation',
    base: (ids) => ({ bk_biz_id: ids.biz, bk_module_ids: [ids.module], module_fields: ['bk_module_name'], host_fields: ['bk_host_innerip'], page: { start: 0, limit: 10 } }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_module_ids', cases: [...idList('module'), lit([])] },
      requiredFields('module_fields'),
      requiredFields('host_fields'),
      // paged by host id whatever the sort
      ...page('either'),
    ],
  },
  {
    call: 'find_host_by_topo',
    base: (ids) => ({ bk_biz_id: ids.biz, bk_obj_id: 'module', bk_inst_id: ids.module, fields: ['bk_host_id'], page: { start: 0, limit: 10 } }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_obj_id', cases: [...str(), lit('biz'), lit('no_such_object')] },
      { path: 'bk_inst_id', cases: int('module') },
      requiredFields('fields'),
      ...page('either'),
    ],
  },
  ...([
    ['set', 'tpl', 'bk_set_ids', 'tplSet'],
    ['service', 'st', 'bk_module_ids', 'module'],
  ] as const).map(
    ([template, tplRef, scope, scopeRef]): Entry => ({
      call: `find_host_by_${template}_template`,
      base: (ids) => ({ bk_biz_id: ids.biz, [`bk_${template}_template_ids`]: [ids[tplRef]], [scope]: [ids[scopeRef]], fields: ['bk_host_id'], page: { start: 0, limit: 10 } }),
      probes: [
        { path: 'bk_biz_id', cases: int('biz') },
        { path: `bk_${template}_template_ids`, cases: [...idList(tplRef), lit([])] },
        { path: scope, cases: idList(scopeRef, { optional: true }) },
        requiredFields('fields'),
        ...page('either'),
      ],
    }),
  ),
  { call: 'get_host_base_info', base: (ids) => ({ bk_host_id: ids.h2 }), probes: [{ path: 'bk_host_id', cases: int('h2') }] },
  {
    call: 'find_host_relations_with_topo',
    base: (ids) => ({ bk_biz_id: ids.biz, bk_obj_id: 'module', bk_inst_ids: [ids.module], fields: ['bk_host_id', 'bk_module_id'], page: { start: 0, limit: 10 } }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_obj_id', cases: [...str(), lit('biz'), lit('host'), lit('no_such_object')] },
      { path: 'bk_inst_ids', cases: [...idList('module'), lit([])] },
      { path: 'fields', cases: [lit('bk_host_id'), lit({}), lit(5), lit(true), lit([5]), lit([null]), lit(null), lit([]), lit(['bk_host_name'])] },
      ...page('either'),
    ],
  },
  // the locks: one id list each, the same probes
  ...(['add_host_lock', 'delete_host_lock', 'search_host_lock'] as const).map(
    (call): Entry => ({ call, base: (ids) => ({ id_list: [ids.h2] }), probes: [{ path: 'id_list', cases: [...idList('h2'), lit([])] }] }),
  ),

  // service instances and their processes
  {
    call: 'create_service_instance',
    base: (ids, n) => ({
      bk_biz_id: ids.biz,
      bk_module_id: ids.module,
      instances: [{ bk_host_id: ids.h6, service_instance_name: `probe-si-${n}`, processes: [{ process_template_id: 0, process_info: processInfo(n) }] }],
    }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_module_id', cases: [...int('module'), fn("the resource pool's idle module", (ids) => ids.poolModule)] },
      {
        path: 'instances',
        cases: [
          fn('{0: instance}', (ids) => ({ 0: { bk_host_id: ids.h6 } })),
          lit('x'),
          lit(5),
          lit(true),
          lit(null),
          lit([]),
          fn('101 instances', (ids) => Array.from({ length: 101 }, () => ({ bk_host_id: ids.h6 }))),
        ],
      },
      { path: 'instances.0', name: 'instances[0]', cases: [lit('x'), lit(5), lit(null), lit([]), lit(true)] },
      // an id of the right type that is no host of the module is refused too
      { path: 'instances.0.bk_host_id', name: 'bk_host_id', cases: [...int('h6'), fn('a host outside the module', (ids) => ids.h1)] },
      { path: 'instances.0.service_instance_name', name: 'service_instance_name', cases: [...textAttr(), lit('a\u0001b')] },
      ...newProcessesProbes('instances.0.processes', true),
    ],
  },
  {
    call: 'list_service_instance',
    base: (ids) => ({ bk_biz_id: ids.biz, bk_module_id: ids.module, bk_host_ids: [ids.h6], search_key: 'probe', selectors: [{ key: 'env', operator: '=', values: ['prod'] }], page: { start: 0, limit: 10, sort: 'id' } }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_module_id', cases: int('module', { optional: true }) },
      { path: 'bk_host_ids', cases: [...idList('h6', { optional: true }), lit([], true), manyIds(1001)] },
      { path: 'search_key', cases: [...str({ optional: true, long: 'refuse' }), lit('a\u0000b')] },
      selectorsProbe,
      ...selectorProbes,
      ...page(),
      { path: 'page.limit', name: 'page.limit', cases: [lit(501)] },
    ],
  },
  {
    call: 'list_service_instance_by_host',
    base: (ids) => ({ bk_biz_id: ids.biz, bk_host_id: ids.h6, page: { start: 0, limit: 10, sort: '-id' } }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_host_id', cases: int('h6') },
      ...page(),
      { path: 'page.limit', name: 'page.limit', cases: [lit(501)] },
    ],
  },
  {
    call: 'list_service_instance_detail',
    base: (ids) => ({
      bk_biz_id: ids.biz,
      bk_module_id: ids.module,
      bk_host_list: [ids.h6],
      bk_host_id: ids.h6,
      service_instance_ids: [ids.si],
      selectors: [{ key: 'env', operator: '=', values: ['prod'] }],
      page: { start: 0, limit: 10, sort: 'id' },
    }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_module_id', cases: int('module', { optional: true }) },
      { path: 'bk_host_list', cases: [...idList('h6', { optional: true }), lit([], true), manyIds(1001)] },
      { path: 'bk_host_id', cases: int('h6', { optional: true }) },
      { path: 'service_instance_ids', cases: [...idList('si', { optional: true }), lit([], true), manyIds(501)] },
      selectorsProbe,
      ...selectorProbes,
      ...page(),
      { path: 'page.limit', name: 'page.limit', cases: [lit(1001)] },
    ],
  },
  {
    call: 'list_service_instance_by_set_template',
    base: (ids) => ({ bk_biz_id: ids.biz, set_template_id: ids.tpl, page: { start: 0, limit: 10, sort: 'id' } }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'set_template_id', cases: int('tpl') },
      ...page(),
      { path: 'page.limit', name: 'page.limit', cases: [lit(501)] },
    ],
  },
  {
    call: 'add_label_for_service_instance',
    base: (ids) => ({ bk_biz_id: ids.biz, instance_ids: [ids.si], labels: { env: 'probe' } }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'instance_ids', cases: [...idList('si'), lit([]), manyIds(101), withMissing('si')] },
      { path: 'labels', cases: labelCases },
    ],
  },
  {
    call: 'remove_label_from_service_instance',
    base: (ids) => ({ bk_biz_id: ids.biz, instance_ids: [ids.si], keys: ['env'] }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'instance_ids', cases: [...idList('si'), lit([]), manyIds(501), withMissing('si')] },
      { path: 'keys', cases: [lit('env'), lit(5), lit([]), lit([5]), lit([null]), lit(['9env']), lit(['k'.repeat(64)]), fn('101 keys', () => Array.from({ length: 101 }, (_, i) => `k${i}`))] },
    ],
  },
  {
    call: 'delete_service_instance',
    base: (ids) => ({ bk_biz_id: ids.biz, service_instance_ids: [ids.siVictim] }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'service_instance_ids', cases: [...idList('siVictim'), lit([]), manyIds(501), withMissing('siVictim')] },
    ],
  },
  {
    call: 'create_process_instance',
    base: (ids, n) => ({ bk_biz_id: ids.biz, service_instance_id: ids.si, processes: [{ process_info: processInfo(n) }] }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'service_instance_id', cases: [...int('si'), fn('a missing service instance', () => 2 ** 31 - 1)] },
      ...newProcessesProbes('processes', false),
    ],
  },
  {
    call: 'update_process_instance',
    base: (ids, n) => ({ bk_biz_id: ids.biz, processes: [{ bk_process_id: ids.proc, user: `probe-${n}`, proc_num: 2, bind_info: [{ ...bindRow, ip: '1', port: '8080-8081' }] }] }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      {
        path: 'processes',
        cases: [
          fn('{bk_process_id, user}', (ids) => ({ bk_process_id: ids.proc, user: 'x' })),
          lit('x'),
          lit(5),
          lit(true),
          lit(null),
          lit([]),
          fn('101 entries', (ids) => Array.from({ length: 101 }, () => ({ bk_process_id: ids.proc }))),
        ],
      },
      { path: 'processes.0', name: 'processes[0]', cases: [lit('x'), lit(5), lit(null), lit([]), lit(true)] },
      { path: 'processes.0.bk_process_id', name: 'bk_process_id', cases: int('proc') },
      // a second entry for the same process
      { path: 'processes.1', name: 'bk_process_id', cases: [fn('{bk_process_id: the same id}', (ids) => ({ bk_process_id: ids.proc, user: 'other' }))] },
      ...processFieldProbes('processes.0', 'refuse'),
    ],
  },
  {
    call: 'delete_process_instance',
    base: (ids) => ({ bk_biz_id: ids.biz, process_instance_ids: [ids.procVictim] }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'process_instance_ids', cases: [...idList('procVictim'), lit([]), manyIds(501), withMissing('procVictim')] },
    ],
  },
  {
    call: 'list_process_instance',
    base: (ids) => ({ bk_biz_id: ids.biz, service_instance_id: ids.si }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'service_instance_id', cases: int('si') },
    ],
  },
  {
    call: 'list_process_detail_by_ids',
    base: (ids) => ({ bk_biz_id: ids.biz, bk_process_ids: [ids.proc], fields: ['bk_process_name', 'bind_info'] }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'bk_process_ids', cases: [...idList('proc'), lit([]), manyIds(501)] },
      // an unknown field name is refused here (absent or empty = every field)
      { path: 'fields', cases: [lit('bk_x'), lit({}), lit(5), lit(true), lit([5]), lit([null]), lit([['a']]), lit(null, true), lit([], true), lit(['no_such_field'])] },
    ],
  },

  {
    call: 'list_process_related_info',
    base: (ids) => ({
      bk_biz_id: ids.biz,
      set: { bk_set_ids: [ids.set] },
      module: { bk_module_ids: [ids.module] },
      service_instance: { ids: [ids.si] },
      process: { bk_process_names: ['probe-proc'], bk_process_ids: [ids.proc] },
      fields: ['bk_func_name'],
      page: { start: 0, limit: 10, sort: 'bk_process_id' },
    }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      ...(['set', 'module', 'service_instance', 'process'] as const).map((path): Probe => ({ path, cases: [lit([]), lit('x'), lit(5), lit(true), lit(null, true)] })),
      { path: 'set.bk_set_ids', name: 'set.bk_set_ids', cases: [...idList('set', { optional: true }), manyIds(501)] },
      { path: 'module.bk_module_ids', name: 'module.bk_module_ids', cases: [...idList('module', { optional: true }), manyIds(501)] },
      { path: 'service_instance.ids', name: 'service_instance.ids', cases: [...idList('si', { optional: true }), manyIds(501)] },
      { path: 'process.bk_process_ids', name: 'process.bk_process_ids', cases: [...idList('proc', { optional: true }), manyIds(501)] },
      { path: 'process.bk_process_names', name: 'process.bk_process_names', cases: [lit('probe-proc'), lit(5), lit({}), lit(true), lit([5]), lit(['']), lit([null]), lit(null, true)] },
      // with names in the base, function ids are refused whatever they hold
      { path: 'process.bk_func_ids', name: 'process.bk_func_ids', cases: [lit('f'), lit(5), lit({}), lit(true), lit([5]), lit(['f1'])] },
      fields(),
      ...page(),
    ],
  },

  // process templates (of stProc, which no module is made from: no process follows them)
  {
    call: 'batch_create_proc_template',
    base: (ids, n) => ({ bk_biz_id: ids.biz, service_template_id: ids.stProc, processes: [{ spec: tplSpec(`probe-tpl-${n}`) }] }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'service_template_id', cases: [...int('stProc'), fn('a missing service template', () => 2 ** 31 - 1)] },
      {
        path: 'processes',
        cases: [
          fn('{0: {spec}}', () => ({ 0: { spec: tplSpec('probe-tpl-keyed') } })),
          lit('x'),
          lit(5),
          lit(true),
          lit([5]),
          lit(null),
          lit([]),
          fn('101 processes', () => Array.from({ length: 101 }, (_, i) => ({ spec: tplSpec(`probe-tpl-many-${i}`) }))),
        ],
      },
      // two new templates with one alias
      { path: 'processes', name: 'bk_process_name', cases: [fn('two specs with one alias', () => [{ spec: tplSpec('probe-tpl-twin') }, { spec: tplSpec('probe-tpl-twin') }])] },
      { path: 'processes.0', name: 'processes[0]', cases: [lit('x'), lit(5), lit(null), lit([]), lit(true)] },
      // {} lacks the alias and the process name
      { path: 'processes.0.spec', name: 'spec', cases: [...obj(), lit({})] },
      ...tplFieldProbes('processes.0.spec', false, () => `probe-tpl-alias-${++aliases}`),
      // the alias of a template the service template has already
      { path: 'processes.0.spec.bk_process_name', name: 'bk_process_name', cases: [lit(cell('probe-tpl'))] },
    ],
  },
  {
    call: 'update_proc_template',
    base: (ids, n) => ({ bk_biz_id: ids.biz, process_template_id: ids.procTpl, process_property: { ...tplSpec('probe-tpl'), user: cell(`probe-${n}`, false) } }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'process_template_id', cases: [...int('procTpl'), fn('a missing process template', () => 2 ** 31 - 1)] },
      // {} changes nothing
      { path: 'process_property', cases: [...obj(), lit({}, true)] },
      ...tplFieldProbes('process_property', true, () => 'probe-tpl'),
      // the alias of another template of the service template
      { path: 'process_property.bk_process_name', name: 'bk_process_name', cases: [lit(cell('probe-tpl-victim'))] },
    ],
  },
  {
    call: 'delete_proc_template',
    base: (ids) => ({ bk_biz_id: ids.biz, process_templates: [ids.procTplVictim] }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'process_templates', cases: [...idList('procTplVictim'), lit([]), manyIds(201), withMissing('procTplVictim')] },
    ],
  },
  {
    call: 'list_proc_template',
    base: (ids) => ({ bk_biz_id: ids.biz, service_template_id: ids.stProc, process_template_ids: [ids.procTpl], page: { start: 0, limit: 10, sort: 'id' } }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz') },
      { path: 'service_template_id', cases: int('stProc', { optional: true }) },
      { path: 'process_template_ids', cases: [...idList('procTpl', { optional: true }), lit([], true), manyIds(201)] },
      ...page(),
      { path: 'page.limit', name: 'page.limit', cases: [lit(1001)] },
    ],
  },
  {
    call: 'get_proc_template',
    base: (ids) => ({ bk_biz_id: ids.biz, process_template_id: ids.procTpl }),
    probes: [
      { path: 'bk_biz_id', cases: int('biz', { optional: true }) },
      { path: 'process_template_id', cases: [...int('procTpl'), fn('a missing process template', () => 2 ** 31 - 1)] },
    ],
  },
  {
    call: 'sync_service_template_to_service_instance',
    base: (ids) => ({ bk_biz_id: ids.biz, service_template_id: ids.st, bk_module_ids: [ids.stModule] }),
    probes: [
      { path: 'bk_biz_id', cases: [...int('biz'), fn('a missing business', () => 2 ** 31 - 1)] },
      { path: 'service_template_id', cases: [...int('st'), fn('a missing service template', () => 2 ** 31 - 1)] },
      { path: 'bk_module_ids', cases: [...idList('stModule'), lit([]), manyIds(201), withMissing('stModule'), fn('a module not made from the template', (ids) => [ids.module])] },
    ],
  },
  {
    call: 'list_service_template_difference',
    variant: 'by service template',
    base: (ids) => ({ bk_biz_id: ids.biz, is_partial: true, service_template_ids: [ids.st] }),
    probes: [
      { path: 'bk_biz_id', cases: [...int('biz'), fn('a missing business', () => 2 ** 31 - 1)] },
      { path: 'is_partial', cases: bool(false) },
      { path: 'service_template_ids', cases: [...idList('st'), lit([]), manyIds(21), withMissing('st')] },
    ],
  },
  {
    call: 'list_service_template_difference',
    variant: 'by module',
    base: (ids) => ({ bk_biz_id: ids.biz, is_partial: false, bk_module_ids: [ids.stModule, ids.module] }),
    probes: [{ path: 'bk_module_ids', cases: [...idList('stModule'), lit([]), manyIds(21), withMissing('stModule'), fn("another business's module", (ids) => [ids.dstIdle])] }],
  },
];

// --- running it ---------------------------------------------------------------------------------------------

const READ = /^(search_|list_|get_|find_)/;
const isWrite = (call: string) => !READ.test(call) && call !== 'resource_watch';

/** The body with the value at the dotted path replaced (numeric segments index arrays or "0"-keyed objects). */
function withValue(body: Body, path: string, value: unknown): Body {
  const out = structuredClone(body);
  const keys = path.split('.');
  let o = out as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) {
    if (typeof o[k] !== 'object' || o[k] === null) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1]!] = value;
  return out;
}

const nameOf = (p: Probe) => p.name ?? [...p.path.split('.')].reverse().find((s) => !/^\d+$/.test(s))!;
/** the message names the parameter as a word of its own: `id` is not found in `bk_biz_id` */
const names = (message: string, name: string) =>
  new RegExp(`(^|[^\\w])${name.replace(/[.*+?^${}()|[\]\\$]/g, '\\$&')}([^\\w]|$)`).test(message);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function must(t: TestTopograph, call: string, body: Body): Promise<any> {
  const r = await t.esb(call, body);
  if (!r.result) throw new Error(`fixture ${call} failed: ${r.code} ${r.message}`);
  return r.data;
}

/** The records every base body refers to; created the same way on both fixtures. */
async function setup(t: TestTopograph): Promise<Ids> {
  const pool = 1;
  const poolModule = (await must(t, 'get_biz_internal_module', { bk_biz_id: pool })).module[0].bk_module_id as number;
  const biz = await makeBusiness(t, 'probe-a', 'admin');
  const bizArchived = await makeBusiness(t, 'probe-archived', 'admin');
  await must(t, 'update_business_enable_status', { bk_biz_id: bizArchived, flag: 'disabled' });
  const bizToArchive = await makeBusiness(t, 'probe-to-archive', 'admin');
  const set = await makeSet(t, biz, 'set-a');
  const setVictim = await makeSet(t, biz, 'set-victim');
  const setVictim2 = await makeSet(t, biz, 'set-victim-2');
  const mod = async (name: string) =>
    (await must(t, 'create_module', { bk_biz_id: biz, bk_set_id: set, data: { bk_parent_id: set, bk_module_name: name } })).bk_module_id as number;
  const module = await mod('mod-a');
  const module2 = await mod('mod-b');
  const moduleVictim = await mod('mod-victim');
  const cloud = (await must(t, 'create_cloud_area', { bk_cloud_name: 'cloud-a' })).created.id as number;
  const cloudVictim = (await must(t, 'create_cloud_area', { bk_cloud_name: 'cloud-victim' })).created.id as number;
  const attr = (
    await must(t, 'create_object_attribute', {
      bk_obj_id: 'set',
      bk_property_id: 'probe_attr',
      bk_property_name: 'probe',
      bk_property_type: 'int',
      option: { min: 0, max: 100 },
    })
  ).id as number;
  const attrVictim = (
    await must(t, 'create_object_attribute', { bk_obj_id: 'set', bk_property_id: 'probe_victim', bk_property_name: 'victim', bk_property_type: 'singlechar' })
  ).id as number;
  const category = async (name: string, parent: number) =>
    (await must(t, 'create_service_category', { bk_biz_id: biz, name, bk_parent_id: parent })).id as number;
  const catRoot = await category('probe_root', 0);
  const cat = await category('probe_leaf', catRoot);
  const catVictim = await category('probe_cat_victim', 0);
  const st = (await must(t, 'create_service_template', { bk_biz_id: biz, name: 'st-a', service_category_id: cat })).id as number;
  const stVictim = (await must(t, 'create_service_template', { bk_biz_id: biz, name: 'st-victim', service_category_id: cat })).id as number;
  const tpl = (await must(t, 'create_set_template', { bk_biz_id: biz, name: 'tpl-a', service_template_ids: [st] })).id as number;
  const tplVictim = (await must(t, 'create_set_template', { bk_biz_id: biz, name: 'tpl-victim', service_template_ids: [] })).id as number;
  const tplSet = (await must(t, 'create_set', { bk_biz_id: biz, data: { bk_parent_id: biz, bk_set_name: 'set-from-tpl', set_template_id: tpl } }))
    .bk_set_id as number;
  const stModule = (await must(t, 'search_module', { bk_biz_id: biz, bk_set_id: tplSet })).info[0].bk_module_id as number;
  const [h1, h4] = (
    await must(t, 'add_host_to_resource', {
      host_info: { 0: { bk_host_innerip: '10.1.0.1', bk_cloud_id: 0 }, 1: { bk_host_innerip: '10.1.0.4', bk_cloud_id: 0 } },
    })
  ).bk_host_ids as number[];
  const [h2, h3, h5] = (
    await must(t, 'add_host_to_business_idle', {
      bk_biz_id: biz,
      bk_host_list: [
        { bk_host_innerip: '10.1.0.2', bk_cloud_id: 0 },
        { bk_host_innerip: '10.1.0.3', bk_cloud_id: 0 },
        { bk_host_innerip: '10.1.0.5', bk_cloud_id: 0 },
      ],
    })
  ).bk_host_ids as number[];
  const bizDst = await makeBusiness(t, 'probe-dst', 'admin');
  const dstIdle = (await must(t, 'get_biz_internal_module', { bk_biz_id: bizDst })).module[0].bk_module_id as number;
  await must(t, 'transfer_host_module', { bk_biz_id: biz, bk_host_id: [h2], bk_module_id: [module], is_increment: false });
  const dynamicGroup = async (name: string) =>
    (await must(t, 'create_dynamic_group', { bk_biz_id: biz, name, bk_obj_id: 'host', info: { condition: [{ bk_obj_id: 'host', condition: [{ field: 'bk_host_id', operator: '$eq', value: 1 }] }] } })).id as string;
  const group = await dynamicGroup('probe-group');
  const groupVictim = await dynamicGroup('probe-group-victim');
  const bizSetOf = async (name: string) => (await must(t, 'create_business_set', { bk_biz_set_attr: { bk_biz_set_name: name }, bk_scope: { match_all: true } })) as number;
  const bizSet = await bizSetOf('probe-biz-set');
  const bizSetVictim = await bizSetOf('probe-biz-set-victim');
  const [h6] = (await must(t, 'add_host_to_business_idle', { bk_biz_id: biz, bk_host_list: [{ bk_host_innerip: '10.1.0.6', bk_cloud_id: 0 }] })).bk_host_ids as number[];
  await must(t, 'transfer_host_module', { bk_biz_id: biz, bk_host_id: [h6], bk_module_id: [module], is_increment: false });
  const [si, siVictim] = (await must(t, 'create_service_instance', {
    bk_biz_id: biz,
    bk_module_id: module,
    instances: [
      { bk_host_id: h6, service_instance_name: 'probe-si' },
      { bk_host_id: h6, service_instance_name: 'probe-si-victim' },
    ],
  })) as number[];
  const [proc, procVictim] = (await must(t, 'create_process_instance', {
    bk_biz_id: biz,
    service_instance_id: si,
    processes: [{ process_info: { bk_process_name: 'probe-proc', bk_func_name: 'probe' } }, { process_info: { bk_process_name: 'probe-proc-victim', bk_func_name: 'probe' } }],
  })) as number[];
  const stProc = (await must(t, 'create_service_template', { bk_biz_id: biz, name: 'st-proc', service_category_id: cat })).id as number;
  const [procTpl, procTplVictim] = (await must(t, 'batch_create_proc_template', {
    bk_biz_id: biz,
    service_template_id: stProc,
    processes: [{ spec: tplSpec('probe-tpl') }, { spec: tplSpec('probe-tpl-victim') }],
  })) as number[];
  const audit = (await must(t, 'list_operation_audit', { page: { limit: 1 } })).info[0].id as number;
  return {
    pool,
    poolModule,
    biz,
    bizArchived,
    bizToArchive,
    set,
    setVictim,
    setVictim2,
    tplSet,
    stModule,
    module,
    module2,
    moduleVictim,
    cloud,
    cloudVictim,
    attr,
    attrVictim,
    catRoot,
    cat,
    catVictim,
    st,
    stVictim,
    tpl,
    tplVictim,
    h1: h1!,
    h2: h2!,
    h3: h3!,
    h4: h4!,
    h5: h5!,
    bizDst,
    dstIdle,
    audit,
    group,
    groupVictim,
    bizSet,
    bizSetVictim,
    h6: h6!,
    si: si!,
    siVictim: siVictim!,
    proc: proc!,
    procVictim: procVictim!,
    stProc,
    procTpl: procTpl!,
    procTplVictim: procTplVictim!,
  };
}

const START_ENV = { TOPOGRAPH_WATCH_WAIT_SECONDS: '1' };

/** A server with the fixture's records for the describe block it is called in, handed over by `use`. */
function useFixture(use: (t: TestTopograph, ids: Ids) => void): void {
  let t: TestTopograph | undefined;
  beforeAll(async () => {
    t = await startTopograph(START_ENV);
    use(t, await setup(t));
  });
  afterAll(async () => {
    await t?.stop();
  });
}
let counter = 0;

describe(`ESB parameter types (${TEST_DB})`, () => {
  it('the table names every ESB call and probes every one of its own parameters', () => {
    const missing: string[] = [];
    for (const c of ALL_CALLS) {
      const entries = TABLE.filter((e) => e.call === c.name);
      if (!entries.length) {
        missing.push(c.name);
        continue;
      }
      const probed = new Set(entries.flatMap((e) => e.probes.map((p) => p.path.split('.')[0])));
      for (const param of Object.keys(c.params)) if (!probed.has(param)) missing.push(`${c.name}.${param}`);
    }
    expect(missing).toEqual([]);
  });

  describe('every base body is valid (the probes below change one value of it)', () => {
    let t: TestTopograph;
    let ids: Ids;
    useFixture((server, records) => ((t = server), (ids = records)));
    for (const e of TABLE) {
      it(`${e.call}${e.variant ? ` (${e.variant})` : ''}`, async () => {
        const r = await t.esb(e.call, e.base(ids, ++counter));
        expect(r.status).toBe(200);
        expect(r.result, `${r.code} ${r.message}`).toBe(true);
      });
    }
  });

  describe('wrongly-typed values: HTTP 200, a clean refusal naming the parameter, nothing written', () => {
    let t: TestTopograph;
    let ids: Ids;
    useFixture((server, records) => ((t = server), (ids = records)));

    for (const e of TABLE.filter((x) => x.probes.length > 0)) {
      describe(`${e.call}${e.variant ? ` (${e.variant})` : ''}`, () => {
        for (const p of e.probes) {
          for (const c of p.cases) {
            it(`${p.path} = ${c.label}${c.lenient ? ' (may be accepted)' : ''}`, async () => {
              const body = withValue(e.base(ids, ++counter), p.path, c.make(ids));
              const write = isWrite(e.call);
              const before = write ? await auditCount(t) : 0;
              const r: EsbAnswer = await t.esb(e.call, body);
              const problems: string[] = [];
              if (r.status !== 200) problems.push(`HTTP ${r.status}`);
              if (!(c.lenient && r.result === true)) {
                if (r.result !== false) problems.push('accepted');
                else {
                  if (r.code === 0 || r.code === INTERNAL_ERROR) problems.push(`code ${r.code}`);
                  if (typeof r.message !== 'string' || !names(r.message, nameOf(p))) problems.push(`message does not name ${nameOf(p)}`);
                  if (r.data !== null) problems.push('data is not null');
                }
                if (write) {
                  const after = await auditCount(t);
                  if (after !== before) problems.push(`wrote ${after - before} audit record(s)`);
                }
              }
              const answer = `→ result ${String(r.result)}, code ${r.code}, message ${JSON.stringify(String(r.message).slice(0, 300))}`;
              expect(problems, `${e.call} ${p.path} = ${c.label} ${answer}`).toEqual([]);
            });
          }
        }
      });
    }
  });

  // JSON.parse takes any depth, JSON.stringify (and Array#join) overflow the stack on a few thousand levels: a
  // message that quoted such a value answered 1199999. Sent as text, since the test's own stringify would overflow.
  const DEPTH = 10_000; // twice where a top-level JSON.stringify overflows (about 5,000)
  const DEEP = { array: `${'['.repeat(DEPTH)}1${']'.repeat(DEPTH)}`, object: `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}` };
  const PLACEHOLDER = 'deep-value-placeholder';
  describe(`a value nested ${DEPTH.toLocaleString('en')} levels deep in any probed parameter: HTTP 200, never 1199999, nothing written`, () => {
    let t: TestTopograph;
    let ids: Ids;
    useFixture((server, records) => ((t = server), (ids = records)));

    for (const e of TABLE.filter((x) => x.probes.length > 0)) {
      it(`${e.call}${e.variant ? ` (${e.variant})` : ''}`, async () => {
        const problems: string[] = [];
        for (const p of e.probes) {
          for (const [shape, deep] of Object.entries(DEEP)) {
            const body = withValue(e.base(ids, ++counter), p.path, PLACEHOLDER);
            const payload = JSON.stringify({ ...APP, bk_username: 'admin', ...body }).replace(`"${PLACEHOLDER}"`, deep);
            const before = await auditCount(t);
            const res = await t.app.inject({ method: 'POST', url: `/api/c/compapi/v2/cc/${e.call}/`, headers: { 'content-type': 'application/json' }, payload });
            const r = res.json() as EsbAnswer;
            const at = `${p.path} = deep ${shape}`;
            if (res.statusCode !== 200) problems.push(`${at}: HTTP ${res.statusCode}`);
            if (r.code === INTERNAL_ERROR) problems.push(`${at}: ${r.code} ${String(r.message).slice(0, 200)}`);
            if (r.result === false && (await auditCount(t)) !== before) problems.push(`${at}: refused, yet wrote`);
            if (String(r.message).length > 2000) problems.push(`${at}: a message of ${String(r.message).length} characters`);
          }
        }
        expect(problems).toEqual([]);
      });
    }
  });

  // The ESB's forms, and bk-cmdb's decoding behind them, read a null optional parameter as one not sent. A
  // record's values are not parameters: there null is a value ("no value"), refused where one is required.
  const RECORD_VALUE = /^(data|host_info|bk_host_list|update)\./;
  const isRecordValue = (call: string, path: string) =>
    RECORD_VALUE.test(path) ||
    (call === 'update_cloud_area' && path !== 'bk_cloud_id') ||
    (/^(create|update)_object_attribute$/.test(call) && path !== 'id');
  describe('null for an optional parameter is read as left out: the valid base body stays valid', () => {
    let t: TestTopograph;
    let ids: Ids;
    useFixture((server, records) => ((t = server), (ids = records)));

    it('a required parameter sent as null is missing, as the ESB forms say', async () => {
      const r = await t.esb('create_set', { bk_biz_id: null, data: { bk_parent_id: ids.biz, bk_set_name: `null-biz-${++counter}` } });
      expect({ code: r.code, message: r.message }).toEqual({ code: 1306000, message: '[bk_biz_id] This field is required.' });
    });

    for (const e of TABLE) {
      for (const p of e.probes) {
        if (!p.cases.some((c) => c.lenient && c.label === 'null') || isRecordValue(e.call, p.path)) continue;
        it(`${e.call}${e.variant ? ` (${e.variant})` : ''}: ${p.path} = null`, async () => {
          // every base body is valid with the optional parameter left out (the run before this one checked it)
          const nulled = await t.esb(e.call, withValue(e.base(ids, ++counter), p.path, null));
          expect({ result: nulled.result, code: nulled.code, message: nulled.message }).toEqual({ result: true, code: 0, message: 'success' });
        });
      }
    }
  });
});
