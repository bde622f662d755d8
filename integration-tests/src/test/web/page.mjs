// Shared helpers of the page tests: a headless Debian Chromium and the page's actions.
import { chromium } from 'playwright-core';

export const baseUrl = process.env.PARLEY_URL;

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A signed-in page in its own browser context (its own cookies and storage: another person). */
export async function signIn(browser, address, password) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  await page.goto(baseUrl + '/');
  await page.fill('#sign-in input[name=address]', address);
  await page.fill('#sign-in input[name=password]', password);
  await page.click('#sign-in button[type=submit]');
  await page.waitForSelector(`[data-testid=me]:text-is("${address}")`);
  return page;
}

export function contact(page, address) {
  return page.locator(`[data-testid=contact][data-contact="${address}"]`);
}

/** Waits until a contact shows this presence (available, away, offline...). */
export async function waitForPresence(page, address, show) {
  await page.waitForSelector(`[data-testid=contact][data-contact="${address}"][data-presence="${show}"]`);
}

export async function say(page, contactAddress, text) {
  await contact(page, contactAddress).click();
  await page.fill('[data-testid=chat-body]', text);
  await page.click('#chat button[type=submit]');
}

/** Waits for a message from someone in the open chat. */
export async function waitForMessage(page, from, text) {
  await page.locator(`#messages li[data-from="${from}"]`, { hasText: text }).waitFor();
}
