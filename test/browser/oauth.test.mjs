// Signing in with an OpenID Connect provider through the real stack: the
// login page's provider buttons, the organisation switch that turns a
// provider off, and linking and unlinking from the account page. The
// providers are the stack's stand-ins (test/fixtures/oidc), which answer
// /authorize for the user the test names as their default user.
import assert from 'node:assert/strict';
import net from 'node:net';
import {after, before, test} from 'node:test';
import {checkA11y, conf, createTenant, createUser, launch, missing,
        openPage, PHONE, screenshot, signIn, unique}
  from './support/harness.mjs';

// The stand-in of a provider: the origin of its discovery URL.
function standIn(provider) {
  const url = conf(`oauth.${provider}.discovery_url`);
  return url ? new URL(url) : null;
}

function listening(url) {
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port || 80), url.hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function standInsMissing(...providers) {
  for (const provider of providers) {
    const url = standIn(provider);
    if (!url || url.protocol !== 'http:' ||
        !['127.0.0.1', 'localhost'].includes(url.hostname)) {
      return `oauth.${provider} is not a local stand-in`;
    }
    if (!(await listening(url))) {
      return `the ${provider} stand-in does not answer on ${url.host}`;
    }
  }
  return false;
}

const skip = await missing(['GET', '/api/auth/providers'],
                           ['GET', '/api/auth/identities'],
                           ['GET', '/auth/oauth/google/start']);
const noStandIns = await standInsMissing('google', 'linkedin');
if (noStandIns) throw new Error(noStandIns);

// Whom the provider's /authorize answers for from now on.
async function providerUser(provider, email, emailVerified = true) {
  const res = await fetch(`${standIn(provider).origin}/__test/default-user`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({email, email_verified: emailVerified}),
  });
  assert.equal(res.status, 200, await res.text());
}

let browser;
before(async () => {
  if (!skip) browser = await launch();
});
after(() => browser && browser.close());

const accountSection = (page) =>
  page.locator('section[aria-labelledby="ids-title"]');

test('Google: a verified e-mail signs in and lands on the next page',
     {skip}, async () => {
  const tenant = createTenant('oauth');
  const user = createUser(tenant, 'member', 'Olga Auth');
  await providerUser('google', user.email);
  const p = await openPage(browser, {viewport: PHONE});
  const {page} = p;

  await page.goto('/login?next=%2Faccount');
  const google = page.getByRole('link', {name: 'Sign in with Google'});
  await google.waitFor();
  assert.equal(await page.locator('.oauth a.oauth-linkedin').count(), 1);
  await checkA11y(page, 'login with providers');
  await google.click();

  await page.waitForURL((url) => url.pathname === '/account');
  await page.getByRole('heading', {name: 'Your account'}).waitFor();
  await page.locator('.who').getByText('Olga Auth').waitFor();
  // The first sign-in linked the identity (same verified e-mail).
  await accountSection(page).locator('.identity-google').waitFor();
  await screenshot(page, 'oauth-signed-in');
  p.assertClean();
  await p.close();
});

test('an e-mail of nobody here: back on sign-in with a message, no session',
     {skip}, async () => {
  await providerUser('google', `${unique('nobody')}@example.test`);
  const p = await openPage(browser, {locale: 'pl-PL'});
  const {page} = p;
  await page.goto('/login?next=%2Fplans');
  await page.getByRole('link', {name: 'Zaloguj się przez Google'}).click();
  await page.waitForURL((url) => url.pathname === '/login' &&
                        url.searchParams.get('error') === 'oauth_no_account');
  await page.getByRole('alert')
      .getByText('Z tym logowaniem nie jest połączone żadne konto').waitFor();
  assert.equal(new URL(page.url()).searchParams.get('next'), '/plans');
  const state = await page.evaluate(async () =>
    (await fetch('/api/auth/session')).status);
  assert.equal(state, 401);
  await checkA11y(page, 'login after a refused provider sign-in');
  p.assertClean();
  await p.close();
});

test('an organisation that turns Google off is refused with a message',
     {skip}, async () => {
  const tenant = createTenant('oauthoff');
  const admin = createUser(tenant, 'admin');
  const member = createUser(tenant, 'member');

  const a = await openPage(browser);
  await signIn(a.page, admin);
  await a.page.waitForURL('**/plans');
  await a.page.goto('/admin/settings');
  const allow = a.page.getByLabel('Allow sign-in with Google');
  await allow.waitFor();
  assert.equal(await allow.isChecked(), true);
  await allow.uncheck();
  await a.page.getByRole('button', {name: 'Save'}).click();
  await a.page.getByText('Saved.').waitFor();
  await a.page.reload();
  await allow.waitFor();
  assert.equal(await allow.isChecked(), false);
  assert.equal(await a.page.getByLabel('Allow sign-in with LinkedIn')
      .isChecked(), true);
  await checkA11y(a.page, 'settings with providers');
  a.assertClean();
  await a.close();

  await providerUser('google', member.email);
  const p = await openPage(browser);
  const {page} = p;
  await page.goto('/login?next=%2Fplans');
  await page.getByRole('link', {name: 'Sign in with Google'}).click();
  await page.waitForURL((url) => url.pathname === '/login' &&
                        url.searchParams.get('error') === 'oauth_disabled');
  await page.getByRole('alert')
      .getByText('Your organisation does not allow signing in with this' +
                 ' provider.').waitFor();
  // No session came of it.
  const state = await page.evaluate(async () =>
    (await fetch('/api/auth/session')).status);
  assert.equal(state, 401);
  await screenshot(page, 'oauth-disabled');
  p.assertClean();
  await p.close();
});

test('account: link LinkedIn, sign in with it, unlink it', {skip},
     async () => {
  const tenant = createTenant('oauthlink');
  const user = createUser(tenant, 'member', 'Lena Link');
  // Another address than the account's: the link, not the e-mail, counts.
  const linkedinEmail = `${unique('li')}@linkedin.example.test`;
  await providerUser('linkedin', linkedinEmail);

  const p = await openPage(browser);
  const {page} = p;
  await signIn(page, user, '/account');
  await page.waitForURL('**/account');
  const section = accountSection(page);
  await section.getByText('No other account is linked yet.').waitFor();
  await section.getByRole('button', {name: 'Link LinkedIn'}).click();

  await page.waitForURL((url) => url.pathname === '/account' &&
                        url.searchParams.get('linked') === 'linkedin');
  await section.getByText('LinkedIn is linked').waitFor();
  const row = section.locator('.identity-linkedin');
  await row.getByText(linkedinEmail, {exact: false}).waitFor();
  await checkA11y(page, 'account with a linked provider');
  await screenshot(page, 'oauth-linked');

  // Signed out, the linked LinkedIn identity signs in to this account.
  await page.locator('#topbar').getByRole('button', {name: 'Sign out'})
      .click();
  await page.waitForURL('**/login');
  await page.goto('/login?next=%2Faccount');
  await page.getByRole('link', {name: 'Sign in with LinkedIn'}).click();
  await page.waitForURL((url) => url.pathname === '/account');
  await page.locator('.who').getByText('Lena Link').waitFor();

  await row.getByRole('button', {name: 'Unlink LinkedIn'}).click();
  await page.getByRole('dialog').getByRole('button', {name: 'Unlink'})
      .click();
  await section.getByText('LinkedIn is no longer linked.').waitFor();
  await row.waitFor({state: 'detached'});
  await section.getByRole('button', {name: 'Link LinkedIn'}).waitFor();
  p.assertClean();
  await p.close();
});
