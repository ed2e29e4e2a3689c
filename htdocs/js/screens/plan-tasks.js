// A plan's tasks: check off, add, remove, and reorder with buttons (which
// works with a keyboard and on a touch screen, unlike drag-and-drop only).
import {del, get, patch, post} from '../api.js';
import {field, h, message, messageBox, replace, setFieldError} from '../dom.js';
import {errorText, formatDay, t} from '../i18n.js';
import {announce, busy, confirmDialog} from '../ui.js';

function listOf(body) {
  if (Array.isArray(body)) return body;
  return (body && (body.items || body.tasks)) || [];
}

function byPosition(a, b) {
  return (a.position ?? 0) - (b.position ?? 0) || a.id - b.id;
}

export function tasksSection(plan) {
  const base = `/api/plans/${plan.id}/tasks`;
  let tasks = [...(plan.tasks || [])].sort(byPosition);
  const list = h('ol', {class: 'tasks'});
  const msg = messageBox();
  const summary = h('p', {class: 'muted', 'aria-live': 'polite'});

  async function reload() {
    tasks = listOf(await get(base)).sort(byPosition);
    draw();
  }

  function focus(selector) {
    const el = selector && list.querySelector(selector);
    if (el) el.focus();
  }

  // 409: somebody changed or deleted the task since this list was loaded.
  // Nothing was saved; say so and show the task as it is now, so the next
  // try starts from their version instead of silently undoing it.
  async function conflict(task, focusSelector) {
    try {
      await reload();
      message(msg, t('tasks.conflict', {title: task.title}));
      focus(focusSelector);
    } catch (e) {
      message(msg, errorText(e));
    }
  }

  // Runs a write and reloads the list; true when the write was saved.
  async function run(work, focusSelector, task) {
    message(msg, '');
    try {
      await work();
      await reload();
      focus(focusSelector);
      return true;
    } catch (e) {
      if (task && e.code === 'version_conflict') {
        await conflict(task, focusSelector);
      } else {
        message(msg, errorText(e));
      }
      return false;
    }
  }

  async function toggle(task, done) {
    const saved = await run(() => patch(`${base}/${task.id}`, {
      status: done ? 'done' : 'todo', version: task.version}),
                            `#task-${task.id}`, task);
    if (!saved) return false;
    announce(done ? t('tasks.marked_done', {title: task.title})
                  : t('tasks.marked_todo', {title: task.title}));
    return true;
  }

  async function move(index, delta) {
    const target = index + delta;
    if (target < 0 || target >= tasks.length) return;
    const order = tasks.map((x) => x.id);
    [order[index], order[target]] = [order[target], order[index]];
    const task = tasks[index];
    const dir = delta < 0 ? 'up' : 'down';
    const saved = await run(() => reorder(base, order, task, target),
                            `[data-move="${dir}"][data-id="${task.id}"]`);
    if (saved) announce(t('tasks.moved', {title: task.title, n: target + 1}));
  }

  async function remove(task) {
    if (!await confirmDialog(t('tasks.delete_confirm', {title: task.title}),
                             t('common.delete'))) return;
    await run(() => del(`${base}/${task.id}`, {version: task.version}),
              null, task);
  }

  function item(task, index) {
    const done = task.status === 'done';
    const box = h('input', {type: 'checkbox', id: `task-${task.id}`,
                            checked: done});
    // A tick that was not saved is taken back, so the box never shows a
    // state the server does not have.
    box.addEventListener('change', async () => {
      const wanted = box.checked;
      if (!await toggle(task, wanted) && box.isConnected) box.checked = !wanted;
    });
    const moveButton = (dir, delta, disabled) => h('button', {
      type: 'button', class: 'icon-button', disabled,
      'data-move': dir, 'data-id': task.id,
      'aria-label': t(`tasks.move_${dir}`, {title: task.title}),
      onclick: () => move(index, delta)}, dir === 'up' ? '↑' : '↓');
    return h('li', {class: done ? 'task done' : 'task'},
      box,
      h('label', {for: `task-${task.id}`, class: 'task-title'}, task.title,
        task.status === 'doing' ? h('span', {class: 'badge status-in_progress'},
                                    t('tasks.doing')) : null),
      task.assignee ? h('span', {class: 'muted'},
                        task.assignee.display_name) : null,
      task.due_date ? h('time', {class: 'muted', datetime: task.due_date},
                        formatDay(task.due_date)) : null,
      h('span', {class: 'task-actions'},
        moveButton('up', -1, index === 0),
        moveButton('down', 1, index === tasks.length - 1),
        h('button', {type: 'button', class: 'icon-button danger',
                     'aria-label': t('tasks.delete', {title: task.title}),
                     onclick: () => remove(task)}, '×')));
  }

  function draw() {
    const done = tasks.filter((x) => x.status === 'done').length;
    summary.textContent = tasks.length
      ? t('plans.progress', {done, total: tasks.length}) : t('tasks.none');
    replace(list, tasks.map(item));
  }

  const titleField = field(t('tasks.new_title'),
                           h('input', {name: 'title', maxlength: 200}));
  const form = h('form', {class: 'inline-form', novalidate: true},
    titleField.wrap,
    h('button', {type: 'submit', class: 'button'}, t('tasks.add')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const title = titleField.input.value.trim();
    setFieldError(titleField, title ? '' : t('err.required'));
    if (!title) {
      titleField.input.focus();
      return;
    }
    try {
      await busy(form, () => post(base, {title}));
      titleField.input.value = '';
      await reload();
      announce(t('tasks.added', {title}));
    } catch (e) {
      setFieldError(titleField, errorText(e));
    }
    titleField.input.focus();
  });

  draw();
  return h('section', {class: 'card', 'aria-labelledby': 'tasks-title'},
    h('h2', {id: 'tasks-title'}, t('tasks.title')), summary, msg, list, form);
}

// The plans module's reorder call: the whole order of the plan's tasks.
async function reorder(base, order, task, target) {
  try {
    return await post(`${base}/reorder`, {task_ids: order});
  } catch (e) {
    // Without the bulk call, a task's position is set on its own.
    if (e.status !== 404 && e.status !== 405) throw e;
    return patch(`${base}/${task.id}`, {position: target});
  }
}
