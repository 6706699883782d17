import { $, showTip, getJson, beijingTime, clock, dialog, uuid, accept } from "../shared.js";
import { problemText } from "./common.js";
import { collectForm, fillForm } from "./form.js";

/**
 * 草稿: the form is saved as the parent types (1.5 s after the last change, and at once when the
 * page is hidden), guarded by the last ETag so two phones never overwrite each other unseen.
 */
export function initDrafts(county) {
  const form = $('register-form');
  // `deciding`: until the parent has chosen whether to carry on with a saved draft, nothing is saved, so what they
  // typed meanwhile never becomes a second draft left behind after the first is submitted.
  const state = { id: null, etag: null, timer: 0, chain: Promise.resolve(true), dirty: false, stopped: false, closed: false, restoring: false, conflict: false, finished: false, deciding: true };
  const pill = $('draft-status');
  const note = $('draft-note');
  let checks = null;

  const say = (text, sticky) => {
    pill.textContent = text;
    pill.classList.add('draft-status_show');
    clearTimeout(say.timer);
    if (!sticky) say.timer = setTimeout(() => pill.classList.remove('draft-status_show'), 3000);
  };
  const saved = (at) => {
    const text = '已自动保存 ' + clock(at);
    say(text);
    note.hidden = false;
    note.textContent = text + '。换一部手机，用同一个手机号码登录也能接着填写。';
  };

  async function save(keepalive) {
    if (!state.dirty || state.stopped || state.closed || state.conflict || state.finished || state.deciding) return !state.dirty;
    state.dirty = false;
    if (!state.id) state.id = uuid();
    const headers = { ...accept(), 'Content-Type': 'application/json' };
    if (state.etag) headers['If-Match'] = state.etag;
    let response;
    try {
      response = await fetch('/api/parent/drafts/' + state.id, {
        method: 'PUT', credentials: 'same-origin', headers, keepalive: !!keepalive, body: JSON.stringify(collectForm(county).form),
      });
    } catch (e) {
      state.dirty = true;
      form.dataset.draft = 'unsaved';
      say('网络不稳定，暂未保存，稍后自动重试', true);
      schedule(10000);
      return false;
    }
    const body = await response.json().catch(() => null);
    if (response.ok) {
      state.etag = response.headers.get('ETag') || state.etag;
      saved(body && body.updatedAt);
      if (!state.dirty) form.dataset.draft = 'saved';
      return true;
    }
    state.dirty = true;
    form.dataset.draft = 'unsaved';
    if (response.status === 412) {
      state.conflict = true;
      conflict();
    } else if (response.status === 401) {
      say('登录已过期，暂未保存：请刷新页面重新登录', true);
    } else if (response.status === 403) {
      state.stopped = true;
      say((body && body.title ? body.title : '报名未在进行中') + '，草稿未保存', true);
    } else {
      say('暂未保存，稍后自动重试', true);
      schedule(10000);
    }
    return false;
  }

  function schedule(delay) {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => enqueue(false), delay);
  }

  // One save at a time, in order: each one sends the ETag the one before got back.
  function enqueue(keepalive) {
    clearTimeout(state.timer);
    state.chain = state.chain.then(() => save(keepalive), () => save(keepalive));
    return state.chain;
  }

  const changed = () => {
    if (state.restoring || state.closed || state.finished) return;
    state.dirty = true;
    form.dataset.draft = 'pending';
    schedule(1500);
  };
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('click', (event) => {
    if (event.target.closest('[data-remove-member], [data-remove-priority], #add-member')) changed();
  });
  // Switching to WeChat, locking the phone or leaving the page saves at once.
  const leave = () => { if (state.dirty && !state.finished && !state.closed) enqueue(true); };
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') leave(); });
  window.addEventListener('pagehide', leave);

  async function fetchDraft(id) {
    const response = await fetch('/api/parent/drafts/' + encodeURIComponent(id), { credentials: 'same-origin', headers: accept() });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw Object.assign(new Error('request failed'), { problem: body, status: response.status });
    return { draft: body, etag: response.headers.get('ETag') };
  }

  function restore(found) {
    state.restoring = true;
    try {
      fillForm(county, found.draft.form || {});
    } finally {
      state.restoring = false;
    }
    state.id = found.draft.id;
    state.etag = found.etag;
    state.dirty = false;
    if (checks) checks.restore(found.draft.facts || []);
  }

  async function conflict() {
    say('草稿已在其他手机上修改', true);
    const choice = await dialog({
      title: '草稿已在其他手机上修改',
      text: '您在另一部手机上也修改了这份报名草稿。可以载入那边保存的最新内容，也可以保留这部手机上的内容。',
      buttons: [{ label: '保留本机内容', value: 'keep' }, { label: '载入最新内容', value: 'load', primary: true }],
    });
    try {
      const found = await fetchDraft(state.id);
      state.conflict = false;
      if (choice === 'load') {
        restore(found);
        say('已载入最新内容（' + clock(found.draft.updatedAt) + ' 保存）');
      } else {
        state.etag = found.etag;
        state.dirty = true;
        enqueue(false);
      }
    } catch (e) {
      state.conflict = false;
      if (e.status === 404) {
        // Submitted or discarded on the other phone: this phone's answers become a new draft.
        showTip('这份草稿已在其他手机上提交或删除。已提交的报名请点“已报过名？查看进度”查看。');
        state.id = null;
        state.etag = null;
      }
      state.dirty = true;
      schedule(10000);
    }
  }

  // A draft of a closed window is shown as it was, read-only, with the window's message.
  function lock() {
    state.closed = true;
    clearTimeout(state.timer);
    form.querySelectorAll('input, select, textarea, button').forEach((control) => { control.disabled = true; });
    form.querySelectorAll('.add-link, .remove-link, .fact-upload').forEach((element) => { element.hidden = true; });
    $('submit-area').hidden = true;
    $('check-button').hidden = true;
    const box = $('draft-closed');
    box.textContent = '';
    box.append(Object.assign(document.createElement('strong'), { textContent: '报名已经结束，这份草稿没有提交。' }),
      `网上报名时间为 ${county.registration.text}。草稿仅供查看，不能再修改或提交。如有特殊情况，请拨打学校招生咨询电话或到教育局线下服务点咨询。`);
    box.hidden = false;
    box.scrollIntoView({ block: 'center' });
  }

  /** Offers the newest draft of this county (or shows a closed one read-only), as the parent chooses. */
  async function offer() {
    let list;
    try {
      list = await getJson('/api/parent/drafts');
    } catch (e) {
      return;
    }
    const newest = (list || []).find((d) => d.form && d.form.countyId === county.id);
    if (!newest) return;
    const windowOpen = county.registration.state === 'Open';
    if (windowOpen) {
      const name = newest.form.child && newest.form.child.name;
      const resume = await dialog({
        title: '继续填写上次的报名？',
        text: name
          ? `您在 ${beijingTime(newest.updatedAt)}保存过“${name}”的报名草稿，可以接着填写，已填写的内容都在。`
          : `您在 ${beijingTime(newest.updatedAt)}保存过一份报名草稿，可以接着填写，已填写的内容都在。`,
        buttons: [{ label: '填写新的报名', value: false }, { label: '继续填写', value: true, primary: true }],
      });
      if (!resume) return;
    }
    try {
      restore(await fetchDraft(newest.id));
    } catch (e) {
      showTip(problemText(e.problem));
      return;
    }
    if (windowOpen && newest.state === 'Open') {
      say('已载入 ' + clock(newest.updatedAt) + ' 保存的草稿');
    } else if (!windowOpen) {
      lock();
    }
  }

  return {
    get id() { return state.id; },
    get closed() { return state.closed; },
    /** Saves now if anything changed (or nothing was saved yet); rejects when the server does not have this form. */
    flush(force) {
      if (force && !state.id) state.dirty = true;
      return enqueue(false).then((ok) => {
        if (!ok) throw Object.assign(new Error('not saved'), { problem: { title: '草稿未能保存', detail: '请检查网络后再试，已填写的内容不会丢失。' } });
        return true;
      });
    },
    /**
     * Runs a request that changes the draft on the server (checks, attaching a document) between two
     * saves, then takes the draft's new ETag, so the next save is not mistaken for another phone's.
     */
    alter(send) {
      if (!state.id) state.dirty = true;
      const run = state.chain.then(() => save(false), () => save(false)).then(async (ok) => {
        if (!ok) throw Object.assign(new Error('not saved'), { problem: { title: '草稿未能保存', detail: '请检查网络后再试，已填写的内容不会丢失。' } });
        const response = await send(state.id);
        const body = await response.json().catch(() => null);
        if (!response.ok) throw Object.assign(new Error('request failed'), { problem: body, status: response.status });
        const etag = response.headers.get('ETag');
        if (etag) {
          state.etag = etag;
        } else {
          try { state.etag = (await fetchDraft(state.id)).etag; } catch (e) { /* the next save finds out */ }
        }
        return body;
      });
      state.chain = run.then(() => true, () => true);
      return run;
    },
    /** Submitted: nothing more is saved, not even when the page goes away. */
    finish() {
      state.finished = true;
      clearTimeout(state.timer);
    },
    /** After sign-in: offers the newest draft of this county, or shows a closed one read-only; only then does saving start. */
    async resume(checksOfPage) {
      checks = checksOfPage;
      try {
        await offer();
      } finally {
        state.deciding = false;
        if (state.dirty) schedule(0);
      }
    },
  };
}
