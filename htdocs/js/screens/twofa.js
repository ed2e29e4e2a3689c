// The 2FA step of sign-in (an authenticator code or a recovery code) and
// the enrolment: QR code, manual key, first code, recovery codes to save.
import {get, post} from '../api.js';
import {field, h, message, messageBox, replace, setFieldError}
  from '../dom.js';
import {errorText, t} from '../i18n.js';
import {go, navigate, safeNext} from '../router.js';
import {loadSession, session, setSession} from '../session.js';
import {announce, busy, pageHeader} from '../ui.js';

function nextParam(fallback = '/plans') {
  return safeNext(new URLSearchParams(location.search).get('next'), fallback);
}

function codeInput(name, recovery) {
  return h('input', {
    name, required: true, autocomplete: 'one-time-code',
    inputmode: recovery ? 'text' : 'numeric',
    autocapitalize: 'none', spellcheck: 'false',
    maxlength: recovery ? 32 : 6,
    pattern: recovery ? null : '[0-9]{6}',
    class: 'code-input'});
}

export async function renderVerify(container) {
  const next = nextParam();
  const s = session();
  if (s && s.state === 'full') {
    go(next);
    return;
  }
  let recovery = false;
  const msg = messageBox();
  const slot = h('div');
  let codeField = null;

  const drawField = () => {
    codeField = field(recovery ? t('twofa.recovery_code') : t('twofa.code'),
                      codeInput('code', recovery),
                      recovery ? t('twofa.recovery_hint')
                               : t('twofa.code_hint'));
    replace(slot, codeField.wrap);
  };
  drawField();
  const toggle = h('button', {type: 'button', class: 'link-button'},
                   t('twofa.use_recovery'));
  toggle.addEventListener('click', () => {
    recovery = !recovery;
    toggle.textContent = recovery ? t('twofa.use_app')
                                  : t('twofa.use_recovery');
    drawField();
    codeField.input.focus();
  });

  const form = h('form', {class: 'card narrow', novalidate: true}, msg, slot,
    h('button', {type: 'submit', class: 'button primary wide'},
      t('twofa.verify')), h('p', {}, toggle));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = codeField.input.value.replace(/\s+/g, '');
    if (!code) {
      message(msg, t('err.required'));
      codeField.input.focus();
      return;
    }
    try {
      const result = await busy(form, () => post('/api/2fa/verify', {code}));
      setSession(result && result.state ? result : await loadSession());
      go(next);
    } catch (e) {
      message(msg, errorText(e));
      if (e.status === 401) {
        navigate(`/login?next=${encodeURIComponent(next)}`, {replace: true});
        return;
      }
      codeField.input.value = '';
      codeField.input.focus();
    }
  });
  container.append(h('div', {class: 'login-page'},
    pageHeader(t('twofa.verify_title')),
    h('p', {class: 'lead'}, t('twofa.verify_lead')), form));
}

function groupedSecret(secret) {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

function svgDataUrl(svg) {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

function downloadText(filename, text) {
  const url = URL.createObjectURL(new Blob([text], {type: 'text/plain'}));
  const a = h('a', {href: url, download: filename, hidden: true});
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// The recovery codes, once: the user must confirm they were saved.
export function recoveryCodesView(codes, onDone) {
  const text = codes.join('\n');
  const list = h('ol', {class: 'recovery-codes', 'data-testid': 'recovery'},
                 codes.map((c) => h('li', {}, h('code', {}, c))));
  const copy = h('button', {type: 'button', class: 'button secondary'},
                 t('twofa.copy'));
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      announce(t('twofa.copied'));
      copy.textContent = t('twofa.copied');
    } catch {
      announce(t('err.clipboard'));
    }
  });
  return h('section', {class: 'card', 'aria-labelledby': 'rc-title'},
    h('h2', {id: 'rc-title'}, t('twofa.recovery_title')),
    h('p', {}, t('twofa.recovery_lead')), list,
    h('div', {class: 'actions'},
      h('button', {type: 'button', class: 'button secondary',
                   onclick: () => downloadText('action-plan-recovery-codes.txt',
                                               text)}, t('twofa.download')),
      copy,
      h('button', {type: 'button', class: 'button primary', onclick: onDone},
        t('twofa.saved'))));
}

function setupView(setup) {
  return h('section', {class: 'enrol-setup', 'aria-labelledby': 'scan-title'},
    h('h2', {id: 'scan-title'}, t('twofa.scan_title')),
    h('ol', {class: 'steps'},
      h('li', {}, t('twofa.step_app')),
      h('li', {}, t('twofa.step_scan'))),
    h('img', {class: 'qr', src: svgDataUrl(setup.qr_svg), width: 200,
              height: 200, alt: t('twofa.qr_alt')}),
    h('details', {class: 'manual-key'},
      h('summary', {}, t('twofa.manual')),
      h('p', {}, t('twofa.manual_lead')),
      h('p', {}, h('code', {class: 'secret', 'data-testid': 'secret',
                            'data-secret': setup.secret},
                   groupedSecret(setup.secret)))));
}

export async function renderEnrol(container) {
  const s = session();
  const next = nextParam(s && s.state === 'full' ? '/account' : '/plans');
  const msg = messageBox();
  const head = pageHeader(t('twofa.enrol_title'));
  const lead = h('p', {class: 'lead'}, s && s.state === 'enrol_only'
    ? t('twofa.enrol_required') : t('twofa.enrol_lead'));
  container.append(head, lead, msg);

  let setup;
  try {
    setup = await post('/api/2fa/setup', {});
  } catch (e) {
    message(msg, errorText(e));
    return;
  }
  const codeField = field(t('twofa.first_code'), codeInput('code', false),
                          t('twofa.code_hint'));
  // A full session (or one signed in a while ago) confirms the password:
  // the server says so in the setup answer, or later with missing_field.
  const pwField = field(t('account.current_password'), h('input', {
    type: 'password', autocomplete: 'current-password', name: 'password'}),
    t('twofa.password_hint'));
  pwField.wrap.hidden = !setup.password_required;
  const form = h('form', {class: 'card', novalidate: true},
    setupView(setup), codeField.wrap, pwField.wrap,
    h('button', {type: 'submit', class: 'button primary'}, t('twofa.enable')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    setFieldError(pwField, '');
    const code = codeField.input.value.replace(/\s+/g, '');
    const body = pwField.wrap.hidden ? {code}
                                     : {code, password: pwField.input.value};
    try {
      const result = await busy(form, () => post('/api/2fa/enable', body));
      // Enabling rotates the session: the new one has a new CSRF token.
      if (result.session) setSession(result.session);
      else await loadSession().catch(() => {});
      const done = () => go(next);
      replace(container, pageHeader(t('twofa.enabled_title')),
              recoveryCodesView(result.recovery_codes || [], done));
      container.querySelector('h1').focus();
    } catch (e) {
      if (e.code === 'missing_field' || e.code === 'invalid_password') {
        pwField.wrap.hidden = false;
        setFieldError(pwField, e.code === 'invalid_password'
          ? errorText(e) : t('twofa.password_needed'));
        pwField.input.value = '';
        pwField.input.focus();
        return;
      }
      message(msg, errorText(e));
      codeField.input.value = '';
      codeField.input.focus();
    }
  });
  container.append(form);
}

// The state of 2FA for the account screen.
export async function status() {
  return get('/api/2fa/status');
}
