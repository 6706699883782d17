// 教育局日常: the dashboard (demand against places), the lotteries (freeze, draw), the appeals ledger (take up,
// answer), and the 应入尽入 report. Officers act; auditors read. Every change names what it changes and asks first.
import { $, el, showTip, showToast, request, getJson, problemText, formatTime, confirmDialog } from "./staff.js";

const STATUS = { Eligible: '审核通过', LotteryPending: '待派位', Offered: '待确认', Admitted: '已录取', Waitlisted: '候补', Declined: '已放弃' };
const STAGE_OF = { Submitted: '已提交', Checking: '核验中', UnderReview: '审核中', ReturnedForCorrection: '退回补充', Rejected: '审核未通过', NotAdmitted: '未录取', Withdrawn: '已撤回' };
const GROUP = { LeftBehind: '留守儿童', Orphan: '孤儿', DeFactoUnsupported: '事实无人抚养', Disabled: '残疾儿童', FinancialHardship: '家庭经济困难' };
const APPEAL_STATE = { Received: '待办理', InProgress: '办理中', Answered: '已答复', Closed: '已办结' };
const state = { me: null, county: null, appeal: null, drawSchool: null, drawMode: 'draw' };
const DRAW_MODES = {
  draw: { title: '派位', go: '派位并公布结果', path: 'draw', ask: '派位只能进行一次，结果和全部记录会立即公开，任何人都可以核对。', done: '派位完成，已公布' },
  rerun: { title: '重新派位', go: '重新派位并公布', path: 'draw', ask: '只有还没有家庭确认或放弃学位时才能重新派位；两次派位记录和原因都会公开并记入审计日志。', done: '已重新派位，两次记录均已公布' },
  classes: { title: '均衡分班', go: '分班并公布', path: 'classes', ask: '分班只能进行一次，结果按派位编号公开，家长在报名状态页看到孩子的班级。', done: '分班完成，已公布' },
};
const base = () => `/api/staff/counties/${encodeURIComponent(state.me.countyId)}`;
const officer = () => state.me.role === 'BureauOfficer';

function item(title, meta, end) {
  const cell = el('div', 'weui-cell county-item');
  const text = el('div', 'weui-cell__bd');
  text.append(el('div', '', title));
  if (meta) text.append(meta instanceof Node ? meta : el('div', 'county-item__meta', meta));
  cell.append(text);
  if (end) cell.append(end);
  return cell;
}

const empty = (text) => el('div', 'county-empty', text);

function miniButton(text, onClick) {
  const button = el('button', 'weui-btn weui-btn_mini weui-btn_primary', text);
  button.type = 'button';
  button.addEventListener('click', onClick);
  return button;
}

export async function start(me) {
  state.me = me;
  $('appeal-cancel').addEventListener('click', () => { $('appeal-form').hidden = true; });
  if (officer()) wire();
  // The dashboard first: the lotteries are listed from its demand, and its time is the server's (the phone's clock may be off).
  await dashboard();
  await Promise.all([lotteries(), appeals(), unplaced(), placements()]);
  classes();
}

async function dashboard() {
  const view = await getJson(`${base()}/dashboard`);
  state.county = view;
  $('dashboard-list').replaceChildren(...view.schools.map((s) => {
    const counts = Object.entries(s.counts).filter(([k, n]) => n > 0 && STATUS[k]).map(([k, n]) => `${STATUS[k]} ${n}`).join(' · ');
    const cell = item(s.name, counts || '还没有审核通过的报名', el('div', 'weui-cell__ft', `${s.demand} / ${s.places}`));
    if (s.demand > s.places) cell.classList.add('dashboard-item_over');
    return cell;
  }));
}

async function lotteries() {
  const drawn = new Map((await getJson(`${base()}/lotteries`)).map((l) => [l.schoolId, l]));
  const oversubscribed = state.county.schools.filter((s) => s.demand > s.places || drawn.has(s.schoolId));
  $('lottery-list').replaceChildren(...(oversubscribed.length === 0 ? [empty('没有报名人数超过招生计划的学校，无需派位。')] : oversubscribed.map((s) => {
    const lottery = drawn.get(s.schoolId);
    const verify = el('a', 'county-item__meta', '公开页面与核对');
    verify.href = `/public/lottery.html?county=${encodeURIComponent(state.me.countyId)}&school=${encodeURIComponent(s.schoolId)}`;
    const meta = el('div', 'county-item__meta');
    if (!lottery) meta.append(`符合条件 ${s.demand} 人，计划 ${s.places} 人，名单未冻结`);
    else meta.append(lottery.state === 'Drawn' ? `已派位 ${formatTime(lottery.drawnAt)} · ${lottery.applicants} 人 · ` : `名单已冻结 · ${lottery.applicants} 人 · `, verify);
    let action = null;
    if (officer() && !lottery) action = miniButton('冻结名单', () => freeze(s));
    if (officer() && lottery && lottery.state === 'Frozen') action = miniButton('派位', () => openDraw(s, 'draw'));
    if (officer() && lottery && lottery.state === 'Drawn') action = miniButton('重新派位', () => openDraw(s, 'rerun'));
    return item(s.name, meta, action);
  })));
}

