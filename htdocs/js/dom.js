// Building DOM nodes without innerHTML: every text goes in as text, so data
// from the API can never become markup (and nothing needs inline scripts or
// styles, which the Content-Security-Policy forbids).

// h('button', {class: 'x', onclick: fn, 'aria-label': 'y'}, 'text', child)
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    setAttr(el, key, value);
  }
  append(el, children);
  return el;
}

function setAttr(el, key, value) {
  if (value === undefined || value === null || value === false) return;
  if (key.startsWith('on') && typeof value === 'function') {
    el.addEventListener(key.slice(2), value);
  } else if (key === 'class') {
    el.className = Array.isArray(value) ? value.filter(Boolean).join(' ')
                                        : value;
  } else if (key === 'text') {
    el.textContent = value;
  } else if (key === 'value' || key === 'checked' || key === 'selected') {
    el[key] = value;
  } else if (key === 'dataset') {
    Object.assign(el.dataset, value);
  } else {
    el.setAttribute(key, value === true ? '' : String(value));
  }
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(child));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

// Replaces the children of `el` with `children`.
export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

let uid = 0;
export function nextId(prefix = 'f') {
  uid += 1;
  return `${prefix}-${uid}`;
}

// A labelled form field: returns {wrap, input, error} so callers can show
// the API's validation message next to the field.
export function field(label, input, hint) {
  const id = input.id || nextId('f');
  input.id = id;
  const errorId = `${id}-error`;
  const error = h('p', {class: 'field-error', id: errorId, hidden: true});
  const described = [errorId];
  let hintEl = null;
  if (hint) {
    hintEl = h('p', {class: 'field-hint', id: `${id}-hint`}, hint);
    described.unshift(hintEl.id);
  }
  input.setAttribute('aria-describedby', described.join(' '));
  const wrap = h('div', {class: 'field'},
                 h('label', {for: id}, label), hintEl, input, error);
  return {wrap, input, error};
}

export function setFieldError(f, message) {
  if (!f) return;
  if (message) {
    f.error.textContent = message;
    f.error.hidden = false;
    f.input.setAttribute('aria-invalid', 'true');
  } else {
    f.error.textContent = '';
    f.error.hidden = true;
    f.input.removeAttribute('aria-invalid');
  }
}

// Shows a message in a region that screen readers announce.
export function message(el, text, kind = 'error') {
  el.className = `message message-${kind}`;
  el.textContent = text || '';
  el.hidden = !text;
}

export function messageBox() {
  return h('div', {class: 'message', role: 'alert', hidden: true});
}
