// Plans: the list, a plan with tasks, the edit conflicts of a plan and of
// a task, attachments, the short link, and another organisation's plan.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {after, before, test} from 'node:test';
import {apiCall, checkA11y, createTenant, createUser, launch, missing,
        openPage, PHONE, PLAN_PAGE_APIS, pngBytes, screenshot, signIn,
        TABLET}
  from './support/harness.mjs';

const noList = await missing(['GET', '/api/plans']);
const noPlans = noList || await missing(...PLAN_PAGE_APIS);
const noFiles = noPlans || await missing(['GET', '/api/attachments/1']);
const noLinks = noPlans || await missing(['POST', '/api/links']);

let browser;
let tenant;
before(async () => {
  browser = await launch();
  tenant = createTenant('plans');
});
after(() => browser && browser.close());

async function signedIn(user, options) {
  const p = await openPage(browser, options);
  await signIn(p.page, user);
  await p.page.waitForURL('**/plans');
  await p.page.getByRole('heading', {name: 'Action plans'}).waitFor();
  return p;
}

function isoDay(offsetDays) {
  const d = new Date(Date.now() + offsetDays * 86400000);
  return d.toISOString().slice(0, 10);
}

test('create a plan with two tasks (phone-sized)', {skip: noPlans},
     async () => {
  const user = createUser(tenant, 'member', 'Piotr Wiśniewski');
  const p = await signedIn(user, {viewport: PHONE});
  const {page} = p;
  await page.getByRole('link', {name: 'New plan'}).click();
  await page.getByRole('heading', {name: 'New action plan'}).waitFor();
  await checkA11y(page, 'new plan form');

  // The API's own validation: a title is required.
  await page.getByRole('button', {name: 'Create plan'}).click();
  await page.getByText('This field is required.').waitFor();

  await page.getByLabel('Title').fill('Reduce scrap on line 3');
  await page.getByLabel('Description').fill('Scrap rose to 4% in Q3.');
  await page.getByLabel('Area').fill('Line 3');
  await page.getByLabel('Priority').selectOption('high');
  await page.getByLabel('Due date').fill(isoDay(30));
  await screenshot(page, 'plan-new');
  await page.getByRole('button', {name: 'Create plan'}).click();
  await page.getByRole('heading', {name: 'Reduce scrap on line 3'}).waitFor();
  assert.match(page.url(), /\/plans\/\d+$/);

  for (const title of ['Measure scrap per shift', 'Replace worn cutter']) {
    await page.getByLabel('New task').fill(title);
    await page.getByRole('button', {name: 'Add task'}).click();
    await page.getByRole('checkbox', {name: title}).waitFor();
  }
  await page.getByRole('checkbox', {name: 'Measure scrap per shift'}).check();
  await page.getByText('1 of 2 tasks done').first().waitFor();
  await page.getByRole('button', {name: 'Move "Replace worn cutter" up'})
      .click();
  await page.waitForFunction(() => document.querySelector('.tasks li label')
      ?.textContent.startsWith('Replace worn cutter'));
  await screenshot(page, 'plan-with-tasks');
  await checkA11y(page, 'plan page');

  await page.reload();
  await page.getByRole('checkbox', {name: 'Measure scrap per shift'}).waitFor();
  const titles = await page.locator('.tasks .task-title').allTextContents();
  assert.deepEqual(titles, ['Replace worn cutter', 'Measure scrap per shift']);
  assert.ok(await page.getByRole('checkbox', {name: 'Measure scrap per shift'})
      .isChecked());

  await page.getByRole('link', {name: /Action plans/}).first().click();
  await page.getByRole('link', {name: 'Reduce scrap on line 3'}).waitFor();
  await page.getByText('1 of 2 tasks done').waitFor();
  await screenshot(page, 'plans-list-phone');
  p.assertClean();
  await p.close();
});

test('the plans list: overdue marks, search, filters', {skip: noList},
     async () => {
  const user = createUser(tenant, 'member');
  const p = await signedIn(user);
  const {page} = p;
  await apiCall(page, 'POST', '/api/plans', {title: 'Fix the leaking valve',
    priority: 'critical', status: 'open', due_date: isoDay(-3)});
  await apiCall(page, 'POST', '/api/plans', {title: 'Paint the floor marks',
    priority: 'low', status: 'open', due_date: isoDay(20)});
  await page.reload();
  const row = page.getByRole('row').filter({hasText: 'Fix the leaking valve'});
  await row.getByText('Overdue').waitFor();

  await page.getByRole('searchbox', {name: 'Search'}).fill('valve');
  await page.getByRole('button', {name: 'Apply'}).click();
  await page.waitForURL(/q=valve/);
  await page.getByText('Showing 1 plan').waitFor();
  await screenshot(page, 'plans-list-search');
  await checkA11y(page, 'plans list with results');

  await page.goto('/plans?overdue=1');
  await page.getByRole('link', {name: 'Fix the leaking valve'}).waitFor();
  assert.equal(await page.getByRole('link',
    {name: 'Paint the floor marks'}).count(), 0);
  p.assertClean();
  await p.close();
});

