// 公开信息与公告: the bureau edits its public texts as a draft, sees them as families will, and publishes them; and it
// publishes or withdraws announcements. Families only ever see what was published. Auditors read.
import { $, el, showTip, showToast, request, getJson, errorsText, formatTime, confirmDialog } from "./staff.js";

const KIND = { Notice: '通知公告', Answer: '政策问答', Statement: '情况说明' };
const state = { me: null, texts: null, etag: null };
const base = () => `/api/staff/counties/${encodeURIComponent(state.me.countyId)}`;
const officer = () => state.me.role === 'BureauOfficer';
const lines = (id) => $(id).value.split('\n').map((l) => l.trim()).filter(Boolean);

export async function start(me) {
  state.me = me;
  for (const id of ['texts-save', 'texts-publish', 'announcement-form']) $(id).hidden = !officer();
  $('texts-form').querySelectorAll('textarea, input').forEach((f) => { f.readOnly = !officer(); });
  if (officer()) wire();
  await Promise.all([texts(), announcements()]);
}

// The draft when there is one (so an officer carries on where they stopped), else what is published.
async function texts() {
  const { body, response } = await request('GET', `${base()}/texts`);
  state.texts = body;
  state.etag = response.headers.get('ETag');
  const t = body.draft || body.published;
  $('texts-state').textContent = body.draft ? '下面是尚未发布的草稿，家长仍看到上一次发布的版本。' : '下面是家长现在看到的版本。修改后先保存草稿并预览，确认无误再发布。';
  $('texts-summary').value = (t.policy && t.policy.summary) || '';
  $('texts-conditions').value = ((t.policy && t.policy.conditions) || []).join('\n');
  $('texts-procedure').value = ((t.policy && t.policy.procedure) || []).join('\n');
  $('texts-materials').value = (t.materials || []).map((m) => `${m.name}｜${m.whoNeedsIt}`).join('\n');
  $('texts-hotline').value = (t.complaints && t.complaints.hotline) || '';
  $('texts-reception').value = (t.complaints && t.complaints.receptionAddress) || '';
  $('texts-online').value = (t.complaints && t.complaints.online) || '';
  await schoolRules(t.schoolRules || {});
  $('texts-publish').hidden = !officer() || !body.draft;
  if (body.draft) await preview(); else $('texts-preview').hidden = true;
}

// One box per school for its own rules (学校实施办法); an empty box means the school follows the county's texts.
async function schoolRules(rules) {
  const config = await getJson(`${base()}/configuration`);
  $('texts-school-rules').replaceChildren(...config.schools.map((school) => {
    const label = el('label', 'bureau-field', school.name);
    const box = Object.assign(el('textarea'), { rows: 3, maxLength: 5000, value: rules[school.id] || '', readOnly: !officer() });
    box.dataset.school = school.id;
    label.append(box);
    return label;
  }));
}

const rulesOfSchools = () => Object.fromEntries([...$('texts-school-rules').querySelectorAll('textarea')]
  .filter((box) => box.value.trim()).map((box) => [box.dataset.school, box.value.trim()]));

// Each material line is "名称｜谁需要、为什么"; whether the departments confirm it is kept from the item of that name.
function materials() {
  const known = Object.fromEntries([...(state.texts.published.materials || []), ...((state.texts.draft && state.texts.draft.materials) || [])]
    .map((m) => [m.name, m.confirmedByDataSharing]));
  return lines('texts-materials').map((line) => {
    const [name, ...why] = line.split(/[｜|]/);
    return { name: name.trim(), whoNeedsIt: why.join('｜').trim(), confirmedByDataSharing: !!known[name.trim()] };
  });
}

async function preview() {
  const page = await getJson(`${base()}/texts/preview`);
  const box = $('texts-preview');
  const c = page.county;
  box.replaceChildren(el('h3', 'texts-preview__title', '预览：发布后家长看到'),
    el('p', '', c.policySummary || ''),
    el('p', 'texts-preview__head', '入学条件'), list(c.conditions),
    el('p', 'texts-preview__head', '报名流程'), list(c.procedure),
    el('p', 'texts-preview__head', '材料清单'), list(c.materials.map((m) => `${m.name}：${m.whoNeedsIt}`)),
    el('p', 'texts-preview__head', '咨询与举报'), list(c.complaints ? [c.complaints.hotline, c.complaints.receptionAddress, c.complaints.online] : []));
  box.hidden = false;
}

