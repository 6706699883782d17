// 第一步、第二步: the guardian signs in (WeChat, the government account, an SMS code, or on a development machine),
// then agrees to how the data is handled.
import { $, showTip, getJson, postJson } from "../shared.js";
import { problemText } from "./common.js";
import { showErrors, clearErrors } from "./form.js";

// Sign-in, then consent, then the form: each step shows only when the one before is done.
export async function ensureSignedIn(config) {
  let me = null;
  try {
    me = await getJson('/api/parent/me');
  } catch (e) {
    if (e.status !== 401) throw e;
  }
  if (!me) me = await signIn(config);
  if (me.consentRequired) me = await consent();
  return me;
}

function signIn(config) {
  // Come back to this very page (school preselected) after signing in elsewhere.
  const returnUrl = encodeURIComponent(location.pathname + location.search);
  if (config.weChatSignIn && /MicroMessenger/i.test(navigator.userAgent)) {
    // Inside WeChat the sign-in is silent: the Official Account's authorization comes straight back.
    location.href = '/api/parent/sign-in/wechat?returnUrl=' + returnUrl;
    return new Promise(() => {});
  }
  // Outside WeChat its authorization only answers "请在微信客户端打开链接": the page says where WeChat sign-in works instead.
  $('wechat-tip').hidden = !config.weChatSignIn;
  if (config.governmentSignIn) {
    const link = $('government-sign-in-link');
    link.href = '/api/parent/sign-in/government?returnUrl=' + returnUrl;
    link.textContent = config.governmentSignInName || link.textContent;
    link.hidden = false;
  }
  $('sign-in-section').hidden = false;
  const mobile = () => $('sign-in-mobile').value.trim();
  return new Promise((resolve) => {
    const done = (me) => { $('sign-in-section').hidden = true; resolve(me); };
    const fail = (e) => {
      if (e.problem && e.problem.errors) showErrors(e.problem.errors);
      showTip(problemText(e.problem));
    };
    if (config.smsSignIn) {
      $('sms-code-cell').hidden = false;
      $('sms-sign-in-button').hidden = false;
      $('send-code-button').addEventListener('click', async () => {
        clearErrors();
        try {
          await postJson('/api/parent/sign-in/sms/code', { mobile: mobile() });
          showTip('验证码已发送，5分钟内有效。');
          countDown($('send-code-button'), 60);
        } catch (e) { fail(e); }
      });
      $('sms-sign-in-button').addEventListener('click', async () => {
        clearErrors();
        try { done(await postJson('/api/parent/sign-in/sms', { mobile: mobile(), code: $('sign-in-code').value.trim() })); } catch (e) { fail(e); }
      });
    }
    if (config.developmentSignIn) {
      $('development-sign-in-button').hidden = false;
      $('development-sign-in-button').addEventListener('click', async () => {
        clearErrors();
        try { done(await postJson('/api/parent/sign-in/development', { mobile: mobile() })); } catch (e) { fail(e); }
      });
    }
  });
}

function countDown(button, seconds) {
  button.disabled = true;
  const tick = () => {
    if (seconds <= 0) { button.disabled = false; button.textContent = '重新获取'; return; }
    button.textContent = `${seconds--}秒后重发`;
    setTimeout(tick, 1000);
  };
  tick();
}

async function consent() {
  const text = await getJson('/api/public/consent');
  $('consent-title').textContent = text.title;
  const body = $('consent-text');
  body.textContent = '';
  for (const section of text.sections) {
    body.append(Object.assign(document.createElement('h3'), { textContent: section.heading }),
      Object.assign(document.createElement('p'), { textContent: section.text }));
  }
  $('consent-section').hidden = false;
  const check = $('consent-check');
  const button = $('consent-button');
  check.addEventListener('change', () => { button.disabled = !check.checked; });
  return new Promise((resolve) => {
    button.addEventListener('click', async () => {
      try {
        const me = await postJson('/api/parent/consent', { version: text.version });
        $('consent-section').hidden = true;
        resolve(me);
      } catch (e) { showTip(problemText(e.problem)); }
    });
  });
}
