// The account screen and the organisation's administration.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {ACCOUNT_APIS, apiCall, checkA11y, createTenant, createUser, launch,
        mailTo, missing, openPage, PHONE, PLAN_PAGE_APIS, screenshot, signIn,
        totp, unique} from './support/harness.mjs';

const noAccount = await missing(...ACCOUNT_APIS);
const noAdmin = await missing(['GET', '/api/users'], ['GET', '/api/org'],
                              ['GET', '/api/org/audit'],
                              ['GET', '/api/2fa/enforcement']);
const noTrash = await missing(['GET', '/api/plans'], ...PLAN_PAGE_APIS);

let browser;
let tenant;
before(async () => {
  browser = await launch();
  tenant = createTenant('admin');
});
after(() => browser && browser.close());

async function signedIn(user, options) {
  const p = await openPage(browser, options);
  await signIn(p.page, user);
  await p.page.waitForURL('**/plans');
  return p;
}

test('account: the password rules as you type, sessions', {skip: noAccount},
     async () => {
  const user = createUser(tenant, 'member');
  const p = await signedIn(user, {viewport: PHONE});
  const {page} = p;
  await page.getByRole('link', {name: 'Account'}).click();
  await page.getByRole('heading', {name: 'Your account'}).waitFor();
  await page.getByRole('heading', {name: 'Where you are signed in'}).waitFor();
  await page.getByText('this device').waitFor();

  // Nothing typed yet: no rule is shown as met (it used to tick the
  // length limit and the not-your-login rule for an empty field).
  const rules = page.locator('#password-rules');
  await rules.locator('.rule').first().waitFor();
  assert.equal(await rules.locator('.rule.ok').count(), 0);
  await page.getByLabel('New password', {exact: true}).fill('abc');
  assert.equal(await rules.locator('.rule.ok').count() <
               await rules.locator('.rule').count(), true);
  await page.getByLabel('New password', {exact: true})
      .fill('Better-Pass-2027?');
  await page.waitForFunction(() => [...document.querySelectorAll(
    '#password-rules .rule')].every((li) => li.classList.contains('ok')));
  await screenshot(page, 'account');
  await checkA11y(page, 'account');

  p.expect(403, '/api/auth/password');
  await page.getByLabel('Current password').first().fill('wrong-Password-1');
  await page.getByLabel('Repeat the new password').fill('Better-Pass-2027?');
  await page.getByRole('button', {name: 'Change password'}).click();
  await page.getByText('The password is not right.').waitFor();

  await page.getByLabel('Current password').first().fill(user.password);
  await page.getByLabel('New password', {exact: true})
      .fill('Better-Pass-2027?');
  await page.getByLabel('Repeat the new password').fill('Better-Pass-2027?');
  await page.getByRole('button', {name: 'Change password'}).click();
  await page.getByText('Your password was changed.').waitFor();
  p.assertClean();
  await p.close();
});

test('account: another session is signed out from the list',
     {skip: noAccount}, async () => {
  const user = createUser(tenant, 'member');
  const other = await signedIn(user);
  const p = await signedIn(user);
  const {page} = p;
  await page.goto('/account');
  const rows = page.locator('table tbody tr');
  await page.getByText('this device').waitFor();
  assert.equal(await rows.count(), 2);
  await rows.filter({hasNotText: 'this device'})
      .getByRole('button', {name: 'Sign out'}).click();
  await page.getByRole('dialog').getByRole('button', {name: 'Sign out'})
      .click();
  await page.waitForFunction(() =>
    document.querySelectorAll('table tbody tr').length === 1);
  await screenshot(page, 'account-session-revoked');
  p.assertClean();
  await p.close();

  // The other browser finds itself signed out at its next step.
  other.expect(401, '/api/');
  await other.page.getByRole('link', {name: 'Account'}).click();
  await other.page.waitForURL(/\/login\?next=%2Faccount/);
  other.assertClean();
  await other.close();
});

