import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBusiness, startTopograph, type TestTopograph } from './support/server.js';

/**
 * The seed documents' request examples, sent as written (ids taken from objects created first), must answer
 * with every field of the seed's response example, each of the seed's type.
 */
const SEEDS = '../shared/seeds';

function example(file: string, heading: RegExp): Record<string, unknown> {
  const text = readFileSync(`${SEEDS}/${file}`, 'utf8');
  const after = text.slice(text.search(heading));
  const block = /```[ \t]*(?:python|json)?[ \t]*\n([\s\S]*?)```/.exec(after)![1]!;
  return JSON.parse(block) as Record<string, unknown>;
}

const requestOf = (file: string) => example(file, /request parameter example/i);
const responseOf = (file: string) => example(file, /return result example/i);

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;

/** Same keys as the seed (at least), each value of the seed's JSON type; nulls in the seed accept null or the documented type. */
function expectSameShape(actual: Record<string, unknown>, seed: Record<string, unknown>, nullable: Record<string, string> = {}) {
  for (const [key, seedValue] of Object.entries(seed)) {
    expect(actual, `field ${key}`).toHaveProperty(key);
    const value = actual[key];
    if (seedValue === null) {
      if (value !== null) expect(typeof value, `field ${key}`).toBe(nullable[key]);
    } else if (typeof seedValue === 'object' && !Array.isArray(seedValue)) {
      expectSameShape(value as Record<string, unknown>, seedValue as Record<string, unknown>);
    } else {
      expect(typeof value, `field ${key}`).toBe(typeof seedValue);
    }
  }
}

describe('the seed examples', () => {
  let t: TestTopograph;
  let bizId: number;
  beforeAll(async () => {
    t = await startTopograph();
    bizId = await makeBusiness(t, 'seed-biz', 'admin');
  });
  afterAll(() => t.stop());

  const send = (file: string, patch: (req: Record<string, any>) => void) => {
    const req = requestOf(file) as Record<string, any>;
    patch(req);
    // The seed's own general parameters name a trusted app "esb_test"; only the secret differs.
    return t.esb(file.startsWith('000') ? 'create_cloud_area' : file.startsWith('001') ? 'create_set' : 'create_module', {
      ...req,
      bk_app_secret: 'test-secret-123',
      bk_token: undefined,
      bk_username: 'admin',
    });
  };

  it('create_cloud_area answers data.created {origin_index, id}', async () => {
    const r = await send('000_5ae5a56321cf242f.txt', () => undefined);
    const seed = responseOf('000_5ae5a56321cf242f.txt');
    expect(r.result).toBe(true);
    expect(Object.keys(r).filter((k) => k !== 'headers' && k !== 'status').sort()).toEqual(Object.keys(seed).sort());
    expectSameShape(r.data, seed.data as Record<string, unknown>);
    expect(r.data.created.origin_index).toBe(0);
    expect(r.data.created.id).toBeGreaterThan(0);
  });

  it('create_set answers every field of the seed response', async () => {
    // The seed's set_template_id names a set template of the business, created first.
    const tpl = await t.esb('create_set_template', { bk_biz_id: bizId, name: 'seed-set-template', service_template_ids: [] });
    const r = await send('001_52c0abcba0abb370.txt', (req) => {
      req.bk_biz_id = bizId;
      req.data.bk_parent_id = bizId;
      req.data.set_template_id = tpl.data.id;
    });
    expect(r.message).toBe('success');
    const seed = responseOf('001_52c0abcba0abb370.txt');
    expectSameShape(r.data, seed.data as Record<string, unknown>, { set_template_version: 'object' });
    expect(r.data).toMatchObject({
      bk_biz_id: bizId,
      bk_parent_id: bizId,
      bk_set_name: 'test-set',
      bk_set_desc: 'test-set',
      bk_capacity: 1000,
      description: 'description',
      default: 0,
      bk_set_env: '3',
      bk_service_status: '1',
      bk_supplier_account: '0',
      set_template_version: null,
    });
    expect(r.data.create_time).toMatch(TIME);
    expect(r.data.create_time).toMatch(/\+08:00$/);
    expect(r.data.last_time).toBe(r.data.create_time);
  });

  it('create_module answers every field of the seed response', async () => {
    const setId = (await t.esb('create_set', { bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: 'for-module' } })).data
      .bk_set_id as number;
    const r = await send('002_d87c2d1ba9b8f835.txt', (req) => {
      req.bk_biz_id = bizId;
      req.bk_set_id = setId;
      req.data.bk_parent_id = setId;
    });
    expect(r.message).toBe('success');
    const seed = responseOf('002_d87c2d1ba9b8f835.txt');
    expectSameShape(r.data, seed.data as Record<string, unknown>, { bk_bak_operator: 'string', operator: 'string' });
    expect(r.data).toMatchObject({
      bk_biz_id: bizId,
      bk_set_id: setId,
      bk_parent_id: setId,
      bk_module_name: 'test',
      bk_module_type: '1',
      bk_supplier_account: '0',
      default: 0,
      host_apply_enabled: false,
      operator: null,
      bk_bak_operator: null,
      service_category_id: 2,
      service_template_id: 0,
      set_template_id: 0,
    });
    expect(r.data.create_time).toMatch(TIME);
  });
});
