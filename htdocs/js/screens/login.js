// Sign in: login or e-mail and password, the configured OpenID Connect
// providers (Google, LinkedIn, ...), the captcha when the API asks for it.
// Honours ?next= (same-site paths only).
import {post} from '../api.js';
import {field, h, message, messageBox, replace, setFieldError}
  from '../dom.js';
import {errorText, t} from '../i18n.js';
import {go, navigate, safeNext} from '../router.js';
import {session, setSession} from '../session.js';
import {busy, pageHeader} from '../ui.js';
import {renderCaptcha} from '../captcha.js';
import {oauthProviders} from '../oauth.js';

export function nextParam() {
  return safeNext(new URLSearchParams(location.search).get('next'));
}

// After the password (or OAuth): the 2FA step, the enrolment, or the page.
export function continueAfterLogin(s, next) {
  if (s.state === 'pending_2fa') {
    navigate(`/2fa?next=${encodeURIComponent(next)}`, {replace: true});
  } else if (s.state === 'enrol_only') {
    navigate(`/2fa/enrol?next=${encodeURIComponent(next)}`, {replace: true});
  } else {
    go(next);
  }
}

// One plain link per provider: the sign-in leaves the app for the
// provider's page, so it is a full page load, not a route.
async function renderOauthButtons(box, next) {
  const providers = await oauthProviders();
  if (providers.length === 0) return;
  const href = (name) =>
    `/auth/oauth/${name}/start?next=${encodeURIComponent(next)}`;
  replace(box,
    h('p', {class: 'or'}, h('span', {}, t('login.or'))),
    h('div', {class: 'oauth'}, providers.map((p) =>
      h('a', {class: `button secondary oauth-${p.name}`, href: href(p.name),
              'data-external': '1'},
        t('login.with_provider', {label: p.label || p.name})))));
  box.hidden = false;
}

// An error the OAuth callback sent back here (?error=code).
function oauthError(box) {
  const code = new URLSearchParams(location.search).get('error');
  if (code) message(box, errorText({code}));
}

export async function render(container) {
  const next = nextParam();
  const s = session();
  if (s && s.state === 'full') {
    go(next);
    return;
  }

  const msg = messageBox();
  const loginField = field(t('login.login'), h('input', {
    name: 'login', autocomplete: 'username', required: true,
    autocapitalize: 'none', spellcheck: 'false'}));
  const passwordField = field(t('login.password'), h('input', {
    name: 'password', type: 'password', autocomplete: 'current-password',
    required: true}));
  const captchaBox = h('div', {class: 'captcha', hidden: true});
  let captcha = null;

  const known = new URLSearchParams(location.search).get('login');
  if (known) loginField.input.value = known;
  const form = h('form', {class: 'card narrow', novalidate: true},
    msg, loginField.wrap, passwordField.wrap, captchaBox,
    h('button', {type: 'submit', class: 'button primary wide'},
      t('login.submit')),
    h('p', {class: 'forgot'}, h('a', {href: '/forgot-password'},
                                t('login.forgot'))));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    setFieldError(loginField, loginField.input.value ? '' : t('err.required'));
    setFieldError(passwordField,
                  passwordField.input.value ? '' : t('err.required'));
    if (!loginField.input.value || !passwordField.input.value) {
      (loginField.input.value ? passwordField : loginField).input.focus();
      return;
    }
    message(msg, '');
    const body = {login: loginField.input.value.trim(),
                  password: passwordField.input.value};
    if (captcha) body.captcha = captcha.response();
    try {
      const result = await busy(form, () => post('/api/auth/login', body));
      setSession(result);
      continueAfterLogin(result, next);
    } catch (e) {
      message(msg, errorText(e));
      passwordField.input.value = '';
      if (e.code === 'captcha_required' || e.body.site_key) {
        captchaBox.hidden = false;
        captcha = captcha || renderCaptcha(captchaBox, e.body.site_key, msg);
        if (captcha) captcha.reset();
      }
      passwordField.input.focus();
    }
  });

  const oauthBox = h('div', {hidden: true});
  container.append(
    h('div', {class: 'login-page'},
      pageHeader(t('login.title')),
      h('p', {class: 'lead'}, t('login.lead')),
      form,
      oauthBox));
  oauthError(msg);
  await renderOauthButtons(oauthBox, next);
}
