import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { auditCount, expectRefused, ok } from './support/fixtures.js';
import { makeBusiness, startTopograph, type TestTopograph } from './support/server.js';

/** bind_host_agent / unbind_host_agent: a host's bk_agent_id, set and cleared, all or none. */

const INVALID = 1199006;
const REQUIRED = 1199010;
const DUPLICATE = 1199014;
const TOO_MANY = 1199035;
const HOST_NOT_FOUND = 1110008;
const NO_PERMISSION = 9900403;

type Row = Record<string, unknown>;

describe(`host agents (${TEST_DB})`, () => {
  let t: TestTopograph;
  let biz: number;
  let h1: number;
  let h2: number;
  let h3: number;

  const agentsOf = async (...ids: number[]) => {
    const rows = ok(await t.esb('list_hosts_without_biz', { fields: ['bk_host_id', 'bk_agent_id'], page: { start: 0, limit: 500 } })).info as Row[];
    return ids.map((id) => rows.find((r) => r.bk_host_id === id)?.bk_agent_id ?? null);
  };
  const bind = (list: Row[]) => t.esb('bind_host_agent', { list });
  const unbind = (list: Row[]) => t.esb('unbind_host_agent', { list });

  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'agents', 'admin,carol');
    [h1, h2, h3] = ok(
      await t.esb('add_host_to_business_idle', {
        bk_biz_id: biz,
        bk_host_list: [{ bk_host_innerip: '10.60.0.1' }, { bk_host_innerip: '10.60.0.2' }, { bk_host_innerip: '10.60.0.3' }],
      }),
    ).bk_host_ids as number[];
  });
  afterAll(() => t?.stop());

  it('binds agents to hosts, answers null, audits each host and tells watchers', async () => {
    const audits = await auditCount(t);
    expect(ok(await bind([{ bk_host_id: h1, bk_agent_id: 'agent01' }, { bk_host_id: h2, bk_agent_id: 'agent02' }]))).toBeNull();
    expect(await agentsOf(h1, h2, h3)).toEqual(['agent01', 'agent02', '']);
    expect(await auditCount(t)).toBe(audits + 2);
    const events = ok(await t.esb('resource_watch', { bk_resource: 'host', bk_event_types: ['update'], bk_start_from: 0 })).bk_events as Row[];
    expect(events.map((e) => (e.bk_detail as Row).bk_agent_id)).toEqual(expect.arrayContaining(['agent01', 'agent02']));
  });

  it('binding a host to the agent it has already changes nothing and records nothing', async () => {
    const audits = await auditCount(t);
    ok(await bind([{ bk_host_id: h1, bk_agent_id: 'agent01' }]));
    expect(await auditCount(t)).toBe(audits);
  });

  it('refuses a host bound to another agent, and an agent bound to another host, writing nothing', async () => {
    const other = await expectRefused(t, () => bind([{ bk_host_id: h3, bk_agent_id: 'agent03' }, { bk_host_id: h1, bk_agent_id: 'agent09' }]), INVALID);
    expect(other.message).toContain("'list[1].bk_host_id' host");
    expect(other.message).toContain('bound to agent agent01 already');
    const taken = await expectRefused(t, () => bind([{ bk_host_id: h3, bk_agent_id: 'agent02' }]), DUPLICATE);
    expect(taken.message).toContain(`is already host ${h2}`);
    // all or none: h3, first in the refused batch, was not bound
    expect(await agentsOf(h1, h2, h3)).toEqual(['agent01', 'agent02', '']);
  });

  it('unbinds an agent from its host; a host not bound to the agent named is refused', async () => {
    const wrong = await expectRefused(t, () => unbind([{ bk_host_id: h2, bk_agent_id: 'agent01' }]), INVALID);
    expect(wrong.message).toBe(`'list[0].bk_agent_id' host ${h2} is not bound to agent agent01 (it is bound to agent02)`);
    const none = await expectRefused(t, () => unbind([{ bk_host_id: h3, bk_agent_id: 'agent03' }]), INVALID);
    expect(none.message).toContain('(it has none)');
    const audits = await auditCount(t);
    expect(ok(await unbind([{ bk_host_id: h1, bk_agent_id: 'agent01' }]))).toBeNull();
    expect(await auditCount(t)).toBe(audits + 1);
    expect(await agentsOf(h1, h2)).toEqual(['', 'agent02']);
    // the agent is free again: another host may take it
    ok(await bind([{ bk_host_id: h3, bk_agent_id: 'agent01' }]));
    expect(await agentsOf(h3)).toEqual(['agent01']);
  });

  it('checks the list whole: shape, repeats, the agent id rule, unknown hosts and the cap, each named', async () => {
    const cases: Array<[unknown, number, string]> = [
      [[], REQUIRED, 'list'],
      ['x', INVALID, 'list'],
      [[5], INVALID, 'list[0]'],
      [[{ bk_agent_id: 'a1' }], REQUIRED, 'list[0].bk_host_id'],
      [[{ bk_host_id: '1', bk_agent_id: 'a1' }], INVALID, 'list[0].bk_host_id'],
      [[{ bk_host_id: h2 }], REQUIRED, 'list[0].bk_agent_id'],
      [[{ bk_host_id: h2, bk_agent_id: 'has space' }], 1199016, 'list[0].bk_agent_id'],
      [[{ bk_host_id: h2, bk_agent_id: 'a1' }, { bk_host_id: h2, bk_agent_id: 'a2' }], INVALID, 'list[1].bk_host_id'],
      [[{ bk_host_id: h2, bk_agent_id: 'a1' }, { bk_host_id: h1, bk_agent_id: 'a1' }], DUPLICATE, 'fields [bk_agent_id] duplicated: list[1] repeats list[0]'],
      [[{ bk_host_id: 999999, bk_agent_id: 'a1' }], HOST_NOT_FOUND, '999999'],
      [Array.from({ length: 201 }, (_, i) => ({ bk_host_id: i + 1, bk_agent_id: `a${i}` })), TOO_MANY, 'list'],
    ];
    for (const [list, code, named] of cases) {
      const r = await expectRefused(t, () => t.esb('bind_host_agent', { list }), code);
      expect(r.message, JSON.stringify(list).slice(0, 80)).toContain(named);
    }
  });

  it('stores the agent id as the model normalises it: trimmed; blank ones are refused as missing', async () => {
    ok(await unbind([{ bk_host_id: h3, bk_agent_id: 'agent01' }]));
    ok(await bind([{ bk_host_id: h3, bk_agent_id: '  padded01 ' }]));
    expect(await agentsOf(h3)).toEqual(['padded01']);
    // the same agent written another way is the same agent
    expect(await agentsOf(h1)).toEqual(['']);
    const same = await expectRefused(t, () => bind([{ bk_host_id: h1, bk_agent_id: 'padded01  ' }]), DUPLICATE);
    expect(same.message).toContain(`is already host ${h3}`);
    ok(await unbind([{ bk_host_id: h3, bk_agent_id: ' padded01' }]));
    expect(await agentsOf(h3)).toEqual(['']);
    const blank = await expectRefused(t, () => bind([{ bk_host_id: h3, bk_agent_id: '   ' }]), REQUIRED);
    expect(blank.message).toContain('list[0].bk_agent_id');
    expect(await agentsOf(h3)).toEqual(['']);
  });

  it("is a maintainer's: carol maintains the business, mallory does not", async () => {
    const refused = await expectRefused(t, () => t.as('mallory')('bind_host_agent', { list: [{ bk_host_id: h1, bk_agent_id: 'mallory1' }] }), NO_PERMISSION);
    expect(refused.permission).not.toBeNull();
    ok(await t.as('carol')('bind_host_agent', { list: [{ bk_host_id: h1, bk_agent_id: 'carol1' }] }));
    expect(await agentsOf(h1)).toEqual(['carol1']);
  });

  it('two binds of one agent to two hosts at once: exactly one wins', async () => {
    const [a, b] = await Promise.all([bind([{ bk_host_id: h1, bk_agent_id: 'race1' }]), bind([{ bk_host_id: h2, bk_agent_id: 'race1' }])]);
    // h1 is bound to carol1 and h2 to agent02: both are refused as bound elsewhere
    expect([a.result, b.result]).toEqual([false, false]);
    ok(await unbind([{ bk_host_id: h1, bk_agent_id: 'carol1' }, { bk_host_id: h2, bk_agent_id: 'agent02' }]));
    const [c, d] = await Promise.all([bind([{ bk_host_id: h1, bk_agent_id: 'race2' }]), bind([{ bk_host_id: h2, bk_agent_id: 'race2' }])]);
    expect([c.result, d.result].filter(Boolean)).toHaveLength(1);
    expect([c, d].find((r) => !r.result)!.code).toBe(DUPLICATE);
    expect((await agentsOf(h1, h2)).filter((x) => x === 'race2')).toHaveLength(1);
  });
});
