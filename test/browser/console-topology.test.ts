import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, cliToken, shot, signIn, openConsole, type ConsoleServer, type ConsoleSession } from './support.js';

/**
 * The web console in Debian's Chromium against the real server on a fresh database: sign-in, businesses,
 * a topology built by hand, hosts added and moved, sign-out, and what a refused token or a missing
 * permission looks like.
 */
describe('web console: sign-in, businesses, topology, hosts', () => {
  let session: ConsoleSession;
  let srv: ConsoleServer;
  let page: Page;
  let errors: string[];
  const calls: Request[] = [];

  beforeAll(async () => {
    session = await openConsole({ signedIn: false });
    ({ srv, page, errors } = session);
    page.on('request', (r) => {
      if (/\/(api|openapi)\//.test(r.url())) calls.push(r);
    });
  }, 120_000);

  afterAll(async () => session?.close());

  const row = (text: string) => page.locator('tr', { hasText: text });

  it('serves the console at / and refuses a wrong token with a clear message', async () => {
    const res = await page.goto(`${srv.url}/`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.getByLabel('Access token').fill('not-a-real-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#token-error').waitFor();
    expect(await page.locator('#token-error').textContent()).toContain('not valid');
    await shot(page, '01-sign-in-refused');
    expect(await page.evaluate(() => sessionStorage.getItem('topograph.token'))).toBeNull();
  });

  it('signs in with the bootstrap token, kept in sessionStorage only', async () => {
    await signIn(page, srv.url);
    await page.getByText('No business yet').waitFor();
    expect(page.url()).toBe(`${srv.url}/businesses`);
    expect(await page.evaluate(() => sessionStorage.getItem('topograph.token'))).toBe(ADMIN_TOKEN);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
  });

  it('creates, finds and edits a business; a duplicate name shows beside the field', async () => {
    await page.getByRole('button', { name: 'New business' }).click();
    const dialog = page.getByRole('dialog');
    // The form follows the model: required marks on the required attributes.
    await dialog.getByLabel('Business name').fill('shop');
    expect(await dialog.locator('label[for="f-biz-bk_biz_name"] abbr[title="required"]').count()).toBe(1);
    await dialog.getByLabel('Maintainers').fill('admin');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await row('shop').waitFor();

    await page.getByRole('button', { name: 'New business' }).click();
    await dialog.getByLabel('Business name').fill('shop');
    await dialog.getByLabel('Maintainers').fill('admin');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const err = dialog.locator('#f-biz-bk_biz_name-error');
    await err.waitFor();
    expect(await err.textContent()).toContain('duplicated');
    expect(await dialog.getByLabel('Business name').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'New business' }).click();
    await dialog.getByLabel('Business name').fill('scratch');
    await dialog.getByLabel('Maintainers').fill('admin');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await row('scratch').waitFor();

    await page.getByLabel('Search businesses by name').fill('sho');
    await page.locator('tbody tr').first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    expect(await page.locator('tbody').textContent()).toContain('shop');

    await row('shop').getByRole('button', { name: 'Edit' }).click();
    await dialog.getByLabel('Life cycle').selectOption({ label: 'testing' });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await row('shop').getByText('testing').waitFor();
    await page.getByLabel('Search businesses by name').fill('');
    await row('scratch').waitFor();
    await shot(page, '02-businesses');
  });

  it('archives and restores a business', async () => {
    await row('scratch').getByRole('button', { name: 'Archive' }).click();
    await row('scratch').getByRole('button', { name: 'Yes' }).click();
    await page.getByText('Business “scratch” archived').waitFor();
    await page.waitForFunction(() => !document.querySelector('tbody')?.textContent?.includes('scratch'));
    await page.getByLabel('Archived only').check();
    await row('scratch').getByText('archived').waitFor();
    await row('scratch').getByRole('button', { name: 'Restore' }).click();
    await row('scratch').getByRole('button', { name: 'Yes' }).click();
    await page.getByText('Business “scratch” restored').waitFor();
    await page.getByLabel('Archived only').uncheck();
    await row('scratch').getByText('active').waitFor();
  });

  it('builds a topology in place: sets and modules created, renamed, deleted', async () => {
    await page.getByRole('link', { name: 'shop' }).click();
    await page.getByText('No set yet').waitFor();
    const dialog = page.getByRole('dialog');
    const newSet = async (name: string) => {
      await page.getByRole('button', { name: 'New set' }).click();
      await dialog.getByLabel('Set name').fill(name);
      await dialog.getByRole('button', { name: 'Create' }).click();
      await page.getByRole('button', { name: name, exact: true }).waitFor();
    };
    await newSet('web');
    await newSet('db');

    await page.getByRole('button', { name: 'Add a module to web' }).click();
    await dialog.getByLabel('Module name').fill('nginx');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const tree = page.getByRole('list', { name: 'Sets of shop' });
    await tree.getByText('nginx', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Add a module to web' }).click();
    await dialog.getByLabel('Module name').fill('nginx');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.locator('#f-module-bk_module_name-error').waitFor();
    await dialog.getByLabel('Module name').fill('php');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await tree.getByText('php', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Rename module nginx' }).click();
    await page.getByLabel('New name of module nginx').fill('nginx-1');
    await page.getByLabel('New name of module nginx').press('Enter');
    await tree.getByText('nginx-1', { exact: true }).waitFor();

    const db = page.locator('li.set-node', { hasText: 'db' });
    await db.getByRole('button', { name: 'Delete' }).first().click();
    await db.getByRole('button', { name: 'Yes' }).click();
    await page.getByText('Set “db” deleted').waitFor();
    expect(await tree.locator('li.set-node').count()).toBe(1);

    const idle = page.getByRole('complementary', { name: 'Idle pool' });
    for (const m of ['idle host', 'fault host', 'recycle host']) await idle.getByText(m).waitFor();
    await shot(page, '03-topology');
  });

  it('adds hosts and moves them to a module and to the fault module', async () => {
    await page.getByRole('link', { name: 'Hosts of this business' }).click();
    await page.getByText('This business has no host yet').waitFor();
    await page.getByRole('button', { name: 'Add hosts' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Inner IP').fill('10.0.0.1\nnot-an-ip');
    await dialog.getByRole('button', { name: 'Add' }).click();
    const ipError = dialog.locator('#f-host-bk_host_innerip-error');
    await ipError.waitFor();
    expect(await ipError.textContent()).toContain('regular');
    await dialog.getByLabel('Inner IP').fill('10.0.0.1\n10.0.0.2');
    await dialog.getByLabel('Host name').fill('web-host');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await row('10.0.0.1').waitFor();
    await row('10.0.0.2').getByText('idle pool / idle host').waitFor();

    await page.getByLabel('Select host 10.0.0.1').check();
    await page.getByRole('button', { name: 'Move to module…' }).click();
    await dialog.getByLabel('Set').selectOption({ label: 'web' });
    await dialog.getByLabel('Module').selectOption({ label: 'nginx-1' });
    await dialog.getByRole('button', { name: 'Move' }).click();
    await row('10.0.0.1').getByText('web / nginx-1').waitFor();

    await page.getByLabel('Select host 10.0.0.2').check();
    await page.getByRole('button', { name: 'To fault' }).click();
    await row('10.0.0.2').getByText('idle pool / fault host').waitFor();

    await page.getByLabel('Filter by IP').fill('10.0.0.2');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await page.getByLabel('Filter by set').selectOption({ label: 'web' });
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1 && document.querySelector('tbody')!.textContent!.includes('10.0.0.1'));
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await row('10.0.0.2').waitFor();
    await shot(page, '04-hosts');

    // The topology counts them.
    await page.goto(`${srv.url}/businesses/2/topology`);
    const web = page.locator('li.set-node', { hasText: 'web' });
    await web.locator('.count', { hasText: '1 host' }).first().waitFor();
    await page.getByRole('complementary', { name: 'Idle pool' }).locator('li', { hasText: 'fault host' }).getByText('1 host').waitFor();
    await shot(page, '05-topology-with-hosts');
  });

  it('refuses to archive a business that holds hosts, saying why', async () => {
    await page.getByRole('link', { name: 'Businesses' }).click();
    await row('shop').getByRole('button', { name: 'Archive' }).click();
    await row('shop').getByRole('button', { name: 'Yes' }).click();
    await page.locator('.notice.error').waitFor();
    expect(await page.locator('.notice.error').textContent()).toMatch(/host/i);
  });

  it('signs out, forgetting the token', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('topograph.token'))).toBeNull();
    await page.reload();
    await page.getByLabel('Access token').waitFor();
  });

  it('shows a missing permission (9900403, 403) and a revoked token (1306000, 401) plainly', async () => {
    const token = cliToken(srv.db.url, 'bob');
    await signIn(page, srv.url, token);
    await page.getByRole('button', { name: 'New business' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Business name').fill('bobs');
    await dialog.getByLabel('Maintainers').fill('bob');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText('No permission').first().waitFor();
    expect(await dialog.getByRole('alert').first().textContent()).toMatch(/No permission/);
    await shot(page, '06-no-permission');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('link', { name: 'Data centers' }).click();
    await page.getByText('No permission').first().waitFor();

    // The token is revoked while the console holds it: the next call lands on the sign-in page, saying so.
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'tokens', 'remove', 'bob'], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: srv.db.url },
    });
    expect(r.status).toBe(0);
    await page.getByRole('link', { name: 'Businesses' }).click();
    await page.getByText('The server refused your access token').waitFor();
    await page.getByLabel('Access token').waitFor();
    await shot(page, '07-token-refused');
  });

  it('sent every call with the bearer token and never an app secret', () => {
    expect(calls.length).toBeGreaterThan(20);
    for (const c of calls) {
      const auth = c.headers().authorization ?? '';
      expect(auth).toMatch(/^Bearer \S+$/);
      const body = c.postData() ?? '';
      expect(body).not.toContain('bk_app_secret');
      expect(body).not.toContain('bk_app_code');
    }
    expect(errors.filter((e) => !/401|403/.test(e))).toEqual([]);
  });
});
