// 录取与报到: the school's final list (the head approves it, the bureau confirms it) and check-in, on the school's
// page; and the school gate, where a scanned admission notice (#gate/{school}/{application}/{code}) is checked and
// the child recorded as reported.
import { $, el, showTip, showToast, request, problemText, formatTime, confirmDialog } from "./staff.js";

const STATE = { Proposed: '待校长审定', Approved: '校长已审定，待教育局确认', Confirmed: '教育局已确认' };
const ctx = { me: null, schoolId: null, etag: null, sheet: null };
const route = () => `/api/staff/counties/${encodeURIComponent(ctx.me.countyId)}/schools/${encodeURIComponent(ctx.schoolId)}/admission`;
const fail = (e) => showTip(problemText(e.problem));

/** Shows the card on a school's page and wires its buttons once. */
export async function show(me, schoolId) {
  Object.assign(ctx, { me, schoolId });
  $('admission-toggle').addEventListener('click', () => {
    $('admission-list').hidden = !$('admission-list').hidden;
    $('admission-toggle').textContent = $('admission-list').hidden ? '查看名单' : '收起名单';
  });
  $('admission-approve').addEventListener('click', () => step('approve', '审定录取名单',
    `确认按当前名单录取 ${ctx.sheet.entries.length} 人？审定后报教育局确认，确认后家长会收到录取通知。`, '审定'));
  $('admission-confirm').addEventListener('click', () => step('confirm', '确认录取',
    `确认录取${ctx.sheet.schoolName}校长审定的 ${ctx.sheet.entries.length} 人？确认后即通知每个家庭。`, '确认录取'));
  await load();
}

async function load() {
  const { body, response } = await request('GET', route());
  ctx.sheet = body;
  ctx.etag = response.headers.get('ETag');
  render(body);
}

function render(s) {
  $('admission-card').hidden = false;
  const admitted = s.entries.filter((e) => e.status === 'Admitted').length;
  $('admission-state').textContent = s.state === 'Confirmed' && !s.changedSinceApproval ? `已录取 ${admitted} 人` : STATE[s.state];
  $('admission-window').textContent = (s.window ? `录取时间 ${formatTime(s.window.opens)} 至 ${formatTime(s.window.closes)}` : '教育局尚未设置录取时间')
    + (s.checkInWindow ? `；报到时间 ${formatTime(s.checkInWindow.opens)} 至 ${formatTime(s.checkInWindow.closes)}` : '') + `。名单 ${s.entries.length} 人，计划 ${s.places} 人。`;
  const blockers = [];
  if (s.awaitingReview > 0) blockers.push(`还有 ${s.awaitingReview} 份报名未审核完毕`);
  if (s.lotteryUnanswered > 0) blockers.push(`${s.lotteryUnanswered} 名学生待派位或待家庭确认`);
  if (s.overPlan) blockers.push('符合条件人数超过招生计划，需教育局派位或调整计划');
  if (s.changedSinceApproval) blockers.push('审定后名单有变化，需校长重新审定');
  $('admission-blockers').textContent = blockers.join('；') + (blockers.length ? '。' : '');
  $('admission-blockers').hidden = blockers.length === 0;
  const open = s.windowOpen && s.awaitingReview === 0 && s.lotteryUnanswered === 0 && !s.overPlan;
  $('admission-approve').hidden = !(ctx.me.role === 'SchoolHead' && open && (s.state === 'Proposed' || s.changedSinceApproval));
  $('admission-confirm').hidden = !(ctx.me.role === 'BureauOfficer' && s.windowOpen && s.state === 'Approved' && !s.changedSinceApproval);
  const list = $('admission-list');
  list.replaceChildren(...s.entries.map((e) => row(e, s)));
  if (!s.entries.length) list.append(el('p', 'queue-empty', '还没有审核通过的学生'));
}

function row(e, s) {
  const cell = el('div', 'weui-cell admission-row');
  const body = el('div', 'weui-cell__bd');
  const name = el('p', 'queue-item__name', e.maskedName);
  if (e.outsideCatchment) name.append(el('span', 'tag tag_warn', '不在划片范围'));
  body.append(name, el('p', 'queue-item__number application-number', e.applicationId));
  const ft = el('div', 'weui-cell__ft');
  if (e.checkedIn) {
    ft.append(el('span', 'admission-row__done', '已报到'));
  } else if (e.status === 'Admitted' && s.checkInOpen && ctx.me.role !== 'Auditor') {
    const button = el('button', 'weui-btn weui-btn_mini weui-btn_primary', '报到');
    button.type = 'button';
    button.addEventListener('click', () => checkIn(e.applicationId, button).then(load).catch(fail));
    ft.append(button);
  } else {
    ft.append(el('span', 'queue-item__status status_' + e.status, e.statusText));
  }
  cell.append(body, ft);
  return cell;
}

async function step(name, title, text, okText) {
  if (!await confirmDialog(title, text, okText)) return;
  try {
    const { body, response } = await request('POST', `${route()}/${name}`, undefined, { 'If-Match': ctx.etag });
    ctx.sheet = body;
    ctx.etag = response.headers.get('ETag');
    render(body);
    showToast(name === 'approve' ? '已审定，待教育局确认' : `已录取 ${body.admittedNow} 人`);
    // The school's counts and queues above change with an admission.
    window.dispatchEvent(new Event('admission-changed'));
  } catch (e) {
    fail(e);
    await load().catch(() => {});
  }
}

async function checkIn(applicationId, button) {
  if (button) button.disabled = true;
  const { body } = await request('POST', `/api/staff/schools/${encodeURIComponent(ctx.schoolId)}/check-ins`, { applicationIds: [applicationId] });
  showToast(body[0].result === 'NotAdmittedHere' ? '不是本校录取的学生' : '已登记报到');
  return body[0];
}

/** The gate: the scanned notice, whether it is genuine, and one tap to record the child as reported. */
export async function gate(me, schoolId, applicationId, code) {
  Object.assign(ctx, { me, schoolId });
  $('gate').hidden = false;
  $('gate-list').href = '/staff/?school=' + encodeURIComponent(schoolId);
  const result = $('gate-result');
  try {
    const n = (await request('GET', `/api/staff/schools/${encodeURIComponent(schoolId)}/notices/${encodeURIComponent(applicationId)}?code=${encodeURIComponent(code)}`)).body;
    result.textContent = '通知书有效';
    result.className = 'gate-card__result gate-card__result_ok';
    $('gate-name').textContent = n.childName;
    $('gate-text').textContent = `${n.schoolName} · 报名编号 ${n.applicationId}` + (n.checkedInAt ? ` · 已于 ${formatTime(n.checkedInAt)} 报到` : '。请核对户口簿等原件后登记报到。');
    const button = $('gate-check-in');
    button.hidden = !!n.checkedInAt || me.role === 'Auditor';
    button.onclick = async () => {
      try {
        await checkIn(applicationId, button);
        button.hidden = true;
        $('gate-text').textContent = `${n.schoolName} · 报名编号 ${n.applicationId} · 已登记报到`;
      } catch (e) {
        button.disabled = false;
        fail(e);
      }
    };
  } catch (e) {
    result.textContent = '无法核验';
    result.className = 'gate-card__result gate-card__result_bad';
    $('gate-text').textContent = e.problem && e.problem.detail ? e.problem.detail : problemText(e.problem);
  }
}
