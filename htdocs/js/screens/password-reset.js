// Without a session: asking for a reset mail, and choosing a password from
// the link of an invitation (/set-password) or a reset mail
// (/reset-password).
import {post} from '../api.js';
import {field, h, message, messageBox, replace, setFieldError} from '../dom.js';
import {errorText, t} from '../i18n.js';
import {brokenRules, passwordRules} from '../password-rules.js';
import {busy, pageHeader} from '../ui.js';

export async function renderForgot(container) {
  const msg = messageBox();
  const login = field(t('login.login'), h('input', {
    name: 'login', autocomplete: 'username', autocapitalize: 'none',
    spellcheck: 'false'}));
  const form = h('form', {class: 'card narrow', novalidate: true}, msg,
    login.wrap,
    h('button', {type: 'submit', class: 'button primary wide'},
      t('reset.send')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = login.input.value.trim();
    setFieldError(login, value ? '' : t('err.required'));
    if (!value) {
      login.input.focus();
      return;
    }
    try {
      await busy(form, () => post('/api/auth/reset', {login: value}));
      replace(form, h('p', {class: 'message message-ok', role: 'status'},
                      t('reset.sent')),
              h('p', {}, h('a', {href: '/login'}, t('reset.back'))));
    } catch (e) {
      message(msg, errorText(e));
    }
  });
  container.append(h('div', {class: 'login-page'},
    pageHeader(t('reset.forgot_title')),
    h('p', {class: 'lead'}, t('reset.forgot_lead')), form,
    h('p', {}, h('a', {href: '/login'}, t('reset.back')))));
}

// The token leaves the address bar (and the history) once read.
function takeToken() {
  const params = new URLSearchParams(location.search);
  const token = params.get('token') || '';
  if (token) history.replaceState(null, '', location.pathname);
  return token;
}

let pendingToken = '';

export async function renderSetPassword(container) {
  pendingToken = takeToken() || pendingToken;
  const invitation = location.pathname === '/set-password';
  const msg = messageBox();
  const fresh = field(t('account.new_password'), h('input', {
    type: 'password', autocomplete: 'new-password', name: 'new'}));
  const again = field(t('account.repeat_password'), h('input', {
    type: 'password', autocomplete: 'new-password', name: 'again'}));
  const rules = passwordRules(fresh.input, () => ({}));
  fresh.wrap.append(rules.element);
  fresh.input.setAttribute('aria-describedby',
    `${fresh.input.getAttribute('aria-describedby')} ${rules.element.id}`);

  const form = h('form', {class: 'card narrow', novalidate: true}, msg,
    fresh.wrap, again.wrap,
    h('button', {type: 'submit', class: 'button primary wide'},
      t('reset.save')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    [fresh, again].forEach((f) => setFieldError(f, ''));
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
      const result = await busy(form, () => post('/api/auth/reset/confirm', {
        token: pendingToken, password: fresh.input.value}));
      pendingToken = '';
      const next = `/login?login=${encodeURIComponent(result.login || '')}`;
      replace(form, h('p', {class: 'message message-ok', role: 'status'},
                      t('reset.done')),
              h('p', {}, h('a', {href: next, class: 'button primary'},
                           t('login.submit'))));
    } catch (e) {
      if (e.code === 'weak_password') {
        setFieldError(fresh, [errorText(e), ...brokenRules(e)].join(' '));
        fresh.input.focus();
        return;
      }
      message(msg, errorText(e));
      if (e.code === 'invalid_token') {
        msg.append(' ', h('a', {href: '/forgot-password'},
                            t('reset.ask_again')));
      }
    }
  });
  container.append(h('div', {class: 'login-page'},
    pageHeader(invitation ? t('reset.invite_title') : t('reset.title')),
    h('p', {class: 'lead'}, invitation ? t('reset.invite_lead')
                                       : t('reset.lead')),
    pendingToken ? form
                 : h('p', {class: 'message message-error'},
                     t('err.invalid_token'), ' ',
                     h('a', {href: '/forgot-password'}, t('reset.ask_again')))));
}