test('the plans list pages through many plans', {skip: noList},
     async () => {
  const user = createUser(createTenant('paging'), 'member');
  const p = await signedIn(user);
  const {page} = p;
  for (let i = 1; i <= 27; i += 1) {
    await apiCall(page, 'POST', '/api/plans', {
      title: `Inspection ${String(i).padStart(2, '0')}`,
      due_date: isoDay(i)});
  }
  await page.reload();
  await page.getByText('Showing 25 plans').waitFor();
  await page.getByRole('link', {name: 'Inspection 01'}).waitFor();
  await page.getByRole('link', {name: 'Next page'}).click();
  await page.getByText('Showing 2 plans').waitFor();
  await page.getByRole('link', {name: 'Inspection 27'}).waitFor();
  assert.equal(await page.getByRole('link', {name: 'Next page'}).count(), 0);
  await screenshot(page, 'plans-list-page-2');
  await page.getByRole('link', {name: 'First page'}).click();
  await page.getByRole('link', {name: 'Inspection 01'}).waitFor();
  p.assertClean();
  await p.close();
});

test("the API's validation message appears next to its field",
     {skip: noPlans}, async () => {
  const user = createUser(tenant, 'member');
  const p = await signedIn(user);
  const {page} = p;
  p.expect(400, '/api/plans');
  await page.goto('/plans/new');
  const title = page.getByLabel('Title');
  await title.waitFor();
  // The page limits the length too; the API's own check is what is tested.
  await title.evaluate((input) => input.removeAttribute('maxlength'));
  await title.fill('x'.repeat(201));
  await page.getByRole('button', {name: 'Create plan'}).click();
  await page.locator('#' + await title.getAttribute('id') + '-error')
      .getByText('This is too long.').waitFor();
  assert.equal(await title.getAttribute('aria-invalid'), 'true');
  assert.ok(await title.evaluate((input) => input === document.activeElement));
  await screenshot(page, 'plan-new-validation');
  p.assertClean();
  await p.close();
});

test('an edit that crosses another is explained (409)', {skip: noPlans},
     async () => {
  const user = createUser(tenant, 'member');
  const p = await signedIn(user);
  const {page} = p;
  p.expect(409, '/api/plans/');
  const plan = await apiCall(page, 'POST', '/api/plans',
                             {title: 'Train the night shift'});
  await page.goto(`/plans/${plan.id}/edit`);
  await page.getByRole('heading', {name: 'Edit action plan'}).waitFor();
  await apiCall(page, 'PATCH', `/api/plans/${plan.id}`,
                {title: 'Train the night shift (all)', version: plan.version});
  await page.getByLabel('Title').fill('Train the night shift team');
  await page.getByRole('button', {name: 'Save'}).click();
  await page.getByRole('heading', {name: 'Someone else changed this plan'})
      .waitFor();
  await screenshot(page, 'plan-edit-conflict');
  await checkA11y(page, 'edit conflict');
  await page.getByRole('button', {name: 'Save mine over theirs'}).click();
  await page.getByRole('heading', {name: 'Train the night shift team'})
      .waitFor();
  p.assertClean();
  await p.close();
});

test('a task changed by someone else meanwhile is explained (409)',
     {skip: noPlans}, async () => {
  const user = createUser(tenant, 'member');
  const p = await signedIn(user);
  const {page} = p;
  p.expect(409, '/api/plans/');
  const plan = await apiCall(page, 'POST', '/api/plans',
                             {title: 'Sort the spare parts'});
  const tasks = `/api/plans/${plan.id}/tasks`;
  const task = await apiCall(page, 'POST', tasks,
                             {title: 'Label the shelves'});
  await page.goto(`/plans/${plan.id}`);
  await page.getByRole('checkbox', {name: 'Label the shelves', exact: true})
      .waitFor();

  // A colleague renames and starts the task while this page shows it as
  // it was: ticking it off must not undo their change.
  await apiCall(page, 'PATCH', `${tasks}/${task.id}`, {
    title: 'Label the shelves in hall B', status: 'doing',
    version: task.version});
  const sent = page.waitForRequest((r) => r.method() === 'PATCH');
  await page.getByRole('checkbox', {name: 'Label the shelves', exact: true})
      .click();
  assert.equal((await sent).postDataJSON().version, task.version);
  await page.getByRole('alert').getByText(
      'Someone else changed the task "Label the shelves" in the meantime',
      {exact: false}).waitFor();
  const current = page.getByRole('checkbox',
                                 {name: /^Label the shelves in hall B/});
  await current.waitFor();
  assert.equal(await current.isChecked(), false);
  assert.equal((await apiCall(page, 'GET', tasks)).items[0].status, 'doing');
  await screenshot(page, 'task-conflict');
  await checkA11y(page, 'task conflict');

  // From the version now shown, the same click is saved.
  await current.check();
  await page.getByText('1 of 1 tasks done').first().waitFor();
  assert.equal(await page.getByRole('alert').isVisible(), false);
  let saved = (await apiCall(page, 'GET', tasks)).items[0];
  assert.deepEqual([saved.status, saved.version], ['done', 3]);

  // A delete is based on a version too: after another change it is refused
  // and the task stays.
  await apiCall(page, 'PATCH', `${tasks}/${task.id}`,
                {title: 'Label every shelf', version: saved.version});
  await page.getByRole('button', {name: /^Delete task/}).click();
  await page.getByRole('dialog').getByRole('button', {name: 'Delete'})
      .click();
  await page.getByRole('alert').getByText(
      'Someone else changed the task "Label the shelves in hall B"',
      {exact: false}).waitFor();
  await page.getByRole('checkbox', {name: /^Label every shelf/}).waitFor();
  saved = (await apiCall(page, 'GET', tasks)).items[0];
  assert.deepEqual([saved.title, saved.version], ['Label every shelf', 4]);
  p.assertClean();
  await p.close();
});