const list = (items) => { const ul = el('ul', 'texts-preview__list'); ul.append(...items.map((i) => el('li', '', i))); return ul; };

function wire() {
  $('texts-save').addEventListener('click', async () => {
    const reason = $('texts-reason').value.trim();
    if (!reason) { showTip('请填写修改原因：每次修改都会记入审计日志。'); return; }
    const body = {
      policy: { summary: $('texts-summary').value.trim(), conditions: lines('texts-conditions'), procedure: lines('texts-procedure') },
      materials: materials(),
      complaints: { hotline: $('texts-hotline').value.trim(), receptionAddress: $('texts-reception').value.trim(), online: $('texts-online').value.trim() },
      schoolRules: rulesOfSchools(),
      reason,
    };
    try {
      await request('PUT', `${base()}/texts`, body, { 'If-Match': state.etag });
      $('toptips').classList.remove('weui-toptips_show');
      showToast('草稿已保存');
      await texts();
    } catch (e) {
      showTip(e.status === 412 ? '其他工作人员刚刚修改过配置，已刷新，请核对后再保存。' : errorsText(e.problem));
      if (e.status === 412) await texts();
    }
  });
  $('texts-publish').addEventListener('click', async () => {
    const reason = $('texts-reason').value.trim() || '发布预览过的草稿';
    if (!await confirmDialog('发布公开信息', '发布后，家长和公众立即看到预览中的内容。', '发布')) return;
    try {
      await request('POST', `${base()}/texts/publish`, { reason }, { 'If-Match': state.etag });
      $('texts-reason').value = '';
      showToast('已发布');
    } catch (e) {
      showTip(errorsText(e.problem));
    }
    await texts();
  });
  $('announcement-go').addEventListener('click', async () => {
    const body = { kind: $('announcement-kind').value, title: $('announcement-title').value.trim(), body: $('announcement-body').value.trim() };
    if (!await confirmDialog(`发布${KIND[body.kind]}`, '发布后立即在公开页面显示，带发布日期。', '发布')) return;
    try {
      await request('POST', `${base()}/announcements`, body);
      $('announcement-title').value = '';
      $('announcement-body').value = '';
      showToast('已发布');
      await announcements();
    } catch (e) {
      showTip(errorsText(e.problem));
    }
  });
}

async function announcements() {
  const all = await getJson(`${base()}/announcements`);
  const box = $('announcement-list');
  if (!all.length) { box.replaceChildren(el('div', 'county-empty', '还没有发布公告。')); return; }
  box.replaceChildren(...all.map((a) => {
    const cell = el('div', 'weui-cell county-item announcement-item' + (a.withdrawnAt ? ' announcement-item_withdrawn' : ''));
    const text = el('div', 'weui-cell__bd');
    text.append(el('div', '', `${KIND[a.kind]} · ${a.title}`),
      el('div', 'county-item__meta', a.withdrawnAt ? `${formatTime(a.publishedAt)} 发布，${formatTime(a.withdrawnAt)} 已撤回` : `${formatTime(a.publishedAt)} 发布`));
    cell.append(text);
    if (officer() && !a.withdrawnAt) {
      const button = el('button', 'weui-btn weui-btn_mini weui-btn_default', '撤回');
      button.type = 'button';
      button.addEventListener('click', () => withdraw(a));
      cell.append(button);
    }
    return cell;
  }));
}

async function withdraw(announcement) {
  const reason = window.prompt(`撤回“${announcement.title}”的原因（记入审计日志）：`);
  if (!reason || !reason.trim()) return;
  try {
    await request('DELETE', `${base()}/announcements/${encodeURIComponent(announcement.id)}?reason=${encodeURIComponent(reason.trim())}`);
    showToast('已撤回');
  } catch (e) {
    showTip(errorsText(e.problem));
  }
  await announcements();
}
