// What every page shares (parents', public and staff): finding and making elements, the red tip at the top,
// JSON requests that turn a ProblemDetails answer into readable text, Beijing time, and a WeUI dialog.
// A plain ES module, no build step: WeChat's browser runs it as it is.

export const $ = (id) => document.getElementById(id);

export const params = new URLSearchParams(location.search);

/** A new element with its properties and children (null and undefined children are left out). */
export function el(tag, props, ...children) {
  const node = Object.assign(document.createElement(tag), props || {});
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

let tipTimer = 0;

/** The red tip at the top of the page (#toptips), for six seconds. */
export function showTip(text) {
  const tip = $('toptips');
  tip.textContent = text;
  tip.classList.add('weui-toptips_show');
  clearTimeout(tipTimer);
  tipTimer = setTimeout(() => tip.classList.remove('weui-toptips_show'), 6000);
}

/** What an API request accepts: JSON, in the page's language (the answers' ProblemDetails are written in it). */
export const accept = () => ({ Accept: 'application/json', 'Accept-Language': document.documentElement.lang || 'zh-CN' });

/** Sends a request; answers { body, response }, or throws an error carrying the problem and the status. */
export async function request(method, url, body, headers) {
  const response = await fetch(url, {
    method, credentials: 'same-origin',
    headers: Object.assign(accept(), body === undefined ? {} : { 'Content-Type': 'application/json' }, headers || {}),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => null);
  if (!response.ok) throw Object.assign(new Error('request failed'), { problem: json, status: response.status });
  return { body: json, response };
}

export const getJson = async (url) => (await request('GET', url)).body;

/** A JSON body (an empty object when none is given) by `method`; answers the JSON that comes back. */
export const sendJson = async (method, url, body) => (await request(method, url, body || {})).body;

export const postJson = (url, body) => sendJson('POST', url, body);

/** A problem's title and detail in one line; without an answer at all, `offline` (the network is the likely cause). */
export const problemText = (problem, offline = '网络不稳定，请稍后再试。') => (problem && problem.title
  ? problem.title + (problem.detail ? '：' + problem.detail : '')
  : offline);

// Times are shown in Beijing time, as the bureau publishes them, whatever zone the phone is set to.

/** yyyy-MM-dd HH:mm in Beijing time. */
export function formatTime(iso) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** The same, saying it is Beijing time: for families, who may be anywhere. */
export const beijingTime = (iso) => formatTime(iso) + '（北京时间）';

/** HH:MM in Beijing time (now, without `iso`). */
export function clock(iso) {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(iso ? new Date(iso) : new Date());
}

/** A random UUID: crypto.randomUUID is missing in some older in-app browsers. */
export function uuid() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A WeUI dialog; resolves with the value of the button tapped. */
export function dialog({ title, text, buttons }) {
  return new Promise((resolve) => {
    const root = document.createElement('div');
    root.className = 'app-dialog';
    root.innerHTML = '<div class="weui-mask"></div><div class="weui-dialog" role="alertdialog" aria-modal="true">'
      + '<div class="weui-dialog__hd"><strong class="weui-dialog__title"></strong></div>'
      + '<div class="weui-dialog__bd"></div><div class="weui-dialog__ft"></div></div>';
    root.querySelector('.weui-dialog__title').textContent = title;
    root.querySelector('.weui-dialog__bd').textContent = text;
    const footer = root.querySelector('.weui-dialog__ft');
    for (const b of buttons) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'weui-dialog__btn ' + (b.primary ? 'weui-dialog__btn_primary' : 'weui-dialog__btn_default') + (b.warn ? ' dialog-btn_warn' : '');
      button.textContent = b.label;
      button.addEventListener('click', () => { root.remove(); resolve(b.value); });
      footer.append(button);
    }
    document.body.append(root);
    footer.lastElementChild.focus();
  });
}
