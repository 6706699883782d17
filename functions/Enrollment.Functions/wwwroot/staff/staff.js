'use strict';
// What every staff page shares: sign-in (with the authenticator code when the server asks for it), sign-out,
// JSON requests that turn ProblemDetails into readable text, and Beijing time. Plain script, no build step.
window.Staff = (function () {
  const $ = (id) => document.getElementById(id);

  function showTip(text) {
    const tip = $('toptips');
    tip.textContent = text;
    tip.classList.add('weui-toptips_show');
    clearTimeout(showTip.timer);
    showTip.timer = setTimeout(() => tip.classList.remove('weui-toptips_show'), 6000);
  }

  function showToast(text) {
    const toast = $('toast');
    toast.querySelector('.weui-toast__content').textContent = text;
    toast.hidden = false;
    clearTimeout(showToast.timer);
    showToast.timer = setTimeout(() => { toast.hidden = true; }, 1800);
  }

  /** Sends a request; answers { body, response }, or throws an error carrying the problem and the status. */
  async function request(method, url, body, headers) {
    const response = await fetch(url, {
      method, credentials: 'same-origin',
      headers: Object.assign({ Accept: 'application/json' }, body === undefined ? {} : { 'Content-Type': 'application/json' }, headers || {}),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json().catch(() => null);
    if (!response.ok) throw Object.assign(new Error('request failed'), { problem: json, status: response.status });
    return { body: json, response };
  }

  const getJson = async (url) => (await request('GET', url)).body;

  /** A new element with its class and text. */
  const el = (tag, className, text) => Object.assign(document.createElement(tag), className ? { className } : {}, text === undefined ? {} : { textContent: text });

  const problemText = (problem) => problem && problem.title
    ? problem.title + (problem.detail ? '：' + problem.detail : '')
    : '网络不稳定，请稍后再试。';

  /** Every message of a validation problem, in one line. */
  const errorsText = (problem) => problem && problem.errors
    ? Object.values(problem.errors).flat().join(' ')
    : problemText(problem);

  // Times are shown in Beijing time, as the bureau publishes them, whatever zone the phone is set to.
  function formatTime(iso) {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  }

  /** A WeUI confirmation; resolves true when the button saying <okText> is tapped. */
  function confirmDialog(title, text, okText) {
    return new Promise((resolve) => {
      const root = Object.assign(document.createElement('div'), { className: 'app-dialog' });
      root.innerHTML = '<div class="weui-mask"></div><div class="weui-dialog" role="dialog"><div class="weui-dialog__hd"><strong class="weui-dialog__title"></strong></div>'
        + '<div class="weui-dialog__bd"></div><div class="weui-dialog__ft"><button type="button" class="weui-dialog__btn weui-dialog__btn_default">取消</button>'
        + '<button type="button" class="weui-dialog__btn weui-dialog__btn_primary" data-ok></button></div></div>';
      root.querySelector('.weui-dialog__title').textContent = title;
      root.querySelector('.weui-dialog__bd').textContent = text;
      root.querySelector('[data-ok]').textContent = okText;
      const close = (answer) => { root.remove(); resolve(answer); };
      root.querySelector('.weui-dialog__btn_default').addEventListener('click', () => close(false));
      root.querySelector('[data-ok]').addEventListener('click', () => close(true));
      document.body.append(root);
    });
  }

  /** The signed-in member of staff; shows the sign-in form (#staff-sign-in) until someone signs in. */
  async function signIn() {
    try {
      return await getJson('/api/staff/me');
    } catch (e) {
      if (e.status !== 401) throw e;
    }
    const section = $('staff-sign-in');
    section.hidden = false;
    return new Promise((resolve) => {
      section.addEventListener('submit', async (event) => {
        event.preventDefault();
        const button = $('staff-sign-in-button');
        button.disabled = true;
        try {
          const me = (await request('POST', '/api/staff/sign-in', {
            name: $('staff-name').value.trim(), password: $('staff-password').value, code: $('staff-code').value.trim() || null,
          })).body;
          section.hidden = true;
          $('staff-password').value = '';
          $('toptips').classList.remove('weui-toptips_show');
          resolve(me);
        } catch (e) {
          // Bureau officers are asked for the code from their authenticator app only once the password is right.
          // That is the next step, not a failure: it is said plainly beside the field, not as a red error.
          if (e.problem && e.problem.type === 'urn:enrollment:problem:second-factor-required' && $('staff-code-cell').hidden) {
            $('staff-code-cell').hidden = false;
            $('staff-code-tip').hidden = false;
            $('toptips').classList.remove('weui-toptips_show');
            $('staff-code').focus();
          } else {
            showTip(problemText(e.problem));
          }
        } finally {
          button.disabled = false;
        }
      });
    });
  }

  async function signOut() {
    try { await request('POST', '/api/staff/sign-out'); } catch (e) { /* already signed out */ }
    location.reload();
  }

  return { $, el, showTip, showToast, confirmDialog, request, getJson, problemText, errorsText, formatTime, signIn, signOut };
}());
