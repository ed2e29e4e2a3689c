// The plans list: filters, search, sorting, paging and overdue marks. The
// filters live in the URL, so a filtered list can be bookmarked or shared.
import {get, query} from '../api.js';
import {field, h, message, messageBox, replace} from '../dom.js';
import {errorText, formatDay, formatTime, t} from '../i18n.js';
import {navigate} from '../router.js';
import {loading, overdueBadge, pageHeader, priorityBadge, statusBadge}
  from '../ui.js';

export const STATUSES = ['draft', 'open', 'in_progress', 'done', 'cancelled'];
export const PRIORITIES = ['low', 'medium', 'high', 'critical'];
const SORTS = ['due_date', '-due_date', '-updated', 'updated', '-priority',
               'priority'];
const PAGE_SIZE = 25;

function readFilters() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get('q') || '',
    status: (p.get('status') || '').split(',').filter(Boolean),
    owner: p.get('owner') || '',
    area: p.get('area') || '',
    overdue: p.get('overdue') === '1',
    sort: SORTS.includes(p.get('sort')) ? p.get('sort') : 'due_date',
    cursor: p.get('cursor') || '',
  };
}

function filtersToQuery(f) {
  return query({q: f.q, status: f.status, owner: f.owner, area: f.area,
                overdue: f.overdue ? '1' : '', sort: f.sort,
                cursor: f.cursor});
}

function select(name, options, value) {
  return h('select', {name}, options.map(([v, label]) =>
    h('option', {value: v, selected: v === value}, label)));
}

function filterForm(f) {
  const search = field(t('plans.search'), h('input', {
    name: 'q', type: 'search', value: f.q}));
  const statusBoxes = h('fieldset', {class: 'field status-filter'},
    h('legend', {}, t('plans.status')),
    STATUSES.map((s) => h('label', {class: 'check'},
      h('input', {type: 'checkbox', name: 'status', value: s,
                  checked: f.status.includes(s)}), t(`status.${s}`))));
  const owner = field(t('plans.owner'), select('owner', [
    ['', t('plans.owner_any')], ['me', t('plans.owner_me')]], f.owner));
  const area = field(t('plans.area'), h('input', {name: 'area',
                                                  value: f.area}));
  const sort = field(t('plans.sort'), select('sort',
    SORTS.map((s) => [s, t(`sort.${s}`)]), f.sort));
  const overdue = h('label', {class: 'check'},
    h('input', {type: 'checkbox', name: 'overdue', checked: f.overdue}),
    t('plans.only_overdue'));

  const form = h('form', {class: 'filters', role: 'search',
                          'aria-label': t('plans.filters')},
    search.wrap, statusBoxes, owner.wrap, area.wrap, sort.wrap,
    h('div', {class: 'field'}, overdue),
    h('div', {class: 'actions'},
      h('button', {type: 'submit', class: 'button'}, t('plans.apply')),
      h('a', {href: '/plans', class: 'button secondary'}, t('plans.reset'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    navigate(`/plans${filtersToQuery({
      q: data.get('q').trim(), status: data.getAll('status'),
      owner: data.get('owner'), area: data.get('area').trim(),
      overdue: data.get('overdue') === 'on', sort: data.get('sort'),
      cursor: ''})}`);
  });
  // Sorting applies at once; the rest waits for "Apply" (typing in the
  // search box must not reload the list at every key).
  sort.input.addEventListener('change', () => form.requestSubmit());
  return form;
}

function progress(p) {
  if (!p || !p.total) return t('plans.no_tasks');
  return t('plans.progress', {done: p.done, total: p.total});
}

function planRow(plan) {
  return h('tr', {class: plan.overdue ? 'overdue-row' : null},
    h('td', {'data-label': t('plans.title')},
      h('a', {href: `/plans/${plan.id}`}, plan.title),
      plan.overdue ? [' ', overdueBadge()] : null),
    h('td', {'data-label': t('plans.status')}, statusBadge(plan.status)),
    h('td', {'data-label': t('plans.priority')},
      priorityBadge(plan.priority)),
    h('td', {'data-label': t('plans.owner')},
      plan.owner ? plan.owner.display_name : t('plans.no_owner')),
    h('td', {'data-label': t('plans.due')},
      plan.due_date ? h('time', {datetime: plan.due_date},
                        formatDay(plan.due_date)) : '—'),
    h('td', {'data-label': t('plans.progress_label')}, progress(plan.progress)),
    h('td', {'data-label': t('plans.updated')},
      h('time', {datetime: plan.updated_at}, formatTime(plan.updated_at))));
}

function table(items) {
  const cols = ['title', 'status', 'priority', 'owner', 'due',
                'progress_label', 'updated'];
  return h('table', {class: 'plans-table responsive'},
    h('caption', {class: 'visually-hidden'}, t('plans.title_list')),
    h('thead', {}, h('tr', {}, cols.map((c) =>
      h('th', {scope: 'col'}, t(`plans.${c}`))))),
    h('tbody', {}, items.map(planRow)));
}

function pager(f, nextCursor) {
  const links = [];
  if (f.cursor) {
    links.push(h('a', {href: `/plans${filtersToQuery({...f, cursor: ''})}`,
                       class: 'button secondary'}, t('plans.first_page')));
  }
  if (nextCursor) {
    links.push(h('a', {href: `/plans${filtersToQuery({...f,
                                                       cursor: nextCursor})}`,
                       class: 'button secondary', rel: 'next'},
                 t('plans.next_page')));
  }
  return links.length ? h('nav', {class: 'pager',
                                  'aria-label': t('plans.paging')}, links)
                      : null;
}

export async function render(container, params, alive) {
  const f = readFilters();
  const results = h('div', {class: 'results'});
  const msg = messageBox();
  container.append(
    pageHeader(t('plans.title_list'),
               h('a', {href: '/plans/new', class: 'button primary'},
                 t('plans.new'))),
    h('details', {class: 'filter-panel', open: window.innerWidth > 700},
      h('summary', {}, t('plans.filters')), filterForm(f)),
    msg, results);

  loading(results);
  let page;
  try {
    page = await get(`/api/plans${query({
      limit: PAGE_SIZE, cursor: f.cursor, sort: f.sort, status: f.status,
      owner: f.owner, area: f.area, overdue: f.overdue ? '1' : '', q: f.q})}`);
  } catch (e) {
    if (!alive()) return;
    results.removeAttribute('aria-busy');
    replace(results);
    message(msg, errorText(e));
    return;
  }
  if (!alive()) return;
  results.removeAttribute('aria-busy');
  const items = page.items || [];
  replace(results,
    h('p', {class: 'count', role: 'status'},
      items.length ? t('plans.shown', {n: items.length}) : t('plans.none')),
    items.length ? table(items) : null,
    pager(f, page.next_cursor));
}
