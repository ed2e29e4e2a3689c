// The account: password change (the rules checked as you type), sessions
// with revoke, two-factor authentication, linked sign-in providers.
import {del, get, post} from '../api.js';
import {field, h, message, messageBox, replace, setFieldError} from '../dom.js';
import {errorText, formatTime, t} from '../i18n.js';
import {navigate} from '../router.js';
import {session, setSession} from '../session.js';
import {announce, busy, confirmDialog, pageHeader, showToast} from '../ui.js';
import {recoveryCodesView} from './twofa.js';
import {brokenRules, passwordRules, policy} from '../password-rules.js';

function listOf(body, key) {
  if (Array.isArray(body)) return body;
  return (body && (body.items || body[key])) || [];
}

function passwordSection() {
  const msg = messageBox();
  const current = field(t('account.current_password'), h('input', {
    type: 'password', autocomplete: 'current-password', name: 'current'}));
  const fresh = field(t('account.new_password'), h('input', {
    type: 'password', autocomplete: 'new-password', name: 'new'}));
  const again = field(t('account.repeat_password'), h('input', {
    type: 'password', autocomplete: 'new-password', name: 'again'}));
  const rules = passwordRules(fresh.input, () => ({
    login: session().user.login, email: session().user.email}));
  fresh.wrap.append(rules.element);
  fresh.input.setAttribute('aria-describedby',
    `${fresh.input.getAttribute('aria-describedby')} ${rules.element.id}`);

  const form = h('form', {class: 'card', novalidate: true,
                          'aria-labelledby': 'pw-title'},
    h('h2', {id: 'pw-title'}, t('account.password_title')), msg,
    current.wrap, fresh.wrap, again.wrap,
    h('button', {type: 'submit', class: 'button'}, t('account.change')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    [current, fresh, again].forEach((f) => setFieldError(f, ''));
    message(msg, '');
    if (!rules.ok()) {
      setFieldError(fresh, t('account.rules_unmet'));
      fresh.input.focus();
      return;
    }
    if (fresh.input.value !== again.input.value) {
      setFieldError(again, t('account.mismatch'));
      again.input.focus();
      return;
    }
    try {
      await busy(form, () => post('/api/auth/password', {
        current_password: current.input.value,
        new_password: fresh.input.value}));
      form.reset();
      rules.update();
      message(msg, t('account.changed'), 'ok');
    } catch (e) {
      const target = e.code === 'wrong_password' ? current : fresh;
      const broken = e.code === 'weak_password' ? brokenRules(e) : [];
      setFieldError(target, [errorText(e), ...broken].join(' '));
      target.input.focus();
    }
  });
  // An account that signs in only through a provider has no current
  // password to give: it is told how to get one instead.
  get('/api/auth/identities').then((ids) => {
    if (ids && ids.has_password === false) {
      replace(form, h('h2', {id: 'pw-title'}, t('account.password_title')),
              h('p', {class: 'muted'}, t('account.no_password')));
    }
  }).catch(() => {});
  return form;
}

// "Chrome on Windows" rather than the whole User-Agent string.
function deviceName(s) {
  if (s.client === 'pulse') return 'Pulse';
  const ua = s.user_agent || '';
  const browser = [['Edg/', 'Edge'], ['Firefox/', 'Firefox'],
                   ['Chrome/', 'Chrome'], ['Safari/', 'Safari']]
      .find(([mark]) => ua.includes(mark));
  const system = [['Android', 'Android'], ['iPhone', 'iOS'], ['iPad', 'iPadOS'],
                  ['Windows', 'Windows'], ['Mac OS', 'macOS'],
                  ['Linux', 'Linux']].find(([mark]) => ua.includes(mark));
  if (!browser) return ua || '—';
  return system ? t('account.device_on', {browser: browser[1],
                                          system: system[1]})
                : browser[1];
}

