// A page or an object that does not exist (or belongs to another
// organisation: the API answers 404 for both, and so do we).
import {h, replace} from '../dom.js';
import {t} from '../i18n.js';
import {pageHeader} from '../ui.js';

export function render(container, text) {
  replace(container,
    pageHeader(t('notfound.title')),
    h('p', {class: 'lead', 'data-testid': 'not-found'},
      text || t('notfound.text')),
    h('p', {}, h('a', {href: '/plans', class: 'button'},
                 t('notfound.back'))));
}
