// What every staff page shares: sign-in (with the authenticator code when the server asks for it), sign-out, the
// toast, a confirmation, and (from the site's shared module) JSON requests that turn ProblemDetails into readable
// text, and Beijing time. ES modules, no build step; review.js is the page's entry.
import { $, params, showTip, request, getJson, problemText, formatTime } from "../js/shared.js";

export { $, params, showTip, request, getJson, problemText, formatTime };

export function showToast(text) {
  const toast = $('toast');
  toast.querySelector('.weui-toast__content').textContent = text;
  toast.hidden = false;
  clearTimeout(showToast.timer);
  showToast.timer = setTimeout(() => { toast.hidden = true; }, 1800);
}

/** A new element with its class and text. */
export const el = (tag, className, text) => Object.assign(document.createElement(tag), className ? { className } : {}, text === undefined ? {} : { textContent: text });

/** Every message of a validation problem, in one line. */
export const errorsText = (problem) => problem && problem.errors
  ? Object.values(problem.errors).flat().join(' ')
  : problemText(problem);

/** A WeUI confirmation; resolves true when the button saying <okText> is tapped. */
export function confirmDialog(title, text, okText) {
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
export async function signIn() {
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

export async function signOut() {
  try { await request('POST', '/api/staff/sign-out'); } catch (e) { /* already signed out */ }
  location.reload();
}

