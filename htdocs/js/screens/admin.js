// Organisation admin: users and roles, settings (the 2FA enforcement switch
// with who is not enrolled yet, the sign-in providers allowed), the audit
// log, and the trash.
import {get, patch, post, query} from '../api.js';
import {field, h, message, messageBox, replace, setFieldError} from '../dom.js';
import {errorText, formatDay, formatTime, t} from '../i18n.js';
import {loadSession, session} from '../session.js';
import {navigate} from '../router.js';
import {oauthProviders} from '../oauth.js';
import {announce, busy, loading, pageHeader, showToast, statusBadge}
  from '../ui.js';

const TABS = ['users', 'settings', 'audit', 'trash'];

function listOf(body, key) {
  if (Array.isArray(body)) return body;
  return (body && (body.items || body[key])) || [];
}

function tabs(active) {
  return h('nav', {class: 'tabs', 'aria-label': t('admin.sections')},
    h('ul', {}, TABS.map((tab) => h('li', {},
      h('a', {href: `/admin/${tab}`,
              'aria-current': tab === active ? 'page' : null},
        t(`admin.tab_${tab}`))))));
}

function roleSelect(user, onChange) {
  const name = user.display_name || user.login;
  const s = h('select', {'aria-label': t('admin.role_of', {name})},
    ['member', 'admin'].map((r) => h('option', {value: r,
                                                selected: r === user.role},
                                     t(`role.${r}`))));
  s.disabled = user.id === session().user.id;
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

function newUserForm(onCreated) {
  const msg = messageBox();
  const f = {
    login: field(t('common.login'), h('input', {autocomplete: 'off'})),
    email: field(t('account.email'), h('input', {type: 'email',
                                                 autocomplete: 'off'})),
    display_name: field(t('account.name'), h('input', {autocomplete: 'off'})),
    role: field(t('account.role'), h('select', {},
      ['member', 'admin'].map((r) => h('option', {value: r},
                                       t(`role.${r}`))))),
  };
  const form = h('form', {class: 'card', novalidate: true,
                          'aria-labelledby': 'nu-title'},
    h('h2', {id: 'nu-title'}, t('admin.new_user')),
    h('p', {class: 'field-hint'}, t('admin.invite_hint')), msg,
    h('div', {class: 'grid-2'}, Object.values(f).map((x) => x.wrap)),
    h('button', {type: 'submit', class: 'button'}, t('admin.create_user')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    Object.values(f).forEach((x) => setFieldError(x, ''));
    message(msg, '');
    const body = {};
    for (const [k, x] of Object.entries(f)) body[k] = x.input.value.trim();
    try {
      await busy(form, () => post('/api/users', body));
      form.reset();
      announce(t('admin.user_created', {login: body.login}));
      message(msg, t('admin.user_created', {login: body.login}), 'ok');
      onCreated();
    } catch (e) {
      const target = f[e.field] || f[e.code.replace(/^invalid_|_taken$/g, '')];
      if (target) {
        setFieldError(target, errorText(e));
        target.input.focus();
      } else {
        message(msg, errorText(e));
      }
    }
  });
  return form;
}

async function usersTab(box) {
  const msg = messageBox();
  const tableBox = h('div');
  const change = async (user, body) => {
    try {
      await patch(`/api/users/${user.id}`, body);
      announce(t('admin.saved'));
      load();
    } catch (e) {
      message(msg, errorText(e));
      load();
    }
  };
  const row = (u) => {
    const name = u.display_name || u.login;
    const active = h('input', {type: 'checkbox',
                               checked: u.status !== 'disabled',
                               'aria-label': t('admin.active_of', {name})});
    active.disabled = u.id === session().user.id;
    active.addEventListener('change',
                            () => change(u, {disabled: !active.checked}));
    return h('tr', {},
      h('td', {'data-label': t('account.name')}, name),
      h('td', {'data-label': t('common.login')}, u.login),
      h('td', {'data-label': t('account.email')}, u.email),
      h('td', {'data-label': t('account.role')},
        roleSelect(u, (role) => change(u, {role}))),
      h('td', {'data-label': t('admin.user_status')},
        t(`user_status.${u.status}`)),
      h('td', {'data-label': t('admin.active')}, active));
  };
  async function load() {
    try {
      const users = listOf(await get('/api/users?per_page=100'), 'users');
      replace(tableBox, h('table', {class: 'responsive'},
        h('thead', {}, h('tr', {}, [t('account.name'), t('common.login'),
          t('account.email'), t('account.role'), t('admin.user_status'),
          t('admin.active')].map((c) => h('th', {scope: 'col'}, c)))),
        h('tbody', {}, users.map(row))));
    } catch (e) {
      message(msg, errorText(e));
    }
  }
  await load();
  box.append(msg, tableBox, newUserForm(load));
}

async function settingsTab(box) {
  const msg = messageBox();
  let org = {};
  try {
    org = await get('/api/org');
  } catch (e) {
    message(msg, errorText(e));
  }
  const name = field(t('admin.org_name'), h('input', {value: org.name ||
                                                      session().tenant.name}));
  const enforce = h('input', {type: 'checkbox', id: 'enforce-2fa',
                              role: 'switch', checked: !!org.enforce_2fa});
  const policy = field(t('admin.password_policy'), h('select', {},
    ['contract', 'nist'].map((m) => h('option', {
      value: m, selected: (org.password_policy || 'contract') === m},
      t(`admin.policy_${m}`)))));
  const notEnrolled = h('div', {'aria-live': 'polite'});
  const providers = await providerSwitches(org.oauth_providers);
  const form = h('form', {class: 'card', novalidate: true}, msg, name.wrap,
    policy.wrap, providers.element,
    h('div', {class: 'field'}, h('label', {class: 'check'}, enforce,
                                 t('admin.enforce_2fa')),
      h('p', {class: 'field-hint'}, t('admin.enforce_hint'))),
    notEnrolled,
    h('button', {type: 'submit', class: 'button'}, t('common.save')));

  async function loadEnforcement() {
    try {
      const e = await get('/api/2fa/enforcement');
      const users = e.not_enrolled || [];
      replace(notEnrolled, users.length
        ? [h('h2', {}, t('admin.not_enrolled', {n: users.length})),
           h('ul', {}, users.map((u) => h('li', {},
             `${u.display_name || u.login} (${u.login})`)))]
        : h('p', {}, t('admin.all_enrolled')));
    } catch (e) {
      replace(notEnrolled, h('p', {class: 'muted'}, errorText(e)));
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message(msg, '');
    try {
      const changes = {name: name.input.value.trim(),
                       enforce_2fa: enforce.checked,
                       password_policy: policy.input.value};
      if (providers.values()) changes.oauth_providers = providers.values();
      await busy(form, () => patch('/api/org', changes));
      message(msg, t('admin.saved'), 'ok');
      // The top bar shows the organisation's name from the session. An
      // admin without 2FA who turned the rule on is bound by it at once.
      const s = await loadSession().catch(() => null);
      if (s && s.state === 'enrol_only') {
        navigate(`/2fa/enrol?next=${encodeURIComponent('/admin/settings')}`,
                 {replace: true});
        return;
      }
      loadEnforcement();
    } catch (e) {
      message(msg, errorText(e));
    }
  });
  box.append(form);
  loadEnforcement();
}

// One switch per configured sign-in provider (the organisation's
// "oauth_providers": {"google": true, ...}), labelled from the public
// provider list. values() is null when there is nothing to send.
async function providerSwitches(allowed) {
  if (!allowed || typeof allowed !== 'object') {
    return {element: null, values: () => null};
  }
  const labels = {};
  for (const p of await oauthProviders()) labels[p.name] = p.label;
  const boxes = Object.keys(allowed).map((name) => ({name,
    input: h('input', {type: 'checkbox', id: `oauth-${name}-allowed`,
                       name: `oauth-${name}`, checked: !!allowed[name]})}));
  if (boxes.length === 0) return {element: null, values: () => null};
  const element = h('fieldset', {class: 'field oauth-providers'},
    h('legend', {}, t('admin.oauth_title')),
    h('p', {class: 'field-hint'}, t('admin.oauth_hint')),
    boxes.map((b) => h('label', {class: 'check'}, b.input,
      t('admin.oauth_allow', {label: labels[b.name] || b.name}))));
  return {
    element,
    values: () => Object.fromEntries(boxes.map((b) =>
      [b.name, b.input.checked])),
  };
}

function auditRow(e) {
  const who = e.login;
  return h('tr', {},
    h('td', {'data-label': t('admin.when')},
      formatTime(e.at || e.created_at)),
    h('td', {'data-label': t('admin.who')}, who || '—'),
    h('td', {'data-label': t('admin.event')}, e.event),
    h('td', {'data-label': t('admin.ip')}, e.ip || '—'),
    h('td', {'data-label': t('admin.detail')}, e.detail || ''));
}

async function auditTab(box, before = '') {
  const msg = messageBox();
  const body = h('div');
  box.append(msg, body);
  loading(body);
  try {
    const page = await get(`/api/org/audit${query({limit: 50, before})}`);
    body.removeAttribute('aria-busy');
    const more = page.next_before ? h('button', {type: 'button',
      class: 'button secondary', onclick: () => {
        replace(box);
        auditTab(box, page.next_before);
      }}, t('plans.next_page')) : null;
    replace(body, h('table', {class: 'responsive audit'},
      h('thead', {}, h('tr', {}, ['when', 'who', 'event', 'ip', 'detail']
        .map((c) => h('th', {scope: 'col'}, t(`admin.${c}`))))),
      h('tbody', {}, listOf(page, 'entries').map(auditRow))), more);
  } catch (e) {
    body.removeAttribute('aria-busy');
    replace(body);
    message(msg, errorText(e));
  }
}

async function trashTab(box) {
  const msg = messageBox();
  const body = h('div');
  box.append(h('p', {class: 'field-hint'}, t('admin.trash_lead')), msg, body);
  async function restore(plan) {
    try {
      await post(`/api/plans/${plan.id}/restore`, {});
      showToast(t('admin.restored', {title: plan.title}), 'ok');
      load();
    } catch (e) {
      message(msg, errorText(e));
    }
  }
  async function load() {
    try {
      const items = listOf(await get('/api/plans?deleted=1&limit=100'));
      replace(body, items.length ? h('ul', {class: 'trash'}, items.map((p) =>
        h('li', {}, h('strong', {}, p.title), ' ', statusBadge(p.status), ' ',
          h('span', {class: 'muted'}, t('admin.deleted_at', {
            when: formatTime(p.deleted_at || p.updated_at)})), ' ',
          p.due_date ? h('span', {class: 'muted'}, formatDay(p.due_date))
                     : null,
          ' ', h('button', {type: 'button', class: 'button small',
                            onclick: () => restore(p)}, t('admin.restore')))))
        : h('p', {}, t('admin.trash_empty')));
    } catch (e) {
      message(msg, errorText(e));
    }
  }
  await load();
}

export async function render(container, params) {
  const tab = TABS.includes(params.tab) ? params.tab : 'users';
  const box = h('div', {class: 'tab-panel'});
  container.append(pageHeader(t('admin.title')), tabs(tab), box);
  await {users: usersTab, settings: settingsTab, audit: auditTab,
         trash: trashTab}[tab](box);
}
