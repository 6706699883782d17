// 教育局: the county's windows with their state, closing or reopening registration, the emergency pause,
// the schools (each opens its review queue) and the change history. Auditors see it all read-only.
import { $, el, showTip, showToast, request, getJson, problemText, formatTime, confirmDialog, signOut } from "./staff.js";
import * as County from "./county.js";
import * as Publish from "./publish.js";
import * as Year from "./year.js";

const KIND = { Publication: '招生公示', Registration: '网上报名', Correction: '补充材料', Review: '资格审核', Lottery: '随机派位', Results: '结果公布', Admission: '录取', CheckIn: '报到' };
const STAGE = { Primary: '小学', JuniorSecondary: '初中' };
const STATE = { NotYetOpen: '未开始', Open: '进行中', Closed: '已结束', Paused: '已暂停' };
const state = { me: null, config: null, etag: null };
const base = () => `/api/staff/counties/${encodeURIComponent(state.me.countyId)}/configuration`;

export async function start(me) {
  state.me = me;
  $('bureau-me').textContent = me.displayName;
  $('bureau-sign-out').addEventListener('click', signOut);
  $('bureau-home').hidden = false;
  const officer = me.role === 'BureauOfficer';
  $('window-form').hidden = !officer;
  $('bureau-readonly').hidden = officer;
  if (officer) wireChanges();
  await load();
  await Promise.all([County.start(me), Publish.start(me), Year.start(me)]);
}

async function load() {
  const { body, response } = await request('GET', base());
  state.config = body;
  state.etag = response.headers.get('ETag');
  render();
  const history = await getJson(`${base()}/history?pageSize=20`);
  const list = $('change-history');
  list.replaceChildren(...history.entries.map((e, i) => {
    const item = el('li', 'timeline-item' + (i === 0 ? ' timeline-item_current' : ''));
    item.append(el('p', 'timeline-text', e.reason || e.action), el('p', 'timeline-meta', `${formatTime(e.at)} · ${e.actorId}`));
    return item;
  }));
}

function render() {
  const c = state.config;
  $('bureau-county').textContent = `${c.name} · ${c.enrollmentYear}年招生`;
  document.title = `${c.name} · 教育局`;
  // A county just set up has no schools and no windows yet: its first step is the import.
  $('bureau-empty').hidden = c.schools.length > 0;
  $('window-form').hidden = state.me.role !== 'BureauOfficer' || c.windows.length === 0;
  $('pause-banner').hidden = !c.pauseMessage;
  $('pause-text').textContent = c.pauseMessage || '';
  $('pause').hidden = !!c.pauseMessage;
  $('resume').hidden = !c.pauseMessage;
  const schoolName = (id) => (c.schools.find((s) => s.id === id) || { name: id }).name;
  $('window-list').replaceChildren(...c.windows.map((w) => {
    const cell = el('div', 'weui-cell window-item');
    const text = el('div', 'weui-cell__bd');
    text.append(el('div', 'window-item__name', `${KIND[w.kind] || w.kind} · ${w.schoolId ? schoolName(w.schoolId) : STAGE[w.stage]}`),
      el('div', 'window-item__time', w.text));
    const shown = c.pauseMessage ? 'Paused' : w.state;
    cell.append(text, el('span', `window-state window-state_${shown}`, STATE[shown]));
    return cell;
  }));
  const stages = [...new Set(c.windows.filter((w) => w.kind === 'Registration' && w.stage).map((w) => w.stage))];
  $('window-stage').replaceChildren(...stages.map((s) => new Option(STAGE[s], s)));
  if (!$('window-closes').value) $('window-closes').value = beijingInput(new Date(new Date(c.asOf).getTime() + 2 * 86400000));
  $('school-list').replaceChildren(...c.schools.map((s) => {
    const cell = el('div', 'weui-cell');
    const link = el('a', 'weui-cell__bd', s.name);
    link.href = '/staff/?school=' + encodeURIComponent(s.id);
    const end = el('div', 'weui-cell__ft export-links', `${s.plan.places}人`);
    // Officers export the admitted list for 学籍 registration (the export is audited).
    if (state.me.role === 'BureauOfficer') {
      for (const [format, text] of [['csv', 'CSV'], ['xlsx', 'Excel']]) {
        const download = el('a', '', text);
        download.href = `/api/staff/counties/${encodeURIComponent(state.me.countyId)}/schools/${encodeURIComponent(s.id)}/admitted-list?format=${format}`;
        end.append(download);
      }
    }
    cell.append(link, end);
    return cell;
  }));
}

/** A datetime-local value in Beijing time, and back: the bureau publishes and thinks in Beijing time. */
const beijingInput = (date) => new Date(date.getTime() + 8 * 3600000).toISOString().slice(0, 16);
const fromBeijingInput = (value) => value + ':00+08:00';

function wireChanges() {
  const reason = () => {
    const text = $('window-reason').value.trim();
    if (!text) showTip('请填写原因：每次修改都会记入审计日志。');
    return text;
  };
  $('close-now').addEventListener('click', () => {
    const why = reason();
    if (why) change('立即结束报名', '结束后家长将无法提交报名，正在填写的家长会看到“报名已经结束”。', 'PATCH', '/windows/Registration',
      { stage: $('window-stage').value, closes: state.config.asOf, reason: why });
  });
  $('extend').addEventListener('click', () => {
    const why = reason();
    const closes = $('window-closes').value;
    if (!closes) { showTip('请选择新的截止时间。'); return; }
    if (why) change('开放报名', `报名将开放至 ${closes.replace('T', ' ')}（北京时间）。`, 'PATCH', '/windows/Registration',
      { stage: $('window-stage').value, closes: fromBeijingInput(closes), reason: why });
  });
  $('pause').addEventListener('click', () => {
    const why = reason();
    const message = $('pause-message').value.trim();
    if (!message) { showTip('请填写告知家长的话。'); return; }
    if (why) change('紧急暂停', '所有报名、补充和撤回都将暂停，家长会看到您填写的话，直到恢复。', 'POST', '/pause', { message, reason: why });
  });
  $('resume').addEventListener('click', () => {
    const why = reason();
    if (why) change('恢复报名', '各环节恢复按原定时间进行。', 'POST', '/resume', { reason: why });
  });
}

async function change(title, text, method, path, body) {
  if (!await confirmDialog(title, text, '确定')) return;
  try {
    await request(method, base() + path, body, { 'If-Match': state.etag });
    $('window-reason').value = '';
    $('toptips').classList.remove('weui-toptips_show');
    showToast('已生效');
  } catch (e) {
    showTip(e.status === 412 ? '其他工作人员刚刚修改过，已刷新，请确认后再改。' : problemText(e.problem));
  }
  await load();
}