test('admin: users, roles, invitations, the audit log', {skip: noAdmin},
     async () => {
  const admin = createUser(tenant, 'admin', 'Anna Admin');
  const member = createUser(tenant, 'member', 'Marek Member');
  const p = await signedIn(admin);
  const {page} = p;
  await page.getByRole('link', {name: 'Organisation'}).click();
  await page.getByRole('heading', {name: 'Organisation'}).waitFor();
  const row = page.getByRole('row').filter({hasText: member.login});
  await row.waitFor();
  await screenshot(page, 'admin-users');
  await checkA11y(page, 'admin users');

  await row.getByRole('combobox').selectOption('admin');
  await page.waitForFunction((login) => [...document.querySelectorAll('tr')]
    .some((tr) => tr.textContent.includes(login) &&
                  tr.querySelector('select').value === 'admin'), member.login);

  const login = unique('inv');
  await page.getByLabel('Login', {exact: true}).fill(login);
  await page.getByLabel('E-mail').fill(`${login}@example.test`);
  await page.getByLabel('Name').fill('Irena Invited');
  await page.getByRole('button', {name: 'Add user'}).click();
  await page.getByRole('row').filter({hasText: login}).waitFor();

  // The invited person sets a password from the mail's link, then signs in.
  const mail = await mailTo(`${login}@example.test`);
  const link = /https?:\/\/\S+\/set-password\?token=[\w-]+/.exec(mail.text);
  assert.ok(link, mail.text);
  const invited = await openPage(browser);
  await invited.page.goto(new URL(link[0]).pathname + new URL(link[0]).search);
  await invited.page.getByRole('heading', {name: 'Welcome to Action Plan'})
      .waitFor();
  assert.doesNotMatch(invited.page.url(), /token=/);
  await checkA11y(invited.page, 'set a password');
  await invited.page.getByLabel('New password', {exact: true})
      .fill('Invited-Person-2026!');
  await invited.page.getByLabel('Repeat the new password')
      .fill('Invited-Person-2026!');
  await invited.page.getByRole('button', {name: 'Save the password'}).click();
  await invited.page.getByText('Your password is set.').waitFor();
  await screenshot(invited.page, 'invitation-password-set');
  await invited.page.getByRole('link', {name: 'Sign in'}).click();
  assert.equal(await invited.page.getByLabel('Login or e-mail').inputValue(),
               login);
  await invited.page.getByLabel('Password').fill('Invited-Person-2026!');
  await invited.page.getByRole('button', {name: 'Sign in'}).click();
  await invited.page.waitForURL('**/plans');
  invited.assertClean();
  await invited.close();

  await page.getByRole('link', {name: 'Audit log'}).click();
  await page.getByRole('cell', {name: 'login_success'}).first().waitFor();
  await screenshot(page, 'admin-audit');
  await checkA11y(page, 'audit log');
  p.assertClean();
  await p.close();
});

test('admin: the 2FA switch shows who is not enrolled yet', {skip: noAdmin},
     async () => {
  const own = createTenant('enforce');
  const admin = createUser(own, 'admin', 'Ewa Admin');
  const member = createUser(own, 'member', 'Tomasz Nowak');
  const p = await signedIn(admin);
  const {page} = p;
  await page.goto('/admin/settings');
  await page.getByLabel('Organisation name').waitFor();
  await page.getByText('Tomasz Nowak').waitFor();
  await page.getByRole('switch', {name: /Require two-step verification/})
      .check();
  await screenshot(page, 'admin-settings');
  await checkA11y(page, 'admin settings');
  // The admin has no 2FA either: the rule binds their own session at once,
  // so saving leads to the enrolment.
  await page.getByRole('button', {name: 'Save'}).click();
  await page.waitForURL(/\/2fa\/enrol\?next=%2Fadmin%2Fsettings/);
  await page.getByText('Your organisation requires two-step verification')
      .waitFor();
  p.assertClean();
  await p.close();

  // Tomasz must now set up 2FA before anything else, then goes on.
  const q = await openPage(browser);
  await signIn(q.page, member, '/plans?overdue=1');
  await q.page.waitForURL(/\/2fa\/enrol\?next=/);
  await q.page.getByText('Your organisation requires two-step verification')
      .waitFor();
  const secret = await q.page.getByTestId('secret').getAttribute('data-secret');
  await q.page.getByLabel('Code shown by the app').fill(totp(secret));
  await q.page.getByRole('button', {name: 'Turn on'}).click();
  await q.page.getByRole('button', {name: /I have saved them/}).click();
  await q.page.waitForURL('**/plans?overdue=1');
  await q.page.getByRole('heading', {name: 'Action plans'}).waitFor();
  await screenshot(q.page, 'enforced-2fa-enrolled');
  q.assertClean();
  await q.close();
});

test('admin: a deleted plan is restored from the trash',
     {skip: noAdmin || noTrash}, async () => {
  const admin = createUser(tenant, 'admin');
  const p = await signedIn(admin);
  const {page} = p;
  const plan = await apiCall(page, 'POST', '/api/plans',
                             {title: 'Old forklift inspection'});
  await apiCall(page, 'DELETE', `/api/plans/${plan.id}`);
  await page.goto('/admin/trash');
  const item = page.getByRole('listitem')
      .filter({hasText: 'Old forklift inspection'});
  await item.waitFor();
  await checkA11y(page, 'trash');
  await item.getByRole('button', {name: 'Restore'}).click();
  await page.getByText('The trash is empty.').waitFor();
  await page.goto(`/plans/${plan.id}`);
  await page.getByRole('heading', {name: 'Old forklift inspection'}).waitFor();
  p.assertClean();
  await p.close();
});
