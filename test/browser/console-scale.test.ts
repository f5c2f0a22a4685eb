import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, esbAs, shot, openConsole, type ConsoleServer, type ConsoleSession } from './support.js';

const SETS = 100;
const MODULES_PER_SET = 100;

/**
 * A topology of 10,000 modules (100 sets made from a set template of 100 service templates) stays
 * responsive: sets open on demand, only open sets' modules are in the page, filtering finds modules.
 */
describe('web console: a topology of 10,000 modules', () => {
  let session: ConsoleSession;
  let srv: ConsoleServer;
  let page: Page;
  let bizId: number;
  let errors: string[];

  beforeAll(async () => {
    session = await openConsole({
      seed: async (srv) => {
        const esb = (name: string, body: Record<string, unknown>) => esbAs(srv.url, ADMIN_TOKEN, name, body);
        bizId = (await esb('create_business', { data: { bk_biz_name: 'big', bk_biz_maintainer: 'admin' } })).bk_biz_id;
        const templateIds: number[] = [];
        for (let i = 0; i < MODULES_PER_SET; i++) {
          const t = await esb('create_service_template', { bk_biz_id: bizId, name: `svc-${String(i).padStart(3, '0')}`, service_category_id: 2 });
          templateIds.push(t.id);
        }
        const setTemplate = await esb('create_set_template', { bk_biz_id: bizId, name: 'tier', service_template_ids: templateIds });
        for (let i = 0; i < SETS; i++) {
          await esb('create_set', { bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: `set-${String(i).padStart(3, '0')}`, set_template_id: setTemplate.id } });
        }
        await esb('add_host_to_business_idle', { bk_biz_id: bizId, bk_host_list: [{ bk_host_innerip: '10.9.0.1' }, { bk_host_innerip: '10.9.0.2' }] });
      },
    });
    ({ srv, page, errors } = session);
  }, 180_000);

  afterAll(async () => session?.close());

  it('shows the tree at once, modules only of the sets that are open', async () => {
    const t0 = Date.now();
    await page.goto(`${srv.url}/businesses/${bizId}/topology`);
    await page.getByText(`${SETS} sets · 10,000 modules`).waitFor();
    await page.getByRole('complementary', { name: 'Idle pool' }).locator('li', { hasText: 'idle host' }).getByText('2 hosts').waitFor();
    const loaded = Date.now() - t0;
    expect(await page.locator('li.set-node').count()).toBe(SETS);
    expect(await page.locator('li.module-node').count()).toBe(0);

    const t1 = Date.now();
    await page.getByRole('button', { name: 'Open set set-042' }).click();
    await page.locator('li.module-node').nth(MODULES_PER_SET - 1).waitFor();
    const opened = Date.now() - t1;
    expect(await page.locator('li.module-node').count()).toBe(MODULES_PER_SET);
    await page.getByRole('button', { name: 'Close set set-042' }).scrollIntoViewIfNeeded();
    await shot(page, '20-topology-10000-modules', { fullPage: false });

    const t2 = Date.now();
    await page.getByLabel('Filter sets and modules').fill('svc-007');
    // Every set holds a match: each opens, showing that one module.
    await page.waitForFunction((n) => document.querySelectorAll('li.set-node ul.modules').length === n && document.querySelectorAll('li.module-node').length === n, SETS);
    expect(await page.locator('li.module-node', { hasText: 'svc-008' }).count()).toBe(0);
    const filtered = Date.now() - t2;
    await shot(page, '21-topology-10000-modules-filtered', { fullPage: false });
    // Generous bounds for a loaded CI machine; the point is that nothing renders 10,000 rows.
    console.log(`10,000 modules: loaded in ${loaded} ms, a set opened in ${opened} ms, filtered in ${filtered} ms`);
    expect(loaded).toBeLessThan(15_000);
    expect(opened).toBeLessThan(5_000);
    expect(filtered).toBeLessThan(5_000);
    expect(errors).toEqual([]);
  });
});