async function freeze(school) {
  if (!await confirmDialog(`冻结${school.name}的派位名单？`, `将按现在审核通过的 ${school.demand} 人冻结名单并立即公开其指纹；冻结后不能再改名单，只能派位一次。`, '冻结并公开')) return;
  try {
    await request('POST', `${base()}/lotteries/${encodeURIComponent(school.schoolId)}/freeze`);
    showToast('名单已冻结');
  } catch (e) {
    showTip(problemText(e.problem));
  }
  await dashboard();
  await lotteries();
}

function openDraw(school, mode) {
  state.drawSchool = school;
  state.drawMode = mode;
  $('draw-title').textContent = `${school.name} · ${DRAW_MODES[mode].title}`;
  $('draw-go').textContent = DRAW_MODES[mode].go;
  $('draw-reason-field').hidden = mode !== 'rerun';
  $('draw-form').hidden = false;
  $('draw-form').scrollIntoView({ block: 'start' });
}

async function draw() {
  const school = state.drawSchool;
  const mode = DRAW_MODES[state.drawMode];
  const body = { publicValue: $('draw-public').value.trim(), publicSource: $('draw-source').value.trim(), liveValue: $('draw-live').value.trim() };
  if (!body.publicValue || !body.publicSource || !body.liveValue) { showTip('请填写公开随机数、它的查询网址和现场随机数。'); return; }
  if (state.drawMode === 'rerun') {
    body.rerunReason = $('draw-reason').value.trim();
    if (!body.rerunReason) { showTip('请写明重新派位的原因。'); return; }
  }
  if (!await confirmDialog(`${school.name} · ${mode.title}？`, mode.ask, mode.go)) return;
  try {
    await request('POST', `${base()}/lotteries/${encodeURIComponent(school.schoolId)}/${mode.path}`, body);
    $('draw-form').hidden = true;
    showToast(mode.done);
  } catch (e) {
    const errors = e.problem && e.problem.errors ? Object.values(e.problem.errors).flat().join(' ') : null;
    showTip(errors || problemText(e.problem));
  }
  await dashboard();
  await Promise.all([lotteries(), classes()]);
}

function classes() {
  const admitted = state.county.schools.filter((s) => (s.counts.Admitted || 0) > 0);
  $('class-list').replaceChildren(...(admitted.length === 0 ? [empty('还没有录取的学生。')] : admitted.map((s) => {
    const file = el('a', 'county-item__meta', '公开的分班结果');
    file.href = `/api/public/counties/${encodeURIComponent(state.me.countyId)}/lotteries/${encodeURIComponent(s.schoolId)}/classes.txt`;
    const meta = el('div', 'county-item__meta');
    meta.append(`录取 ${s.counts.Admitted} 人 · ${s.classes} 个班 · `, file);
    return item(s.name, meta, officer() ? miniButton('分班', () => openDraw(s, 'classes')) : null);
  })));
}

async function appeals() {
  const list = await getJson(`${base()}/appeals`);
  const now = new Date(state.county.at).getTime();
  $('appeal-list').replaceChildren(...(list.length === 0 ? [empty('没有申诉或投诉。')] : list.map((a) => {
    const late = a.state !== 'Answered' && a.state !== 'Closed' && new Date(a.deadline).getTime() < now;
    const meta = el('div', 'county-item__meta' + (late ? ' county-item__late' : ''),
      `${APPEAL_STATE[a.state] || a.state} · 期限 ${formatTime(a.deadline)}${late ? ' · 已超期' : ''}`);
    const cell = item(`${a.kind === 'Appeal' ? '申诉' : '投诉'}：${a.text.length > 24 ? a.text.slice(0, 24) + '…' : a.text}`, meta,
      miniButton(officer() && (a.state === 'Received' || a.state === 'InProgress') ? '办理' : '查看', () => openAppeal(a.id)));
    return cell;
  })));
}