function sessionsSection() {
  const body = h('div');
  const msg = messageBox();

  async function revoke(s) {
    if (!await confirmDialog(t('account.revoke_confirm'),
                             t('account.revoke'))) return;
    try {
      await del(`/api/auth/sessions/${encodeURIComponent(s.id)}`);
      if (s.current) {
        setSession(null);
        navigate('/login', {replace: true});
        return;
      }
      announce(t('account.revoked'));
      load();
    } catch (e) {
      message(msg, errorText(e));
    }
  }

  function row(s) {
    return h('tr', {},
      h('td', {'data-label': t('account.device')},
        h('span', {title: s.user_agent || ''}, deviceName(s)), ' ',
        s.current ? h('span', {class: 'badge'}, t('account.this_session'))
                  : null),
      h('td', {'data-label': t('account.ip')}, s.ip || '—'),
      h('td', {'data-label': t('account.started')}, formatTime(s.created_at)),
      h('td', {'data-label': t('account.last_seen')},
        formatTime(s.last_seen_at || s.last_used_at)),
      h('td', {}, h('button', {type: 'button', class: 'button small danger',
                               onclick: () => revoke(s)},
                    s.current ? t('account.signout_here')
                              : t('account.revoke'))));
  }

  async function load() {
    try {
      const items = listOf(await get('/api/auth/sessions'), 'sessions');
      replace(body, h('table', {class: 'responsive'},
        h('thead', {}, h('tr', {},
          ['device', 'ip', 'started', 'last_seen', 'actions'].map((c) =>
            h('th', {scope: 'col'}, t(`account.${c}`))))),
        h('tbody', {}, items.map(row))));
    } catch (e) {
      message(msg, errorText(e));
    }
  }
  load();
  return h('section', {class: 'card', 'aria-labelledby': 'sessions-title'},
    h('h2', {id: 'sessions-title'}, t('account.sessions_title')), msg, body);
}

// A form that asks for the password and a code again before a change of
// the second factor (a session alone must not be enough), posts them to
// `path` and hands the answer to `done`. An account without a password
// (provider sign-in only) is asked for the code alone: the server takes a
// recent sign-in as its proof.
function reauthForm({title, lead, submit, danger, path, done, withPassword}) {
  const pw = field(t('account.current_password'), h('input', {
    type: 'password', autocomplete: 'current-password'}));
  pw.wrap.hidden = !withPassword;
  const code = field(t('twofa.code'), h('input', {
    autocomplete: 'one-time-code', inputmode: 'numeric'}),
    t('twofa.code_or_recovery'));
  const form = h('form', {class: 'subform', novalidate: true},
    h('h3', {}, title), lead ? h('p', {}, lead) : null, pw.wrap, code.wrap,
    h('button', {type: 'submit', class: danger ? 'button danger' : 'button'},
      submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    [pw, code].forEach((f) => setFieldError(f, ''));
    try {
      const answers = {code: code.input.value.trim()};
      if (withPassword) answers.password = pw.input.value;
      done(await busy(form, () => post(path, answers)));
    } catch (e) {
      const f = e.code === 'invalid_password' ||
                (e.code === 'missing_field' && !pw.input.value) ? pw : code;
      setFieldError(f, errorText(e));
      f.input.value = '';
      f.input.focus();
    }
  });
  return form;
}

function twofaSection() {
  const body = h('div');
  const msg = messageBox();

  let withPassword = true;

  function disableForm() {
    return reauthForm({
      title: t('account.twofa_disable'), submit: t('account.twofa_disable'),
      danger: true, path: '/api/2fa/disable', withPassword,
      done: (result) => {
        // The session has a new token and CSRF token now.
        if (result && result.session) setSession(result.session);
        showToast(t('account.twofa_disabled'), 'ok');
        load();
      }});
  }

  function recoveryForm() {
    return reauthForm({
      title: t('account.recovery_new'), lead: t('account.recovery_confirm'),
      submit: t('account.recovery_make'), path: '/api/2fa/recovery',
      withPassword,
      done: (result) => {
        replace(body, recoveryCodesView(result.recovery_codes || [], load));
        body.querySelector('h2').setAttribute('tabindex', '-1');
        body.querySelector('h2').focus();
      }});
  }

  function showRecoveryForm(button) {
    const form = recoveryForm();
    button.replaceWith(form);
    [...form.querySelectorAll('input')].find((i) => !i.closest('[hidden]'))
      .focus();
  }

  async function load() {
    try {
      const s = await get('/api/2fa/status');
      withPassword = s.has_password !== false;
      if (!s.enabled) {
        replace(body, h('p', {}, t('account.twofa_off')),
          h('a', {href: '/2fa/enrol?next=/account', class: 'button'},
            t('account.twofa_enable')));
        return;
      }
      replace(body,
        h('p', {}, t('account.twofa_on'),
          s.recovery_codes_left !== undefined
            ? ` ${t('account.codes_left', {n: s.recovery_codes_left})}` : ''),
        h('button', {type: 'button', class: 'button secondary',
                     onclick: (event) => showRecoveryForm(event.currentTarget)},
          t('account.recovery_new')),
        s.enforced ? h('p', {class: 'muted'}, t('account.twofa_enforced'))
                   : disableForm());
    } catch (e) {
      message(msg, errorText(e));
    }
  }
  load();
  return h('section', {class: 'card', 'aria-labelledby': 'twofa-title'},
    h('h2', {id: 'twofa-title'}, t('account.twofa_title')), msg, body);
}

