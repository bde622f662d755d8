// A person on the page and a contact in an XMPP client (Smack, driven by the Java test that
// runs this script) see each other and chat. PARLEY_USER is the page's account
// ("address:password"), PARLEY_XMPP_CONTACT the XMPP user, already mutual contacts.
import { test } from 'node:test';
import { launch, signIn, waitForPresence, say, waitForMessage } from './page.mjs';

const [user, password] = process.env.PARLEY_USER.split(':');
const xmppContact = process.env.PARLEY_XMPP_CONTACT;

test('the page and an XMPP client see each other and chat', async () => {
  const browser = await launch();
  try {
    const page = await signIn(browser, user, password);
    await waitForPresence(page, xmppContact, 'available');
    await say(page, xmppContact, 'hello from the page');
    // The XMPP client answers, then changes its status.
    await waitForMessage(page, xmppContact, 'hello from Smack');
    await waitForPresence(page, xmppContact, 'dnd');
  } finally {
    await browser.close();
  }
});
