import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, esbAs, shot, openConsole, type ConsoleServer, type ConsoleSession } from './support.js';

const BUSINESSES = 205;
const name = (i: number) => `biz-${String(i).padStart(3, '0')}`;

/** The business picker lists 200 businesses at once; past that, a name filter reaches every other one. */
describe('web console: the business picker with more businesses than it lists', () => {
  let session: ConsoleSession;
  let srv: ConsoleServer;
  let page: Page;
  const ids = new Map<string, number>();
  let errors: string[];

  beforeAll(async () => {
    session = await openConsole({
      seed: async (srv) => {
        for (let i = 0; i < BUSINESSES; i++) {
          const biz = await esbAs(srv.url, ADMIN_TOKEN, 'create_business', { data: { bk_biz_name: name(i), bk_biz_maintainer: 'admin' } });
          ids.set(name(i), biz.bk_biz_id);
        }
      },
    });
    ({ srv, page, errors } = session);
  }, 120_000);

  afterAll(async () => session?.close());

  const optionLabels = () => page.getByLabel('Business', { exact: true }).locator('option:not([disabled])').allTextContents();

  it('lists the first 200 by name, says how many more, and finds the others by name', async () => {
    await page.goto(`${srv.url}/hosts`);
    await page.getByText('5 more: narrow by name').waitFor();
    const first = await optionLabels();
    expect(first).toHaveLength(200);
    expect(first[0]).toBe('biz-000');
    // search_business leaves the resource pool out: biz-200 … biz-204 are beyond the list.
    expect(first).not.toContain(name(204));

    await page.getByLabel('Find a business by name').fill('biz-204');
    await expect.poll(optionLabels).toEqual(['biz-204']);
    await expect.poll(() => page.getByText(/more: narrow by name/).count()).toBe(0);
    await shot(page, '60-business-picker-filter', { fullPage: false });
    await page.getByLabel('Business', { exact: true }).selectOption({ label: 'biz-204' });
    await page.waitForURL(`${srv.url}/hosts?biz=${ids.get('biz-204')}`);

    await page.getByLabel('Find a business by name').fill('no-such-business');
    await page.getByRole('option', { name: 'No business matches' }).waitFor({ state: 'attached' });
    expect(errors).toEqual([]);
  });
});