async function openAppeal(id) {
  const { body, response } = await request('GET', `${base()}/appeals/${encodeURIComponent(id)}`);
  state.appeal = { body, etag: response.headers.get('ETag') };
  $('appeal-title').textContent = `${body.kind === 'Appeal' ? '申诉' : '投诉'} · ${APPEAL_STATE[body.state]} · 期限 ${formatTime(body.deadline)}`;
  $('appeal-text').textContent = body.text + (body.applicationId ? `\n（报名 ${body.applicationId}）` : '');
  $('appeal-answer').value = body.answer || '';
  const canWork = officer() && body.state !== 'Closed';
  $('appeal-answer').disabled = !canWork;
  $('appeal-answer-go').hidden = !canWork;
  $('appeal-take').hidden = !canWork || body.state !== 'Received';
  // Only an appeal against one application's decision can be upheld; answered, it cannot be changed.
  $('appeal-upheld').checked = body.upheld;
  $('appeal-upheld').disabled = !canWork || body.state === 'Answered';
  $('appeal-upheld-field').hidden = body.kind !== 'Appeal' || !body.applicationId || (!canWork && !body.upheld);
  $('appeal-form').hidden = false;
  $('appeal-form').scrollIntoView({ block: 'start' });
}

async function work(stateName, answer, upheld) {
  try {
    await request('POST', `${base()}/appeals/${encodeURIComponent(state.appeal.body.id)}/work`, { state: stateName, answer, upheld }, { 'If-Match': state.appeal.etag });
    $('appeal-form').hidden = true;
    showToast(stateName === 'Answered' ? '已答复家长' : '已标记');
  } catch (e) {
    showTip(e.status === 412 ? '其他工作人员刚刚修改过，请刷新后再改' : problemText(e.problem));
  }
  await appeals();
}

async function unplaced() {
  const list = await getJson(`${base()}/ledgers/unplaced`);
  $('unplaced-list').replaceChildren(...(list.length === 0 ? [empty('特殊群体儿童均已录取。')] : list.map((e) =>
    item(`${e.maskedName} · ${e.schoolName}`, `${e.groups.map((g) => GROUP[g] || g).join('、')} · ${STATUS[e.status] || STAGE_OF[e.status] || e.status}`))));
}

async function placements() {
  const list = await getJson(`${base()}/unplaced`);
  $('placement-list').replaceChildren(...(list.length === 0 ? [empty('目前没有报名结束后仍无学位的孩子。')] : list.map((c) =>
    item(`${c.maskedName} · ${c.schoolName}`, `${STATUS[c.status] || STAGE_OF[c.status] || c.status} → ${c.catchmentSchoolName ? '对应 ' + c.catchmentSchoolName : '住址不在任何划片范围内，请人工安排'}`,
      officer() && c.catchmentSchoolId ? miniButton('安置', () => place(c)) : null))));
}

async function place(child) {
  if (!await confirmDialog(`安置到${child.catchmentSchoolName}？`, `${child.maskedName}将由教育局统筹录取到${child.catchmentSchoolName}，家长在报名状态页看到新的录取。`, '确定安置')) return;
  try {
    await request('POST', `${base()}/schools/${encodeURIComponent(child.schoolId)}/applications/${encodeURIComponent(child.applicationId)}/place`, { toSchoolId: child.catchmentSchoolId });
    showToast('已安置');
  } catch (e) {
    showTip(problemText(e.problem));
  }
  await dashboard();
  await Promise.all([placements(), unplaced()]);
  classes();
}

function wire() {
  $('draw-go').addEventListener('click', draw);
  $('draw-cancel').addEventListener('click', () => { $('draw-form').hidden = true; });
  $('appeal-answer-go').addEventListener('click', async () => {
    const answer = $('appeal-answer').value.trim();
    if (!answer) { showTip('请填写给家长的答复。'); return; }
    const upheld = !$('appeal-upheld-field').hidden && $('appeal-upheld').checked;
    const consequence = upheld ? '申诉成立：这份报名将退回学校重新审核。' : '';
    if (await confirmDialog('答复家长？', consequence + '家长会在报名状态页看到这段答复。', '答复')) await work('Answered', answer, upheld);
  });
  $('appeal-take').addEventListener('click', () => work('InProgress', null));
}
