// reCAPTCHA v2, loaded only when the API asks for it. The site's
// Content-Security-Policy allows Google's origins only where reCAPTCHA is
// configured; elsewhere the script fails and we say so.
import {h, message} from './dom.js';
import {t} from './i18n.js';

const SCRIPT = 'https://www.google.com/recaptcha/api.js' +
               '?onload=apCaptchaLoaded&render=explicit';
let loading = null;

function loadScript() {
  // Already on the page (loaded before, or a test's stand-in).
  if (window.grecaptcha && window.grecaptcha.render) {
    return Promise.resolve(window.grecaptcha);
  }
  if (loading) return loading;
  loading = new Promise((resolve, reject) => {
    window.apCaptchaLoaded = () => resolve(window.grecaptcha);
    const script = h('script', {src: SCRIPT, async: true, defer: true});
    script.addEventListener('error', () => {
      loading = null;
      reject(new Error('captcha script'));
    });
    document.head.append(script);
  });
  return loading;
}

// Renders the widget into `box`; returns {response(), reset()} or null
// when there is no site key.
export function renderCaptcha(box, siteKey, msgBox) {
  if (!siteKey) return null;
  const slot = h('div', {class: 'captcha-slot'});
  box.append(h('p', {class: 'field-hint'}, t('login.captcha_hint')), slot);
  let widget = null;
  loadScript().then((grecaptcha) => {
    widget = grecaptcha.render(slot, {sitekey: siteKey});
  }).catch(() => message(msgBox, t('err.captcha_unavailable')));
  return {
    response: () => (widget !== null && window.grecaptcha
      ? window.grecaptcha.getResponse(widget) : ''),
    reset: () => {
      if (widget !== null && window.grecaptcha) window.grecaptcha.reset(widget);
    },
  };
}
