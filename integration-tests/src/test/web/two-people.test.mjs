// Two people, each in their own browser context, become contacts on the page, see each
// other's presence change live, chat, and one blocks the other in her access rules.
// Accounts: PARLEY_ALICE / PARLEY_BOB ("address:password").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, contact, waitForPresence, say, waitForMessage } from './page.mjs';

const [alice, alicePassword] = process.env.PARLEY_ALICE.split(':');
const [bob, bobPassword] = process.env.PARLEY_BOB.split(':');

test('two people on the page see each other\'s presence and chat', async () => {
  const browser = await launch();
  try {
    const alicePage = await signIn(browser, alice, alicePassword);
    const bobPage = await signIn(browser, bob, bobPassword);

    // Alice adds Bob; Bob sees the request live and approves it (and asks back).
    await alicePage.fill('#add-contact input[name=contact]', bob);
    await alicePage.click('#add-contact button[type=submit]');
    await bobPage.locator(`#requests li[data-watcher="${alice}"] [data-testid=approve]`).click();

    await waitForPresence(alicePage, bob, 'available');
    await waitForPresence(bobPage, alice, 'available');

    // Bob changes his status: Alice sees it without reloading.
    await bobPage.selectOption('[data-testid=status-show]', 'AWAY');
    await bobPage.fill('[data-testid=status-note]', 'at lunch');
    await bobPage.click('#status button[type=submit]');
    await waitForPresence(alicePage, bob, 'away');
    assert.match(await contact(alicePage, bob).textContent(), /at lunch/);

    // They chat, both ways, live.
    await say(alicePage, bob, 'Lunch later?');
    await waitForMessage(bobPage, alice, 'Lunch later?');
    await say(bobPage, alice, 'Sure, at one');
    await waitForMessage(alicePage, bob, 'Sure, at one');

    // Alice politely blocks Bob in her access rules: the rule is listed, and Bob sees her go offline.
    await alicePage.selectOption('#add-rule select[name=scope]', 'ADDRESS');
    await alicePage.fill('#add-rule input[name=pattern]', bob);
    await alicePage.selectOption('#add-rule select[name=action]', 'POLITE_BLOCK');
    await alicePage.click('#add-rule button[type=submit]');
    const rule = alicePage.locator(`#rules li[data-pattern="${bob}"][data-action="POLITE_BLOCK"]`);
    await rule.waitFor();
    await waitForPresence(bobPage, alice, 'offline');

    // She removes the rule again: it is no longer listed.
    await rule.locator('button').click();
    await rule.waitFor({ state: 'detached' });

    // Bob leaves: Alice sees him go offline.
    await bobPage.click('[data-testid=sign-out]');
    await waitForPresence(alicePage, bob, 'offline');

    // Alice's watcher list names Bob as a subscriber.
    await alicePage.reload();
    await alicePage.locator(`#watchers li[data-watcher="${bob}"]`).waitFor();
    assert.equal(await alicePage.locator('[data-testid=app-error]').textContent(), '');
  } finally {
    await browser.close();
  }
});