test('upload an image by drag-and-drop and download it (tablet-sized)',
     {skip: noFiles}, async () => {
  const user = createUser(tenant, 'member');
  const p = await signedIn(user, {viewport: TABLET});
  const {page} = p;
  const plan = await apiCall(page, 'POST', '/api/plans',
                             {title: 'Photo of the guard rail'});
  await page.goto(`/plans/${plan.id}`);
  await page.getByRole('heading', {name: 'Attachments'}).waitFor();

  const png = pngBytes();
  // The progress bar comes and goes quickly on a loopback upload: note
  // that one was shown.
  await page.evaluate(() => {
    new MutationObserver(() => {
      if (document.querySelector('.uploads progress')) {
        window.sawProgress = true;
      }
    }).observe(document.body, {childList: true, subtree: true});
  });
  await page.evaluate((bytes) => {
    const file = new File([new Uint8Array(bytes)], 'guard-rail.png',
                          {type: 'image/png'});
    const data = new DataTransfer();
    data.items.add(file);
    const zone = document.querySelector('.dropzone');
    zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: data,
                                                   bubbles: true,
                                                   cancelable: true}));
    zone.dispatchEvent(new DragEvent('drop', {dataTransfer: data,
                                               bubbles: true,
                                               cancelable: true}));
  }, [...png]);

  const link = page.getByRole('link', {name: 'guard-rail.png'});
  await link.waitFor();
  assert.equal(await page.evaluate(() => window.sawProgress), true);
  const thumb = page.getByRole('img', {name: 'guard-rail.png'});
  await page.waitForFunction((el) => el.complete && el.naturalWidth === 16,
                             await thumb.elementHandle());
  await screenshot(page, 'plan-attachment');
  await checkA11y(page, 'plan with an attachment');

  const [download] = await Promise.all([page.waitForEvent('download'),
                                        link.click()]);
  assert.equal(download.suggestedFilename(), 'guard-rail.png');
  assert.deepEqual(readFileSync(await download.path()), png);
  p.assertClean();
  await p.close();
});

test('a short link opens the plan in a fresh browser after sign-in',
     {skip: noLinks}, async () => {
  const user = createUser(tenant, 'member');
  const p = await signedIn(user);
  const {page} = p;
  const plan = await apiCall(page, 'POST', '/api/plans',
                             {title: 'Label the fire exits'});
  await page.goto(`/plans/${plan.id}`);
  await page.getByRole('button', {name: 'Make a short link'}).click();
  const link = page.locator('a.short-link');
  await link.waitFor();
  const shortUrl = await link.getAttribute('href');
  assert.match(shortUrl, /\/s\/[A-Za-z0-9_-]+$/);
  const qr = page.getByRole('img', {name: /QR code of the short link/});
  await page.waitForFunction((el) => el.complete && el.naturalWidth > 0,
                             await qr.elementHandle());
  await screenshot(page, 'short-link');
  await checkA11y(page, 'short link');
  p.assertClean();
  await p.close();

  const fresh = await openPage(browser);
  await fresh.page.goto(shortUrl);
  await fresh.page.waitForURL(/\/login(\.html)?\?next=%2Fs%2F/);
  await fresh.page.getByLabel('Login or e-mail').fill(user.login);
  await fresh.page.getByLabel('Password').fill(user.password);
  await fresh.page.getByRole('button', {name: 'Sign in'}).click();
  await fresh.page.waitForURL(`**/plans/${plan.id}`);
  await fresh.page.getByRole('heading', {name: 'Label the fire exits'})
      .waitFor();
  await screenshot(fresh.page, 'short-link-opened');
  fresh.assertClean();
  await fresh.close();
});

test("another organisation's plan is not found", {skip: noPlans},
     async () => {
  const owner = createUser(tenant, 'member');
  const a = await signedIn(owner);
  const plan = await apiCall(a.page, 'POST', '/api/plans',
                             {title: 'Confidential supplier audit'});
  await a.close();

  const outsider = createUser(createTenant('other'), 'admin');
  const b = await signedIn(outsider);
  b.expect(404, '/api/plans/');
  await b.page.goto(`/plans/${plan.id}`);
  await b.page.getByRole('heading', {name: 'Not found'}).waitFor();
  assert.equal(await b.page.getByText('Confidential supplier audit').count(),
               0);
  await screenshot(b.page, 'other-org-not-found');
  await checkA11y(b.page, 'not found');
  b.assertClean();
  await b.close();
});
