// New and edit forms of a plan. The API's validation messages appear next
// to their fields; an edit that crossed someone else's (409) is explained,
// with the choice to keep one's own changes or take theirs.
import {get, patch, post} from '../api.js';
import {field, h, message, messageBox, replace, setFieldError} from '../dom.js';
import {errorText, formatTime, t} from '../i18n.js';
import {navigate} from '../router.js';
import {isAdmin, session} from '../session.js';
import {busy, loading, pageHeader, showToast} from '../ui.js';
import {PRIORITIES, STATUSES} from './plans.js';
import * as notFound from './not-found.js';

const FIELDS = ['title', 'description', 'area', 'priority', 'status',
                'owner_id', 'due_date'];

function select(name, options, value) {
  return h('select', {name}, options.map(([v, label]) =>
    h('option', {value: v, selected: String(v) === String(value ?? '')},
      label)));
}

// People a plan can belong to: the organisation's users when the API lets
// this user list them, else just "me".
async function ownerOptions(plan) {
  const me = session().user;
  const options = [['', t('plans.no_owner')]];
  let users = [];
  if (isAdmin()) {
    try {
      users = (await get('/api/users?per_page=100')).users || [];
    } catch {
      users = [];
    }
  }
  for (const u of users) {
    if (u.status === 'disabled') continue;
    options.push([String(u.id), u.display_name || u.login]);
  }
  if (!users.some((u) => u.id === me.id)) {
    options.push([String(me.id), me.display_name || me.login]);
  }
  const owner = plan && plan.owner;
  if (owner && !options.some(([id]) => id === String(owner.id))) {
    options.push([String(owner.id), owner.display_name]);
  }
  return options;
}

function buildFields(plan, owners) {
  const v = plan || {priority: 'medium', status: 'open'};
  return {
    title: field(t('plans.title'), h('input', {name: 'title', required: true,
      maxlength: 200, value: v.title || ''})),
    description: field(t('plans.description'), h('textarea', {
      name: 'description', rows: 5, value: v.description || ''})),
    area: field(t('plans.area'), h('input', {name: 'area', maxlength: 200,
      value: v.area || ''}), t('plans.area_hint')),
    priority: field(t('plans.priority'), select('priority',
      PRIORITIES.map((p) => [p, t(`priority.${p}`)]), v.priority)),
    status: field(t('plans.status'), select('status',
      STATUSES.map((s) => [s, t(`status.${s}`)]), v.status)),
    owner_id: field(t('plans.owner'), select('owner_id', owners,
      v.owner ? v.owner.id : (plan ? '' : session().user.id))),
    due_date: field(t('plans.due'), h('input', {name: 'due_date',
      type: 'date', value: v.due_date || ''})),
  };
}

function readValues(fields) {
  const owner = fields.owner_id.input.value;
  return {
    title: fields.title.input.value.trim(),
    description: fields.description.input.value,
    area: fields.area.input.value.trim(),
    priority: fields.priority.input.value,
    status: fields.status.input.value,
    owner_id: owner ? Number(owner) : null,
    due_date: fields.due_date.input.value || null,
  };
}

// Which field an API error is about ("owner" and "owner_id" are the same).
// The plans API names the field as the first word of its message
// ("due_date must be ...").
function fieldOf(error, fields) {
  const named = error.field || String(error.body.message || '').split(' ')[0];
  const name = named === 'owner' ? 'owner_id' : named;
  return name && fields[name] ? fields[name] : null;
}

function conflictBox(error, onKeepMine, onTakeTheirs) {
  const theirs = error.body.current || {};
  const who = theirs.updated_by && (theirs.updated_by.display_name ||
                                    theirs.updated_by);
  return h('div', {class: 'message message-warning conflict', role: 'alert'},
    h('h2', {}, t('form.conflict_title')),
    h('p', {}, t('form.conflict_text', {
      who: typeof who === 'string' ? who : t('form.someone'),
      when: formatTime(theirs.updated_at)})),
    h('div', {class: 'actions'},
      h('button', {type: 'button', class: 'button', onclick: onTakeTheirs},
        t('form.conflict_theirs')),
      h('button', {type: 'button', class: 'button secondary',
                   onclick: onKeepMine}, t('form.conflict_mine'))));
}

async function renderForm(container, plan, alive) {
  loading(container);
  const owners = await ownerOptions(plan);
  if (!alive()) return;
  container.removeAttribute('aria-busy');
  const fields = buildFields(plan, owners);
  const msg = messageBox();
  const conflict = h('div');
  let version = plan ? plan.version : null;
  const cancelHref = plan ? `/plans/${plan.id}` : '/plans';

  const form = h('form', {class: 'card plan-form', novalidate: true},
    msg, conflict, FIELDS.map((name) => fields[name].wrap),
    h('div', {class: 'actions'},
      h('button', {type: 'submit', class: 'button primary'},
        plan ? t('common.save') : t('plans.create')),
      h('a', {href: cancelHref, class: 'button secondary'},
        t('common.cancel'))));

  async function save() {
    FIELDS.forEach((name) => setFieldError(fields[name], ''));
    message(msg, '');
    replace(conflict);
    const values = readValues(fields);
    if (!values.title) {
      setFieldError(fields.title, t('err.required'));
      fields.title.input.focus();
      return;
    }
    try {
      const saved = await busy(form, () => (plan
        ? patch(`/api/plans/${plan.id}`, {...values, version})
        : post('/api/plans', values)));
      showToast(t('form.saved'), 'ok');
      navigate(`/plans/${(saved && saved.id) || plan.id}`);
    } catch (e) {
      showError(e);
    }
  }

  function showError(e) {
    if (e.code === 'version_conflict') {
      replace(conflict, conflictBox(e, () => {
        version = e.body.current_version ?? (e.body.current || {}).version;
        replace(conflict);
        save();
      }, () => navigate(`/plans/${plan.id}/edit`, {replace: true})));
      conflict.querySelector('h2').setAttribute('tabindex', '-1');
      conflict.querySelector('h2').focus();
      return;
    }
    const f = fieldOf(e, fields);
    if (f) {
      setFieldError(f, errorText(e));
      f.input.focus();
    } else {
      message(msg, errorText(e));
      msg.setAttribute('tabindex', '-1');
      msg.focus();
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save();
  });
  replace(container,
    h('p', {class: 'breadcrumb'}, h('a', {href: cancelHref},
      `← ${plan ? plan.title : t('plans.title_list')}`)),
    pageHeader(plan ? t('form.edit_title') : t('form.new_title')),
    form);
}

export async function renderNew(container, params, alive) {
  await renderForm(container, null, alive);
}

export async function renderEdit(container, params, alive) {
  let plan;
  try {
    plan = await get(`/api/plans/${encodeURIComponent(params.id)}`);
  } catch (e) {
    if (e.status === 404 || e.status === 400) {
      notFound.render(container, t('plan.not_found'));
      return;
    }
    replace(container, pageHeader(t('err.title')),
            h('p', {class: 'message message-error'}, errorText(e)));
    return;
  }
  if (alive()) await renderForm(container, plan, alive);
}
