// One plan: its details, tasks (check off, reorder), attachments, comments,
// history, and a short link with its QR code.
import {del, get, post} from '../api.js';
import {h, message, messageBox, replace} from '../dom.js';
import {errorText, formatDay, formatTime, t} from '../i18n.js';
import {navigate} from '../router.js';
import {isAdmin} from '../session.js';
import {confirmDialog, loading, overdueBadge, pageHeader, priorityBadge,
        showToast, statusBadge} from '../ui.js';
import {tasksSection} from './plan-tasks.js';
import {attachmentsSection} from './plan-attachments.js';
import {commentsSection} from './plan-comments.js';
import * as notFound from './not-found.js';

export function listOf(body) {
  if (Array.isArray(body)) return body;
  return (body && body.items) || [];
}

function meta(plan) {
  const row = (label, value) => [h('dt', {}, label), h('dd', {}, value)];
  return h('dl', {class: 'meta'},
    row(t('plans.status'), statusBadge(plan.status)),
    row(t('plans.priority'), priorityBadge(plan.priority)),
    row(t('plans.owner'),
        plan.owner ? plan.owner.display_name : t('plans.no_owner')),
    row(t('plans.due'), plan.due_date
      ? [h('time', {datetime: plan.due_date}, formatDay(plan.due_date)),
         plan.overdue ? [' ', overdueBadge()] : null] : '—'),
    row(t('plans.area'), plan.area || '—'),
    row(t('plans.updated'),
        h('time', {datetime: plan.updated_at}, formatTime(plan.updated_at))));
}

function shareSection(plan) {
  const out = h('div', {class: 'share-result', 'aria-live': 'polite'});
  const msg = messageBox();
  const make = h('button', {type: 'button', class: 'button secondary'},
                 t('share.make'));
  make.addEventListener('click', async () => {
    make.disabled = true;
    try {
      const link = await post('/api/links', {target: `/plans/${plan.id}`});
      // Only a web address is made a link (never e.g. "javascript:").
      const url = /^https?:\/\//.test(link.short_url || '')
        ? link.short_url : `${location.origin}/s/${link.code}`;
      replace(out,
        h('p', {}, t('share.ready'), ' ',
          h('a', {href: url, class: 'short-link', 'data-external': '1'}, url)),
        h('img', {class: 'qr', src: `/api/links/${encodeURIComponent(
          link.code)}/qr`, width: 180, height: 180,
                  alt: t('share.qr_alt', {url})}),
        copyButton(url));
    } catch (e) {
      message(msg, errorText(e));
    } finally {
      make.disabled = false;
    }
  });
  return h('section', {class: 'card', 'aria-labelledby': 'share-title'},
    h('h2', {id: 'share-title'}, t('share.title')),
    h('p', {class: 'field-hint'}, t('share.lead')), msg, make, out);
}

function copyButton(text) {
  const b = h('button', {type: 'button', class: 'link-button'},
              t('share.copy'));
  b.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      b.textContent = t('share.copied');
    } catch {
      b.textContent = t('err.clipboard');
    }
  });
  return b;
}

// A changed value as people read it: statuses and priorities translated,
// days in the local format.
function valueText(fieldName, value) {
  if (value === null || value === undefined || value === '') return '—';
  if (fieldName === 'status' || fieldName === 'priority') {
    const key = `${fieldName}.${value}`;
    return t(key) === key ? value : t(key);
  }
  if (fieldName === 'due_date') return formatDay(value);
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}

function historyEntry(entry) {
  const who = entry.user ? entry.user.display_name : '';
  const key = `history.${entry.entity}_${entry.action}`;
  const what = t(key) === key ? `${entry.entity} ${entry.action}` : t(key);
  const change = entry.field
    ? [' ', h('span', {class: 'muted'}, t('history.field', {
        field: t(`field.${entry.field}`) === `field.${entry.field}`
          ? entry.field : t(`field.${entry.field}`),
        from: valueText(entry.field, entry.old_value),
        to: valueText(entry.field, entry.new_value)}))]
    : null;
  return h('li', {},
    h('time', {datetime: entry.at}, formatTime(entry.at)), ' — ',
    h('strong', {}, who), ' ', what, change);
}

function historySection(plan) {
  const body = h('div');
  const details = h('details', {class: 'card history'},
    h('summary', {}, h('h2', {class: 'inline'}, t('history.title'))), body);
  let loaded = false;
  details.addEventListener('toggle', async () => {
    if (!details.open || loaded) return;
    loaded = true;
    loading(body);
    try {
      const items = listOf(await get(`/api/plans/${plan.id}/history`));
      body.removeAttribute('aria-busy');
      replace(body, items.length
        ? h('ol', {class: 'history-list'}, items.map(historyEntry))
        : h('p', {}, t('history.none')));
    } catch (e) {
      body.removeAttribute('aria-busy');
      replace(body, h('p', {class: 'message message-error'}, errorText(e)));
    }
  });
  return details;
}

async function deletePlan(plan) {
  if (!await confirmDialog(t('plan.delete_confirm', {title: plan.title}),
                           t('plan.delete'))) return;
  try {
    await del(`/api/plans/${plan.id}`);
    showToast(isAdmin() ? t('plan.deleted_admin') : t('plan.deleted'), 'ok');
    navigate('/plans');
  } catch (e) {
    showToast(errorText(e));
  }
}

export async function render(container, params, alive) {
  loading(container);
  let plan;
  try {
    plan = await get(`/api/plans/${encodeURIComponent(params.id)}`);
  } catch (e) {
    if (!alive()) return;
    container.removeAttribute('aria-busy');
    if (e.status === 404 || e.status === 400) {
      notFound.render(container, t('plan.not_found'));
      return;
    }
    replace(container, pageHeader(t('err.title')),
            h('p', {class: 'message message-error'}, errorText(e)));
    return;
  }
  if (!alive()) return;
  container.removeAttribute('aria-busy');

  const del_ = h('button', {type: 'button', class: 'button danger'},
                 t('plan.delete'));
  del_.addEventListener('click', () => deletePlan(plan));
  replace(container,
    h('p', {class: 'breadcrumb'}, h('a', {href: '/plans'},
                                    `← ${t('plans.title_list')}`)),
    pageHeader(plan.title,
      h('a', {href: `/plans/${plan.id}/edit`, class: 'button'},
        t('plan.edit')), del_),
    h('div', {class: 'plan-layout'},
      h('div', {class: 'plan-main'},
        h('section', {class: 'card', 'aria-label': t('plan.details')},
          meta(plan),
          plan.description ? h('p', {class: 'description'}, plan.description)
                           : null),
        tasksSection(plan),
        attachmentsSection(plan),
        commentsSection(plan)),
      h('div', {class: 'plan-side'},
        shareSection(plan),
        historySection(plan))));
}