// The identities of other providers (Google, LinkedIn, ...) that sign in
// to this account: unlink them, or link another. Linking leaves for the
// provider's page; its callback comes back with ?linked=NAME or ?error=CODE.
function identitiesSection() {
  const body = h('div');
  const msg = messageBox();

  async function unlink(identity) {
    const label = identity.label || identity.provider;
    if (!await confirmDialog(t('account.unlink_confirm', {label}),
                             t('account.unlink'))) return;
    message(msg, '');
    try {
      await del(`/api/auth/identities/${encodeURIComponent(
        identity.provider)}`);
      message(msg, t('account.unlinked', {label}), 'ok');
      load();
    } catch (e) {
      message(msg, errorText(e));
    }
  }

  async function link(provider, button) {
    message(msg, '');
    try {
      const result = await busy(button.parentElement, () => post(
        `/api/auth/identities/${encodeURIComponent(provider.name)}`,
        {next: '/account'}));
      if (result && typeof result.url === 'string' &&
          /^https?:\/\//.test(result.url)) {
        location.assign(result.url);
        return;
      }
      message(msg, t('err.generic'));
    } catch (e) {
      message(msg, errorText(e));
    }
  }

  function linkedRow(identity) {
    const label = identity.label || identity.provider;
    return h('li', {class: `identity identity-${identity.provider}`},
      h('span', {class: 'identity-name'}, h('strong', {}, label),
        identity.email ? ` · ${identity.email}` : '',
        identity.linked_at ? h('span', {class: 'muted'}, ` · ${t(
          'account.linked_at', {when: formatTime(identity.linked_at)})}`)
          : null),
      h('button', {type: 'button', class: 'button small secondary',
                   'aria-label': t('account.unlink_label', {label}),
                   onclick: () => unlink(identity)}, t('account.unlink')));
  }

  function linkButton(provider) {
    const b = h('button', {type: 'button',
                           class: `button secondary link-${provider.name}`},
      t('account.link_with', {provider: provider.label || provider.name}));
    b.addEventListener('click', () => link(provider, b));
    return b;
  }

  let first = true;
  async function load() {
    let data;
    try {
      data = await get('/api/auth/identities');
    } catch (e) {
      message(msg, errorText(e));
      return;
    }
    if (first) showOutcome(msg, data);
    first = false;
    const linked = listOf(data, 'identities');
    const available = (data && data.available) || [];
    replace(body,
      linked.length
        ? h('ul', {class: 'identities'}, linked.map(linkedRow))
        : h('p', {class: 'muted'}, t('account.no_identities')),
      available.length
        ? h('div', {class: 'oauth'}, available.map(linkButton)) : null);
  }

  load();
  return h('section', {class: 'card', 'aria-labelledby': 'ids-title'},
    h('h2', {id: 'ids-title'}, t('account.identities_title')),
    h('p', {class: 'field-hint'}, t('account.identities_lead')), msg, body);
}

// Refusals whose sign-in wording does not fit the account page.
const LINK_ERRORS = {oauth_disabled: 'provider_disabled'};

// What the provider's callback sent back: ?linked=NAME or ?error=CODE.
// Anyone can put those in a link, so success is shown only for a provider
// the loaded list really holds, and the parameters are taken off the
// address (a reload does not say it again).
function showOutcome(box, data) {
  const q = new URLSearchParams(location.search);
  const linked = q.get('linked');
  const code = q.get('error');
  const found = linked && listOf(data, 'identities').find((i) =>
    i.provider === linked);
  if (code) {
    message(box, errorText({code: LINK_ERRORS[code] || code}));
  } else if (found) {
    message(box, t('account.linked_ok', {label: found.label}), 'ok');
  }
  if (code || linked) {
    history.replaceState(history.state, '', location.pathname);
  }
  // The section is at the foot of the page: bring the answer into view.
  if (code || found) box.scrollIntoView({block: 'center'});
}

export async function render(container) {
  const s = session();
  policy().catch(() => {});
  container.append(
    pageHeader(t('account.title')),
    h('section', {class: 'card', 'aria-label': t('account.profile')},
      h('dl', {class: 'meta'},
        h('dt', {}, t('account.name')), h('dd', {}, s.user.display_name),
        h('dt', {}, t('common.login')), h('dd', {}, s.user.login),
        h('dt', {}, t('account.email')), h('dd', {}, s.user.email),
        h('dt', {}, t('account.role')), h('dd', {}, t(`role.${s.user.role}`)),
        h('dt', {}, t('account.org')), h('dd', {}, s.tenant.name))),
    h('div', {class: 'grid-2'}, passwordSection(), twofaSection()),
    sessionsSection(),
    identitiesSection());
}
