// 演练 and 开启下一年度: the bureau rehearses its opening day on a practice copy and wipes it; and, once every step of
// the year has closed, opens the next year. Auditors read the rehearsal's report.
import { $, el, showTip, showToast, request, getJson, errorsText, formatTime, confirmDialog } from "./staff.js";

const state = { me: null };
const base = () => `/api/staff/counties/${encodeURIComponent(state.me.countyId)}`;
const officer = () => state.me.role === 'BureauOfficer';

export async function start(me) {
  state.me = me;
  for (const id of ['rehearsal-run', 'rehearsal-children-field', 'rollover-reason-field', 'rollover-go']) $(id).hidden = !officer();
  if (officer()) wire();
  await Promise.all([rehearsal(), rollover()]);
}

async function rehearsal() {
  let report = null;
  try {
    report = await getJson(`${base()}/rehearsal`);
  } catch (e) {
    if (e.status !== 404) throw e;
  }

  $('rehearsal-state').textContent = report
    ? `${formatTime(report.startedAt)} 演练了 ${report.children} 名学生（${report.families} 户），${report.errors.length ? `出现 ${report.errors.length} 个问题，见下表。` : '各环节均未出错。'}演练数据清除前不能开始新的演练。`
    : '演练使用本县当前的配置和模拟家庭，标记为“演练”：不发短信和微信消息，不联系任何部门和省级平台，公开页面看不到。演练结束后请查看报告并清除。';
  $('rehearsal-run').hidden = !officer() || !!report;
  $('rehearsal-children-field').hidden = !officer() || !!report;
  $('rehearsal-wipe').hidden = !officer() || !report;
  $('rehearsal-report').hidden = !report;
  if (report) $('rehearsal-report').replaceChildren(reportTable(report), ...report.errors.map((e) => el('p', 'rehearsal-report__error', `${e.step}：${e.what}`)));
}

function reportTable(report) {
  const table = el('table', 'rehearsal-table');
  const head = el('tr');
  head.append(...['环节', '数量', '出错', '用时（秒）', '最慢（毫秒）'].map((t) => el('th', '', t)));
  table.append(head);
  for (const step of report.steps) {
    const row = el('tr');
    row.append(el('td', '', step.name), el('td', '', String(step.count)), el('td', step.errors ? 'rehearsal-table__bad' : '', String(step.errors)),
      el('td', '', String(step.seconds)), el('td', '', String(step.slowestMs)));
    table.append(row);
    if (step.note) {
      const note = el('tr');
      const cell = el('td', 'rehearsal-table__note', step.note);
      cell.colSpan = 5;
      note.append(cell);
      table.append(note);
    }
  }

  return table;
}

// The year can close once its last window has: the page says when that is, and the server decides.
async function rollover() {
  const config = await getJson(`${base()}/configuration`);
  const last = config.windows.reduce((latest, w) => (!latest || w.closes > latest ? w.closes : latest), null);
  const open = config.windows.some((w) => w.state !== 'Closed');
  $('rollover-state').textContent = `当前招生年度：${config.enrollmentYear} 年。` + (!last
    ? '本年度还没有设置时间安排。'
    : open
      ? `本年度各环节全部结束（${formatTime(last)}）后，才能开启 ${config.enrollmentYear + 1} 年度。`
      : `本年度各环节已经结束，可以开启 ${config.enrollmentYear + 1} 年度：时间安排顺延一年，学校和公开信息保留待修改，本年度的报名转为只读并可继续导出。`);
  $('rollover-go').disabled = !last || open;
}

function wire() {
  $('rehearsal-run').addEventListener('click', async () => {
    const children = Number($('rehearsal-children').value);
    if (!await confirmDialog('开始演练', `用 ${children} 名模拟学生走一遍全部环节，需要一两分钟。演练期间请不要关闭本页。`, '开始')) return;
    const button = $('rehearsal-run');
    button.disabled = true;
    button.textContent = '演练中…';
    try {
      await request('POST', `${base()}/rehearsal`, { children });
      showToast('演练完成');
    } catch (e) {
      showTip(errorsText(e.problem));
    } finally {
      button.disabled = false;
      button.textContent = '开始演练';
    }
    await rehearsal();
  });
  $('rehearsal-wipe').addEventListener('click', async () => {
    if (!await confirmDialog('清除演练数据', '删除本次演练产生的全部数据和报告，本县的真实数据不受影响。', '清除')) return;
    try {
      await request('DELETE', `${base()}/rehearsal`);
      showToast('已清除');
    } catch (e) {
      showTip(errorsText(e.problem));
    }
    await rehearsal();
  });
  $('rollover-go').addEventListener('click', async () => {
    const reason = $('rollover-reason').value.trim();
    if (!reason) { showTip('请填写原因：开启下一年度会记入审计日志。'); return; }
    if (!await confirmDialog('开启下一年度', '开启后，本年度的报名只能查看和导出，不能再修改；公开页面显示新年度。', '开启')) return;
    try {
      const { response } = await request('GET', `${base()}/configuration`);
      await request('POST', `${base()}/configuration/rollover`, { reason }, { 'If-Match': response.headers.get('ETag') });
      showToast('已开启下一年度');
      setTimeout(() => location.reload(), 800);
    } catch (e) {
      showTip(errorsText(e.problem));
    }
  });
}
