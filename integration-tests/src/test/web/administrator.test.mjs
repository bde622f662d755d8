// An administrator on the page creates an account and sees the online sessions.
// PARLEY_ADMIN is the administrator ("address:password"), PARLEY_NEW_ACCOUNT the account to create.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn } from './page.mjs';

const [admin, adminPassword] = process.env.PARLEY_ADMIN.split(':');
const [account, accountPassword] = process.env.PARLEY_NEW_ACCOUNT.split(':');

test('an administrator creates an account and sees who is online', async () => {
  const browser = await launch();
  try {
    const page = await signIn(browser, admin, adminPassword);
    await page.fill('#create-account input[name=address]', account);
    await page.fill('#create-account input[name=password]', accountPassword);
    await page.click('#create-account button[type=submit]');
    await page.waitForSelector(`[data-testid=account-created]:text-is("Created ${account}.")`);

    // The new account signs in on the page too, and the administrator sees its session.
    await signIn(browser, account, accountPassword);
    await page.locator('#sessions td', { hasText: account + '/web-' }).waitFor();
    assert.match(await page.locator('[data-testid=session-counts]').textContent(), /\d+ http/);
  } finally {
    await browser.close();
  }
});
