// A plan's attachments: drag-and-drop (or choose) upload with a progress
// bar, the list with image thumbnails, download and delete.
import {del, get, upload} from '../api.js';
import {h, message, messageBox, replace} from '../dom.js';
import {errorText, formatBytes, formatTime, t} from '../i18n.js';
import {announce, confirmDialog} from '../ui.js';

function listOf(body) {
  if (Array.isArray(body)) return body;
  return (body && (body.items || body.attachments)) || [];
}

function nameOf(a) {
  return a.filename || a.file_name || a.name || `#${a.id}`;
}

function isImage(a) {
  const type = a.content_type || a.mime_type || '';
  return /^image\/(png|jpeg|gif|webp)$/.test(type);
}

export function downloadUrl(a) {
  return a.download_url || `/api/attachments/${a.id}`;
}

function thumbUrl(a) {
  return a.thumbnail_url || a.inline_url || `/api/attachments/${a.id}?inline=1`;
}

export function attachmentsSection(plan) {
  const base = `/api/plans/${plan.id}/attachments`;
  const list = h('ul', {class: 'attachments'});
  const uploads = h('div', {class: 'uploads'});
  const msg = messageBox();

  async function reload() {
    try {
      draw(listOf(await get(base)));
    } catch (e) {
      message(msg, errorText(e));
    }
  }

  async function remove(a) {
    if (!await confirmDialog(t('files.delete_confirm', {name: nameOf(a)}),
                             t('common.delete'))) return;
    try {
      await del(`/api/attachments/${a.id}`);
      announce(t('files.deleted', {name: nameOf(a)}));
      await reload();
    } catch (e) {
      message(msg, errorText(e));
    }
  }

  function item(a) {
    const name = nameOf(a);
    return h('li', {class: 'attachment'},
      isImage(a) ? h('img', {class: 'thumb', src: thumbUrl(a), alt: name,
                             loading: 'lazy', width: 96, height: 96})
                 : h('span', {class: 'thumb file-icon', 'aria-hidden': 'true'},
                     (name.split('.').pop() || '').slice(0, 4).toUpperCase()),
      h('div', {class: 'attachment-info'},
        h('a', {href: downloadUrl(a), download: name, class: 'download',
                'data-external': '1'}, name),
        h('span', {class: 'muted'},
          [formatBytes(a.size),
           formatTime(a.uploaded_at || a.created_at)].filter(Boolean)
              .join(' · '))),
      h('button', {type: 'button', class: 'icon-button danger',
                   'aria-label': t('files.delete', {name}),
                   onclick: () => remove(a)}, '×'));
  }

  function draw(items) {
    replace(list, items.length ? items.map(item)
                               : h('li', {class: 'muted'}, t('files.none')));
  }

  async function send(file) {
    const bar = h('progress', {max: 100, value: 0,
                               'aria-label': t('files.uploading',
                                               {name: file.name})});
    const row = h('div', {class: 'upload-row'},
                  h('span', {}, file.name), bar);
    uploads.append(row);
    const data = new FormData();
    data.append('file', file, file.name);
    try {
      await upload(base, data, (f) => {
        bar.value = Math.round(f * 100);
      });
      announce(t('files.uploaded', {name: file.name}));
    } catch (e) {
      message(msg, `${file.name}: ${errorText(e)}`);
    } finally {
      row.remove();
    }
  }

  async function sendAll(files) {
    message(msg, '');
    for (const file of files) await send(file);
    await reload();
  }

  const input = h('input', {type: 'file', multiple: true, id: 'file-input',
                            class: 'visually-hidden'});
  input.addEventListener('change', () => {
    sendAll([...input.files]);
    input.value = '';
  });
  const zone = h('div', {class: 'dropzone'},
    h('p', {}, t('files.drop')), input,
    h('label', {for: 'file-input', class: 'button secondary file-label'},
      t('files.choose')));
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('dragging');
    sendAll([...e.dataTransfer.files]);
  });

  reload();
  return h('section', {class: 'card', 'aria-labelledby': 'files-title'},
    h('h2', {id: 'files-title'}, t('files.title')), msg, zone, uploads, list);
}
