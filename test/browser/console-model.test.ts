import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, esbAs, shot, openConsole, type ConsoleServer, type ConsoleSession } from './support.js';

/**
 * The web console's administration views in Debian's Chromium against the real server: cloud areas, data
 * centers (regions), custom attributes and a form that honours them, and the audit with its diff.
 */
describe('web console: cloud areas, data centers, the model, the audit', () => {
  let session: ConsoleSession;
  let srv: ConsoleServer;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    session = await openConsole();
    ({ srv, page, errors } = session);
  }, 120_000);

  afterAll(async () => session?.close());

  const row = (text: string) => page.locator('tbody tr', { hasText: text });
  const dialog = () => page.getByRole('dialog');

  it('lists, creates, renames and deletes cloud areas', async () => {
    await page.getByRole('link', { name: 'Cloud areas' }).click();
    await row('Default Area').getByText('built in').waitFor();
    await page.getByRole('button', { name: 'New cloud area' }).click();
    await dialog().getByLabel('Cloud area name').fill('vpc-east');
    await dialog().getByRole('button', { name: 'Create' }).click();
    await row('vpc-east').waitFor();

    await page.getByRole('button', { name: 'Rename cloud area vpc-east' }).click();
    await page.getByLabel('New name of cloud area vpc-east').fill('Default Area');
    await page.getByLabel('New name of cloud area vpc-east').press('Enter');
    await page.locator('.rename .field-error').waitFor();
    await page.getByLabel('New name of cloud area vpc-east').fill('vpc-east-1');
    await page.getByLabel('New name of cloud area vpc-east').press('Enter');
    await row('vpc-east-1').waitFor();

    await page.getByRole('button', { name: 'New cloud area' }).click();
    await dialog().getByLabel('Cloud area name').fill('vpc-west');
    await dialog().getByRole('button', { name: 'Create' }).click();
    await row('vpc-west').waitFor();
    await row('vpc-west').getByRole('button', { name: 'Delete' }).click();
    await row('vpc-west').getByRole('button', { name: 'Yes' }).click();
    await page.getByText('Cloud area “vpc-west” deleted').waitFor();
    await page.waitForFunction(() => !document.querySelector('tbody')?.textContent?.includes('vpc-west'));
    await shot(page, '10-cloud-areas');
  });

  it('adds a data center (errors beside their fields, a failed connection test), edits it, changes its status, deletes one', async () => {
    await page.getByRole('link', { name: 'Data centers' }).click();
    await page.getByText('No data center yet').waitFor();
    await page.getByRole('button', { name: 'Add data center' }).click();
    const d = dialog();
    await d.getByLabel('Name').fill('sh 01');
    await d.getByRole('button', { name: 'Add', exact: true }).click();
    // One answer names every broken field; each message sits beside its field.
    await d.locator('#rf-region_name-error').waitFor();
    expect(await d.locator('#rf-region_name-error').textContent()).toContain('letters, digits');
    expect(await d.locator('#rf-region_alias-error').textContent()).toContain('required');
    expect(await d.locator('#rf-url-error').count()).toBe(1);
    await shot(page, '11-region-field-errors');

    await d.getByLabel('Name').fill('sh-01');
    await d.getByLabel('Alias').fill('Shanghai');
    await d.getByLabel('API URL').fill('https://127.0.0.1:1');
    await d.getByLabel('WebSocket URL').fill('ws://10.20.30.40:6060');
    await d.getByLabel('HTTP domain').fill('apps.example.com');
    await d.getByLabel('TCP domain').fill('10.20.30.40');
    await d.getByLabel('Client private key (PEM, write-only)').fill('not a key');
    await d.getByRole('button', { name: 'Add', exact: true }).click();
    await d.locator('#rf-key_file-error').waitFor();

    // The connection test: nothing listens on port 1, so nothing is stored.
    await d.getByLabel('Client private key (PEM, write-only)').fill('');
    await d.getByLabel(/Test the connection first/).check();
    await d.getByRole('button', { name: 'Add', exact: true }).click();
    await d.locator('#rf-url-error').waitFor();
    expect(await d.locator('#rf-url-error').textContent()).toContain('127.0.0.1:1');

    await d.getByLabel(/Test the connection first/).uncheck();
    await d.getByLabel('API URL').fill('https://10.20.30.40:8443');
    await d.getByRole('button', { name: 'Add', exact: true }).click();
    await row('sh-01').locator('.badge', { hasText: 'online' }).waitFor();

    await row('sh-01').getByLabel('Change the status of sh-01').selectOption({ label: 'maintenance' });
    await row('sh-01').locator('.badge', { hasText: 'maintenance' }).waitFor();

    await page.getByRole('button', { name: 'Edit sh-01' }).click();
    expect(await d.getByLabel('Client private key (PEM, write-only)').inputValue()).toBe('');
    await d.getByLabel('Alias').fill('SH');
    await d.getByRole('button', { name: 'Save' }).click();
    await row('sh-01').getByText('SH', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Add data center' }).click();
    for (const [label, value] of [
      ['Name', 'bj-01'],
      ['Alias', 'Beijing'],
      ['API URL', 'https://10.1.1.1:8443'],
      ['WebSocket URL', 'ws://10.1.1.1:6060'],
      ['HTTP domain', 'bj.example.com'],
      ['TCP domain', '10.1.1.1'],
    ] as const) {
      await d.getByLabel(label).first().fill(value);
    }
    await d.getByLabel('Status').selectOption({ label: 'offline' });
    await d.getByRole('button', { name: 'Add', exact: true }).click();
    await row('bj-01').locator('.badge', { hasText: 'offline' }).waitFor();
    await shot(page, '12-regions');

    await row('bj-01').getByRole('button', { name: 'Delete' }).click();
    await row('bj-01').getByRole('button', { name: 'Yes' }).click();
    await page.getByText('Data center bj-01 deleted').waitFor();
  });

  it('adds custom attributes; an invalid definition shows beside its field', async () => {
    await page.getByRole('link', { name: 'Model' }).click();
    await page.getByRole('link', { name: 'Set', exact: true }).click();
    await row('bk_set_name').waitFor();
    await page.getByRole('button', { name: 'New attribute' }).click();
    const d = dialog();
    await d.getByLabel('Property ID').fill('1bad');
    await d.getByLabel('Display name').fill('bad');
    await d.getByRole('button', { name: 'Add attribute' }).click();
    await d.locator('#af-bk_property_id-error').waitFor();

    await d.getByLabel('Property ID').fill('owner_team');
    await d.getByLabel('Display name').fill('team');
    await d.getByLabel('Required').check();
    await d.getByLabel('Regular expression').fill('^[a-z-]+$');
    await d.getByRole('button', { name: 'Add attribute' }).click();
    await row('owner_team').getByText('custom').waitFor();

    await page.getByRole('button', { name: 'New attribute' }).click();
    await d.getByLabel('Property ID').fill('tier');
    await d.getByLabel('Display name').fill('tier');
    await d.getByLabel('Type').selectOption('enum');
    await d.getByLabel('Option 1 id').fill('front');
    await d.getByLabel('Option 1 name').fill('front end');
    await d.getByRole('button', { name: '+ Option' }).click();
    await d.getByLabel('Option 2 id').fill('back');
    await d.getByLabel('Option 2 name').fill('back end');
    await d.getByRole('button', { name: 'Add attribute' }).click();
    await row('tier').getByText('front end (default), back end').waitFor();

    await page.getByRole('button', { name: 'New attribute' }).click();
    await d.getByLabel('Property ID').fill('scratch_note');
    await d.getByLabel('Display name').fill('note');
    await d.getByRole('button', { name: 'Add attribute' }).click();
    await row('scratch_note').waitFor();
    await page.getByRole('button', { name: 'Edit scratch_note' }).click();
    await d.getByLabel('Display name').fill('scratch note');
    await d.getByRole('button', { name: 'Save' }).click();
    await row('scratch note').waitFor();
    await row('scratch_note').getByRole('button', { name: 'Delete' }).click();
    await row('scratch_note').getByRole('button', { name: 'Yes' }).click();
    await page.getByText('Attribute scratch_note deleted').waitFor();
    await shot(page, '13-model-set');

    // Business sets are an object of the model too, with their built-in attributes.
    await page.getByRole('link', { name: 'Business set', exact: true }).click();
    await row('bk_biz_set_name').waitFor();
    await page.getByRole('caption').getByText('Attributes of business set').waitFor();
    // and so are processes (the service instances' processes)
    await page.getByRole('link', { name: 'Process', exact: true }).click();
    await row('bk_func_name').waitFor();
    await page.getByRole('caption').getByText('Attributes of process').waitFor();
  });

  it('a set form follows the model: the required mark, the enum select, the server refusal beside the field', async () => {
    const biz = await esbAs(srv.url, ADMIN_TOKEN, 'create_business', { data: { bk_biz_name: 'shop', bk_biz_maintainer: 'admin' } });
    await page.goto(`${srv.url}/businesses/${biz.bk_biz_id}/topology`);
    await page.getByRole('button', { name: 'New set' }).click();
    const d = dialog();
    const team = d.getByLabel('Team');
    await team.waitFor();
    expect(await d.locator('label[for="f-set-owner_team"] abbr[title="required"]').count()).toBe(1);
    expect(await team.getAttribute('aria-required')).toBe('true');
    const tierOptions = await d.getByLabel('Tier').locator('option').allTextContents();
    expect(tierOptions).toEqual(['—', 'front end', 'back end']);
    expect(await d.getByLabel('Tier').inputValue()).toBe('front');

    await d.getByLabel('Set name').fill('web');
    await d.getByRole('button', { name: 'Create' }).click();
    const teamError = d.locator('#f-set-owner_team-error');
    await teamError.waitFor();
    expect(await teamError.textContent()).toContain("'owner_team' unassigned");

    await team.fill('Ops Team');
    await d.getByRole('button', { name: 'Create' }).click();
    await d.locator('#f-set-owner_team-error', { hasText: 'regular' }).waitFor();
    expect(await team.getAttribute('aria-invalid')).toBe('true');
    expect(await d.locator('#f-set-bk_set_name-error').count()).toBe(0);
    await shot(page, '14-set-form-server-error');

    await d.getByLabel('Design capacity').fill('many');
    await team.fill('ops');
    await d.getByRole('button', { name: 'Create' }).click();
    await d.locator('#f-set-bk_capacity-error').waitFor();
    await d.getByLabel('Design capacity').fill('100');
    await d.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('button', { name: 'web', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Rename set web' }).click();
    await page.getByLabel('New name of set web').fill('web-2');
    await page.getByLabel('New name of set web').press('Enter');
    await page.getByRole('button', { name: 'web-2', exact: true }).waitFor();
  });

  it('shows the audit: the entries, filters, and a before/after diff', async () => {
    await page.getByRole('link', { name: 'Audit' }).click();
    await row('web').first().waitFor();
    await page.getByLabel('Resource type').selectOption('set');
    await page.getByRole('group', { name: 'Actions' }).getByLabel('update').check();
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    expect(await row('web-2').textContent()).toContain('admin');
    await shot(page, '15-audit');

    await row('web-2').getByRole('link', { name: /Details/ }).click();
    const diff = page.getByRole('table', { name: 'Before and after' });
    const nameRow = diff.locator('tr', { hasText: 'bk_set_name' });
    await nameRow.waitFor();
    expect(await nameRow.getAttribute('class')).toContain('changed');
    expect(await nameRow.locator('td.before').textContent()).toBe('web');
    expect(await nameRow.locator('td.after').textContent()).toBe('web-2');
    expect(await diff.locator('tr', { hasText: 'owner_team' }).locator('td').nth(2).textContent()).toBe('ops');
    await page.getByText('via topograph-console').waitFor();
    await shot(page, '16-audit-diff');
    await page.getByLabel('Changed fields only').check();
    await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 2);
    expect(await diff.locator('tbody tr').allTextContents()).toEqual([expect.stringContaining('bk_set_name'), expect.stringContaining('last_time')]);

    // A region's key never comes back, not even in the audit.
    await page.getByRole('link', { name: '‹ Audit' }).click();
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Resource type').selectOption('region');
    await page.getByRole('button', { name: 'Search' }).click();
    await row('sh-01').first().waitFor();
    expect(errors).toEqual([]);
  });
});
