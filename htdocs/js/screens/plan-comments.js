// A plan's comments: read, add, and edit or delete one's own.
import {del, get, patch, post} from '../api.js';
import {field, h, message, messageBox, replace, setFieldError} from '../dom.js';
import {errorText, formatTime, t} from '../i18n.js';
import {session} from '../session.js';
import {busy, confirmDialog} from '../ui.js';

function listOf(body) {
  if (Array.isArray(body)) return body;
  return (body && (body.items || body.comments)) || [];
}

function authorOf(c) {
  const a = c.author || c.user || {};
  return {id: a.id ?? c.author_id ?? c.user_id,
          name: a.display_name || a.login || c.author_name || ''};
}

export function commentsSection(plan) {
  const base = `/api/plans/${plan.id}/comments`;
  const list = h('ol', {class: 'comments'});
  const msg = messageBox();

  async function reload() {
    try {
      draw(listOf(await get(base)));
    } catch (e) {
      message(msg, errorText(e));
    }
  }

  function editForm(c, li) {
    const f = field(t('comments.edit_label'),
                    h('textarea', {rows: 3, value: c.body}));
    const form = h('form', {class: 'comment-edit'}, f.wrap,
      h('div', {class: 'actions'},
        h('button', {type: 'submit', class: 'button'}, t('common.save')),
        h('button', {type: 'button', class: 'button secondary',
                     onclick: () => reload()}, t('common.cancel'))));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await busy(form, () => patch(`${base}/${c.id}`,
                                     {body: f.input.value}));
        await reload();
      } catch (e) {
        setFieldError(f, errorText(e));
      }
    });
    replace(li, form);
    f.input.focus();
  }

  async function remove(c) {
    if (!await confirmDialog(t('comments.delete_confirm'),
                             t('common.delete'))) return;
    try {
      await del(`${base}/${c.id}`);
      await reload();
    } catch (e) {
      message(msg, errorText(e));
    }
  }

  function item(c) {
    const author = authorOf(c);
    const me = session() && author.id === session().user.id;
    const li = h('li', {class: 'comment'});
    replace(li,
      h('p', {class: 'comment-head'}, h('strong', {}, author.name), ' · ',
        h('time', {datetime: c.created_at}, formatTime(c.created_at)),
        c.updated_at && c.updated_at !== c.created_at
          ? h('span', {class: 'muted'}, ` (${t('comments.edited')})`) : null),
      h('p', {class: 'comment-body'}, c.body),
      me ? h('div', {class: 'actions small'},
        h('button', {type: 'button', class: 'link-button',
                     onclick: () => editForm(c, li)}, t('common.edit')),
        h('button', {type: 'button', class: 'link-button danger',
                     onclick: () => remove(c)}, t('common.delete'))) : null);
    return li;
  }

  function draw(items) {
    replace(list, items.length ? items.map(item)
                               : h('li', {class: 'muted'}, t('comments.none')));
  }

  const bodyField = field(t('comments.new'), h('textarea', {rows: 3,
                                                            name: 'body'}));
  const form = h('form', {novalidate: true}, bodyField.wrap,
    h('button', {type: 'submit', class: 'button'}, t('comments.add')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = bodyField.input.value.trim();
    setFieldError(bodyField, body ? '' : t('err.required'));
    if (!body) {
      bodyField.input.focus();
      return;
    }
    try {
      await busy(form, () => post(base, {body}));
      bodyField.input.value = '';
      await reload();
    } catch (e) {
      setFieldError(bodyField, errorText(e));
    }
    bodyField.input.focus();
  });

  reload();
  return h('section', {class: 'card', 'aria-labelledby': 'comments-title'},
    h('h2', {id: 'comments-title'}, t('comments.title')), msg, list, form);
}
