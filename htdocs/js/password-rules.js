// The password rules, shown as a checklist that updates as you type. The
// rules come from GET /api/auth/policy when it answers, else the contract's.
import {get} from './api.js';
import {h, replace} from './dom.js';
import {t} from './i18n.js';

const DEFAULTS = {min_length: 8, max_length: 128, require_upper: true,
                  require_lower: true, require_digit: true,
                  require_special: true};
let loaded = null;
let rules = DEFAULTS;

export function policy() {
  if (!loaded) {
    loaded = get('/api/auth/policy').then((p) => {
      const required = Array.isArray(p.require) ? p.require : null;
      rules = {
        min_length: p.min_length ?? DEFAULTS.min_length,
        max_length: p.max_length ?? DEFAULTS.max_length,
        require_upper: required ? required.includes('uppercase') : true,
        require_lower: required ? required.includes('lowercase') : true,
        require_digit: required ? required.includes('digit') : true,
        require_special: required ? required.includes('special') : true,
      };
      return rules;
    }).catch(() => rules);
  }
  return loaded;
}

function checks(value, who) {
  const lower = value.toLowerCase();
  const list = [
    ['length', value.length >= rules.min_length, {n: rules.min_length}],
  ];
  if (rules.require_upper) list.push(['upper', /\p{Lu}/u.test(value)]);
  if (rules.require_lower) list.push(['lower', /\p{Ll}/u.test(value)]);
  if (rules.require_digit) list.push(['digit', /\d/.test(value)]);
  if (rules.require_special) {
    list.push(['special', /[^\p{L}\p{N}\s]/u.test(value)]);
  }
  // An empty field meets neither rule yet: a tick before anything is
  // typed would tell the user something is already right.
  const typed = value.length > 0;
  list.push(['max', typed && value.length <= rules.max_length,
             {n: rules.max_length}]);
  const same = (who.login && lower === who.login.toLowerCase()) ||
               (who.email && lower === who.email.toLowerCase());
  list.push(['not_login', typed && !same]);
  return list;
}

// Returns {element, ok(), update()} for the password input `input`.
export function passwordRules(input, who) {
  const element = h('ul', {class: 'rules', id: 'password-rules'});
  let last = [];
  const update = () => {
    last = checks(input.value, who());
    replace(element, last.map(([key, ok, params]) =>
      h('li', {class: ok ? 'rule ok' : 'rule'},
        h('span', {class: 'rule-mark', 'aria-hidden': 'true'}, ok ? '✓' : '•'),
        t(`rules.${key}`, params || {}),
        h('span', {class: 'visually-hidden'},
          ok ? ` (${t('rules.met')})` : ` (${t('rules.unmet')})`))));
  };
  input.addEventListener('input', update);
  policy().then(update);
  update();
  return {element, ok: () => last.every(([, ok]) => ok), update};
}

// The sentence for each rule the API says a password breaks
// (422 weak_password, "rules": ["min_length", "uppercase", ...]).
const API_RULES = {min_length: 'length', max_length: 'max', uppercase: 'upper',
                   lowercase: 'lower', digit: 'digit', special: 'special',
                   not_login: 'not_login', not_email: 'not_login',
                   common: 'common'};

export function brokenRules(error) {
  const list = (error.body && error.body.rules) || [];
  return list.map((r) => t(`rules.${API_RULES[r] || r}`,
                           {n: r === 'max_length' ? rules.max_length
                                                  : rules.min_length}));
}
