// Small shared pieces of the screens: toasts, announcements, badges,
// confirmation dialogs, page headings.
import {h, replace} from './dom.js';
import {t} from './i18n.js';

export function showToast(text, kind = 'error') {
  const box = document.getElementById('toasts');
  const toast = h('div', {class: `toast toast-${kind}`},
    h('span', {}, text),
    h('button', {type: 'button', class: 'toast-close',
                 'aria-label': t('common.close'),
                 onclick: () => toast.remove()}, '×'));
  box.append(toast);
  setTimeout(() => toast.remove(), 8000);
}

// Says `text` to screen readers without moving focus.
export function announce(text) {
  const el = document.getElementById('announcer');
  el.textContent = '';
  setTimeout(() => {
    el.textContent = text;
  }, 50);
}

export function pageHeader(title, ...actions) {
  return h('div', {class: 'page-header'},
           h('h1', {tabindex: -1}, title),
           actions.length ? h('div', {class: 'actions'}, actions) : null);
}

export function statusBadge(status) {
  return h('span', {class: `badge status-${status}`},
           t(`status.${status}`));
}

export function priorityBadge(priority) {
  return h('span', {class: `badge priority-${priority}`},
           t(`priority.${priority}`));
}

export function overdueBadge() {
  return h('span', {class: 'badge overdue'}, t('plans.overdue'));
}

export function loading(container) {
  container.setAttribute('aria-busy', 'true');
  replace(container, h('p', {class: 'loading'}, t('common.loading')));
}

// A modal question; resolves to true when confirmed. Uses <dialog>, which
// traps focus and closes on Escape.
export function confirmDialog(text, confirmLabel, danger = true) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const dialog = h('dialog', {class: 'dialog',
                                'aria-labelledby': 'confirm-text'},
      h('p', {id: 'confirm-text'}, text),
      h('div', {class: 'actions'},
        h('button', {type: 'button', class: 'button secondary',
                     onclick: () => dialog.close('no')}, t('common.cancel')),
        h('button', {type: 'button',
                     class: danger ? 'button danger' : 'button',
                     onclick: () => dialog.close('yes')}, confirmLabel)));
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener && opener.focus) opener.focus();
      resolve(dialog.returnValue === 'yes');
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

export function button(label, onclick, cls = 'button') {
  return h('button', {type: 'button', class: cls, onclick}, label);
}

// Disables a form's controls while `work` runs.
export async function busy(form, work) {
  const controls = [...form.querySelectorAll(
    'button, input, select, textarea')];
  const was = controls.map((c) => c.disabled);
  controls.forEach((c) => {
    c.disabled = true;
  });
  form.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    controls.forEach((c, i) => {
      c.disabled = was[i];
    });
    form.removeAttribute('aria-busy');
  }
}
