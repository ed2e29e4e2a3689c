// Boots the web UI: language, session, the top bar, and the routes.
import {onAuthProblem} from './api.js';
import {h, replace} from './dom.js';
import {errorText, initLanguage, languages, lang, onLanguageChange,
        setLanguage, t} from './i18n.js';
import {currentPath, match, navigate, onNavigate, route, start}
  from './router.js';
import {isAdmin, loadSession, onSessionChange, session, signOut}
  from './session.js';
import {showToast} from './ui.js';
import * as login from './screens/login.js';
import * as twofa from './screens/twofa.js';
import * as plans from './screens/plans.js';
import * as plan from './screens/plan.js';
import * as planForm from './screens/plan-form.js';
import * as account from './screens/account.js';
import * as admin from './screens/admin.js';
import * as reset from './screens/password-reset.js';
import * as notFound from './screens/not-found.js';

route('/', () => navigate('/plans', {replace: true}));
route('/index.html', () => navigate('/plans', {replace: true}));
route('/login', login.render, {public: true});
route('/login.html', login.render, {public: true});
route('/forgot-password', reset.renderForgot, {public: true});
route('/set-password', reset.renderSetPassword, {public: true});
route('/reset-password', reset.renderSetPassword, {public: true});
route('/2fa', twofa.renderVerify, {state: 'pending_2fa'});
route('/2fa/enrol', twofa.renderEnrol, {state: 'any'});
route('/plans', plans.render);
route('/plans/new', planForm.renderNew);
route('/plans/:id', plan.render);
route('/plans/:id/edit', planForm.renderEdit);
route('/account', account.render);
route('/admin', admin.render, {admin: true});
route('/admin/:tab', admin.render, {admin: true});

const main = () => document.getElementById('main');
let renderCount = 0;

function loginUrl(next) {
  return `/login?next=${encodeURIComponent(next)}`;
}

// Where a session in this state may go; null when the page may open.
function redirectFor(r) {
  const s = session();
  const here = currentPath();
  if (r.options.public) return null;
  if (!s) return loginUrl(here);
  if (s.state === 'pending_2fa' && r.options.state !== 'pending_2fa') {
    return `/2fa?next=${encodeURIComponent(here)}`;
  }
  if (s.state === 'enrol_only' && r.options.state !== 'any') {
    return `/2fa/enrol?next=${encodeURIComponent(here)}`;
  }
  if (r.options.admin && !isAdmin()) return '/plans';
  return null;
}

async function render() {
  renderCount += 1;
  const mine = renderCount;
  const found = match(location.pathname);
  renderTopbar();
  if (!found) {
    notFound.render(main());
    focusHeading();
    return;
  }
  const redirect = redirectFor(found.route);
  if (redirect) {
    navigate(redirect, {replace: true});
    return;
  }
  const container = main();
  replace(container);
  container.removeAttribute('aria-busy');
  try {
    await found.route.screen(container, found.params,
                             () => mine === renderCount);
  } catch (e) {
    if (mine !== renderCount) return;
    replace(container, h('h1', {tabindex: -1}, t('err.title')),
            h('p', {class: 'message message-error'}, t('err.generic')));
    showToast(String(e.message || e));
  }
  if (mine === renderCount) focusHeading();
}

// After a page change, focus moves to its heading (for screen readers and
// keyboards) and the title follows it.
function focusHeading() {
  const heading = main().querySelector('h1');
  document.title = heading ? `${heading.textContent} · Action Plan`
                           : 'Action Plan';
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({preventScroll: false});
  }
}

function languageSwitch() {
  const other = languages().filter((code) => code !== lang());
  return other.map((code) => h('button', {
    type: 'button',
    class: 'link-button lang-switch',
    lang: code,
    title: t(`lang.switch.${code}`),
    onclick: () => setLanguage(code),
  }, code === 'pl' ? 'Polski' : 'English'));
}

function navLink(href, label) {
  const active = location.pathname === href ||
                 location.pathname.startsWith(`${href}/`);
  return h('li', {}, h('a', {href, 'aria-current': active ? 'page' : null},
                        label));
}

function renderTopbar() {
  const s = session();
  const bar = document.getElementById('topbar');
  const full = s && s.state === 'full';
  const nav = full ? h('nav', {'aria-label': t('nav.label')},
      h('ul', {class: 'nav'},
        navLink('/plans', t('nav.plans')),
        navLink('/account', t('nav.account')),
        isAdmin() ? navLink('/admin', t('nav.admin')) : null)) : null;
  const who = s ? h('span', {class: 'who'},
      s.user.display_name || s.user.login,
      s.tenant ? h('span', {class: 'tenant'}, ` · ${s.tenant.name}`) : null)
    : null;
  const out = s ? h('button', {type: 'button', class: 'link-button',
                               onclick: onSignOut}, t('nav.signout')) : null;
  replace(bar,
    h('a', {href: full ? '/plans' : '/login', class: 'brand'},
      h('img', {src: '/favicon.svg', alt: '', width: 24, height: 24}),
      'Action Plan'),
    nav,
    h('div', {class: 'topbar-end'}, who, languageSwitch(), out));
  document.querySelector('.skip-link').textContent = t('nav.skip');
}

async function onSignOut() {
  await signOut().catch(() => {});
  navigate('/login', {replace: true});
}

// Several calls of one page can find the ended session at once: the first
// one leads to sign-in, the others (and late answers there) add nothing.
let lossPending = false;

function onAuthLost(event) {
  const here = currentPath();
  const found = match(location.pathname);
  if (found && found.route.options.public) return;
  if (event === 'unauthenticated') {
    if (lossPending) return;
    lossPending = true;
    loadSession().catch(() => {}).finally(() => {
      lossPending = false;
      if (session()) return;
      showToast(t('auth.expired'));
      navigate(loginUrl(here), {replace: true});
    });
  } else if (event === '2fa_required') {
    navigate(`/2fa?next=${encodeURIComponent(here)}`, {replace: true});
  } else if (event === 'enrolment_required') {
    navigate(`/2fa/enrol?next=${encodeURIComponent(here)}`, {replace: true});
  }
}

async function boot() {
  initLanguage();
  onLanguageChange(() => render());
  onSessionChange(() => renderTopbar());
  onAuthProblem(onAuthLost);
  onNavigate(render);
  start();
  try {
    await loadSession();
  } catch (e) {
    // Not "signed out" but "cannot tell": say so instead of sending a
    // signed-in user to the sign-in page.
    renderTopbar();
    replace(main(), h('h1', {tabindex: -1}, t('err.title')),
      h('p', {class: 'message message-error'}, errorText(e)),
      h('button', {type: 'button', class: 'button',
                   onclick: () => location.reload()}, t('common.retry')));
    focusHeading();
    return;
  }
  await render();
}

boot();
