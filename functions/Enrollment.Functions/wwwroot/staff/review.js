// 审核: the school's queues and one application's detail with the reviewer's decisions.
// The list is the page; an application opens at #/a/{number}, so the phone's back button returns to the list.
import { $, params, el, showTip, showToast, request, getJson, problemText, errorsText, formatTime, confirmDialog, signIn, signOut } from "./staff.js";
import * as Admission from "./admission.js";
import * as Receipt from "./receipt.js";
import * as Platform from "./platform.js";
import * as Bureau from "./bureau.js";
// The page's entry (staff/index.html). Every module the page needs is named here too, so that the browser asks for
// them all at once rather than a level at a time.
import "../js/shared.js";
import "./county.js";
import "./publish.js";
import "./year.js";

const BASIS = { HouseholdRegistration: '户籍', OwnedProperty: '自有住房（不动产）', RegisteredRental: '租赁住房（已备案）', ResidencePermit: '居住证' };
const RELATION = { Father: '父亲', Mother: '母亲', Grandparent: '祖父母/外祖父母', OtherRelative: '其他亲属', Other: '其他' };
const DOCUMENT = { ResidentId: '居民身份证', HongKongPermit: '香港居民通行证', MacaoPermit: '澳门居民通行证', TaiwanPermit: '台湾居民通行证', ForeignPermanentResidence: '外国人永久居留身份证', Passport: '护照', Other: '暂无证件' };
const PRIORITY = { MartyrOrServiceFamily: '烈士、军人、公安英模等家庭的子女', SiblingAtSchool: '哥哥或姐姐在该校就读', HighLevelTalent: '高层次人才子女' };
const WHO = { Parent: '家长', School: '学校', Bureau: '教育局', System: '系统' };
const NEW = ['Submitted', 'UnderReview'];

const state = { schoolId: null, summary: null, queue: 'New', search: '', token: null, detail: null, etag: null };
const base = () => `/api/staff/schools/${encodeURIComponent(state.schoolId)}`;

async function start() {
  const me = await signIn();
  // A scanned admission notice opens the gate check, whoever of the school holds the phone.
  const gate = /^#gate\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(location.hash);
  if (gate) {
    await Admission.gate(me, ...gate.slice(1).map(decodeURIComponent));
    return;
  }
  // A scanned registration receipt opens its check (现场核验).
  const receipt = /^#receipt\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(location.hash);
  if (receipt) {
    await Receipt.check(...receipt.slice(1).map(decodeURIComponent));
    return;
  }
  if (me.role === 'PlatformOperator') {
    Platform.start(me);
    return;
  }
  // The bureau's officers and auditors start from the county's page, which links to each school's queue.
  if (!params.get('school') && (me.role === 'BureauOfficer' || me.role === 'Auditor')) {
    await Bureau.start(me);
    return;
  }
  $('staff-name-text').textContent = me.displayName;
  $('sign-out-button').addEventListener('click', signOut);
  const schools = me.schoolIds || [];
  state.schoolId = params.get('school') || schools[0];
  $('review-home').hidden = false;
  if (!state.schoolId) {
    $('plan-card').hidden = true;
    showEmpty('您的账号没有负责审核的学校。教育局和审计人员请从教育局页面选择学校进入。');
    return;
  }
  if (schools.length > 1) {
    const select = $('school-select');
    // Each school by its name, as the county publishes it (the ids are for the system, not for people).
    const names = await getJson(`/api/public/counties/${encodeURIComponent(me.countyId)}`)
      .then((county) => Object.fromEntries(county.schools.map((s) => [s.id, s.name])), () => ({}));
    schools.forEach((id) => select.append(new Option(names[id] || id, id, false, id === state.schoolId)));
    select.hidden = false;
    select.addEventListener('change', () => { location.search = '?school=' + encodeURIComponent(select.value); });
  }
  wireList();
  wireDecisions();
  await loadSummary();
  await loadQueue(true);
  if (me.role === 'SchoolReviewer' || me.role === 'SchoolHead') {
    $('assist-link').href = `/?county=${encodeURIComponent(me.countyId)}&school=${encodeURIComponent(state.schoolId)}&assist=${encodeURIComponent(state.schoolId)}`;
    $('assist-link').hidden = false;
  }
  await Admission.show(me, state.schoolId).catch(fail);
  window.addEventListener('admission-changed', () => refreshList().catch(fail));
  window.addEventListener('hashchange', route);
  await route();
}

// ---- the list ----

async function loadSummary() {
  const s = state.summary = await getJson(`${base()}/summary`);
  $('school-name').textContent = s.schoolName;
  document.title = `${s.schoolName} · 招生审核`;
  if ($('school-select').options.length) [...$('school-select').options].forEach((o) => { if (o.value === s.schoolId) o.textContent = s.schoolName; });
  $('plan-places').textContent = s.places;
  $('plan-classes').textContent = s.classes;
  const eligible = s.counts.Eligible;
  $('plan-fill').style.width = Math.min(100, s.places ? (eligible * 100) / s.places : 0) + '%';
  $('plan-fill').classList.toggle('plan-card__fill_over', eligible > s.places);
  $('plan-text').textContent = eligible > s.places
    ? `已通过 ${eligible} 人，超出计划 ${eligible - s.places} 人，请报教育局统筹或派位。`
    : `已通过 ${eligible} 人，剩余 ${s.places - eligible} 个名额；待审核 ${s.counts.New} 份。`;
  document.querySelectorAll('#queue-tabs [data-queue]').forEach((tab) => {
    tab.querySelector('.queue-count').textContent = s.counts[tab.dataset.queue];
  });
}

function wireList() {
  document.querySelectorAll('#queue-tabs [data-queue]').forEach((tab) => tab.addEventListener('click', () => {
    state.queue = tab.dataset.queue;
    state.search = '';
    $('search-input').value = '';
    loadQueue(true).catch(fail);
  }));
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    $('search-input').blur();
    state.search = $('search-input').value.trim();
    loadQueue(true).catch(fail);
  });
  $('search-clear').addEventListener('click', () => {
    state.search = '';
    $('search-input').value = '';
    loadQueue(true).catch(fail);
  });
  $('more-button').addEventListener('click', () => loadQueue(false).catch(fail));
  $('bulk-button').addEventListener('click', bulkApprove);
}

async function loadQueue(reset) {
  if (reset) state.token = null;
  const query = new URLSearchParams({ pageSize: '20' });
  // A search looks through every list, since the clerk may not know where the application stands.
  if (state.search) query.set('search', state.search); else query.set('queue', state.queue);
  if (state.token) query.set('continuationToken', state.token);
  const page = await getJson(`${base()}/applications?${query}`);
  state.token = page.continuationToken;
  document.querySelectorAll('#queue-tabs [data-queue]').forEach((tab) => {
    const selected = !state.search && tab.dataset.queue === state.queue;
    tab.classList.toggle('queue-tab_selected', selected);
    tab.setAttribute('aria-selected', String(selected));
  });
  $('search-note').hidden = !state.search;
  $('search-note-text').textContent = `“${state.search}”的搜索结果`;
  $('bulk-area').hidden = !!state.search || state.queue !== 'New' || !page.items.some((i) => i.allConfirmed);
  const list = $('queue-list');
  if (reset) list.replaceChildren();
  page.items.forEach((item) => list.append(queueRow(item)));
  $('more-button').hidden = !state.token;
  showEmpty(list.children.length ? null : state.search ? '没有找到符合条件的报名。可输入完整报名编号，或列表中显示的姓名，如 张*三。' : '这里没有报名');
}

function showEmpty(text) {
  $('queue-empty').hidden = !text;
  $('queue-empty').textContent = text || '';
}

/** Not a refusal: the reviewer sees where the address falls and decides. */
function catchmentText(c) {
  if (c.inCatchment) return '住址在本校划片范围内';
  return c.catchmentSchools.length > 0
    ? `住址不在本校划片范围，在${c.catchmentSchools.join('、')}的范围内，请核实`
    : '住址不在任何学校的划片范围内，请核实';
}

function queueRow(item) {
  const row = el('a', 'weui-cell weui-cell_active weui-cell_access queue-item');
  row.href = '#/a/' + encodeURIComponent(item.id);
  row.dataset.applicationId = item.id;
  const body = el('div', 'weui-cell__bd');
  const name = el('p', 'queue-item__name', item.childName);
  if (item.allConfirmed && NEW.includes(item.status)) name.append(el('span', 'tag tag_ok', '核验一致'));
  if (item.outsideCatchment) name.append(el('span', 'tag tag_warn', '不在划片范围'));
  const meta = el('p', 'queue-item__meta');
  meta.append(el('span', 'queue-item__id', item.documentNumber || '无证件号'), ` · ${formatTime(item.submittedAt).slice(5)} 提交`);
  body.append(name, el('p', 'queue-item__number application-number', item.id), meta);
  row.append(body);
  // In a tab the state is the tab's; search results come from every tab, so each says where it stands.
  if (state.search) row.append(el('div', 'weui-cell__ft queue-item__status status_' + item.status, item.statusText));
  return row;
}

async function bulkApprove() {
  const ok = await confirmDialog('一键通过', '将审核通过“待审核”中各项信息都已由部门数据核验一致的报名。其余报名不受影响，仍需逐份审核。', '全部通过');
  if (!ok) return;
  try {
    const { body } = await request('POST', `${base()}/applications/bulk-approve`, {});
    showToast(`已通过 ${body.approved.length} 份`);
    if (body.skipped.length) showTip(`另有 ${body.skipped.length} 份需要逐份审核。`);
    await refreshList();
  } catch (e) { fail(e); }
}

async function refreshList() {
  await loadSummary();
  await loadQueue(true);
}

// ---- one application ----

async function route() {
  const match = /^#\/a\/(.+)$/.exec(location.hash);
  closePanels();
  if (!match) {
    $('review-detail').hidden = true;
    $('review-home').hidden = false;
    return;
  }
  try {
    await openDetail(decodeURIComponent(match[1]));
  } catch (e) {
    fail(e);
    location.hash = '';
  }
}

async function openDetail(id) {
  const { body, response } = await request('GET', `${base()}/applications/${encodeURIComponent(id)}`);
  state.detail = body;
  state.etag = response.headers.get('ETag');
  renderDetail(body);
  $('review-home').hidden = true;
  $('review-detail').hidden = false;
  window.scrollTo(0, 0);
}

function cells(container, rows) {
  container.replaceChildren(...rows.filter(([, value]) => value !== null && value !== undefined && value !== '').map(([label, value]) => {
    const cell = el('div', 'weui-cell detail-cell');
    cell.append(el('div', 'weui-cell__hd detail-cell__label', label), el('div', 'weui-cell__bd detail-cell__value', value));
    return cell;
  }));
}

function renderDetail(a) {
  $('detail-status').textContent = a.statusText;
  $('detail-status').className = 'detail-bar__status status_' + a.status;
  $('detail-name').textContent = a.childName;
  $('detail-number').textContent = a.id;
  $('detail-submitted').textContent = `${formatTime(a.submittedAt)} 提交 · ${a.schoolName}`;
  cells($('detail-child'), [
    ['证件', `${DOCUMENT[a.childDocumentType] || a.childDocumentType} ${a.childDocumentNumber || ''}`],
    ['出生日期', `${a.childBirthDate}（${a.childSex}）`],
    ['户籍所在地', a.householdRegistrationPlace],
    ['现住址', a.currentAddress],
  ]);
  cells($('detail-family'), a.family.map((m) => [
    RELATION[m.relationship] || m.relationship,
    `${m.name}${m.isGuardian ? '（监护人）' : ''}\n${m.mobileMasked}${m.documentNumberMasked ? '\n' + m.documentNumberMasked : ''}`,
  ]));
  cells($('detail-residence'), [
    ['入学依据', BASIS[a.residenceBasis] || a.residenceBasis],
    ['依据地址', a.residenceAddress],
    ...(a.catchment ? [['划片范围', catchmentText(a.catchment)]] : []),
    ...a.priorityClaims.map((p) => ['优先情况', (PRIORITY[p.kind] || p.kind) + (p.note ? '：' + p.note : '')]),
  ]);
  $('detail-facts').replaceChildren(...a.facts.map((f) => {
    const confirmed = f.status === 'Matched';
    const cell = el('div', 'weui-cell detail-fact ' + (confirmed ? 'detail-fact_ok' : f.status === 'Pending' ? 'detail-fact_pending' : 'detail-fact_check'));
    const bd = el('div', 'weui-cell__bd');
    bd.append(el('p', 'detail-fact__name', `${f.name}（${f.subject}）`));
    const ft = el('div', 'weui-cell__ft detail-fact__status',
      confirmed ? '部门数据核验一致' : f.status === 'Pending' ? '部门系统繁忙，自动重试中' : f.uploadId ? '未核验一致，已上传材料' : '未核验一致，未上传材料');
    cell.append(bd, ft);
    return cell;
  }), ...a.realNames.map((r) => {
    const cell = el('div', 'weui-cell detail-fact ' + (r.status === 'Verified' ? 'detail-fact_ok' : 'detail-fact_check'));
    cell.append(el('div', 'weui-cell__bd', `${r.subject}实名`), el('div', 'weui-cell__ft detail-fact__status', r.statusText));
    return cell;
  }));
  $('detail-documents-area').hidden = !a.documents.length;
  $('detail-documents').replaceChildren(...a.documents.map((d) => {
    const link = el('a', 'weui-cell weui-cell_active weui-cell_access detail-document');
    link.href = d.url;
    link.target = '_blank';
    link.rel = 'noopener';
    link.append(el('div', 'weui-cell__bd', d.name), el('div', 'weui-cell__ft', '查看'));
    return link;
  }));
  $('detail-timeline').replaceChildren(...a.timeline.slice().reverse().map((entry, i) => {
    const item = el('li', 'timeline-item' + (i === 0 ? ' timeline-item_current' : ''));
    item.append(el('p', 'timeline-text', entry.text), el('p', 'timeline-meta', `${formatTime(entry.at)} · ${WHO[entry.by] || entry.by}`));
    if (entry.note) item.append(el('p', 'timeline-note', entry.note));
    return item;
  }));
  const canApprove = NEW.includes(a.status);
  const canReturn = canApprove || a.status === 'Checking';
  const canReject = canReturn || a.status === 'ReturnedForCorrection';
  $('approve-button').hidden = !canApprove;
  // 长幼随学 counts only once the school has checked the older child is its pupil.
  $('sibling-check').hidden = !canApprove || !a.priorityClaims.some((p) => p.kind === 'SiblingAtSchool');
  $('sibling-confirmed').checked = false;
  $('return-button').hidden = !canReturn;
  $('reject-button').hidden = !canReject;
  $('decision-area').hidden = !canReject;
  $('decision-none').hidden = canReject;
  $('decision-none').textContent = a.status === 'Eligible' ? '这份报名已审核通过。' : a.status === 'Rejected' ? '这份报名已审核不通过。' : `这份报名当前状态为“${a.statusText}”，不需要审核。`;
  if (a.status === 'Checking') {
    $('decision-none').hidden = false;
    $('decision-none').textContent = '部门数据核验完成后才能审核通过；也可以先退回补充或不通过。';
  }
}

// ---- decisions ----

function wireDecisions() {
  $('back-link').addEventListener('click', (event) => { event.preventDefault(); history.length > 1 && location.hash ? history.back() : (location.hash = ''); });
  $('approve-button').addEventListener('click', async () => {
    const sibling = $('sibling-check').hidden ? null : $('sibling-confirmed').checked;
    const text = `确认“${state.detail.childName}”的报名审核通过？` + (sibling === false ? '哥哥或姐姐在本校就读未勾选核实，将不作为优先条件。' : '');
    if (await confirmDialog('审核通过', text, '通过')) decide('approve', { siblingConfirmed: sibling }, '已审核通过');
  });
  $('return-button').addEventListener('click', () => openPanel('return-panel'));
  $('reject-button').addEventListener('click', () => openPanel('reject-panel'));
  document.querySelectorAll('[data-cancel]').forEach((b) => b.addEventListener('click', closePanels));
  $('return-panel').addEventListener('submit', (event) => {
    event.preventDefault();
    const checked = (id) => [...$(id).querySelectorAll('input:checked')].map((i) => i.value);
    const date = $('return-deadline').value;
    decide('return', {
      fields: checked('return-fields'),
      documents: checked('return-documents'),
      message: $('return-message').value.trim(),
      deadline: date ? `${date}T18:00:00+08:00` : null,
    }, '已退回家长补充');
  });
  $('reject-panel').addEventListener('submit', (event) => {
    event.preventDefault();
    const reason = $('reject-reasons').querySelector('input:checked');
    decide('reject', { reason: reason ? reason.value : null, text: $('reject-text').value.trim() }, '已审核不通过');
  });
}

/** Checkboxes as chips that wrap (many short choices), radios as WeUI rows (a few long ones). */
function choices(container, type, name, items) {
  container.replaceChildren(...items.map((c, i) => {
    const id = `${name}-${i}`;
    const input = Object.assign(el('input', type === 'checkbox' ? 'chip__input' : 'weui-check'), { type, name, id, value: c.value });
    const label = el('label', type === 'checkbox' ? 'chip' : 'weui-cell weui-cell_active weui-check__label');
    label.htmlFor = id;
    if (type === 'checkbox') {
      label.append(input, el('span', 'chip__text', c.text));
    } else {
      const ft = el('div', 'weui-cell__ft');
      ft.append(input, el('i', 'weui-icon-checked'));
      label.append(el('div', 'weui-cell__bd', c.text), ft);
    }
    return label;
  }));
}

function openPanel(id) {
  closePanels();
  const s = state.summary;
  if (id === 'return-panel') {
    choices($('return-fields'), 'checkbox', 'return-field', s.correctableFields);
    // Only the documents behind facts this application claims, whatever the departments answered.
    const kinds = new Set(state.detail.facts.map((f) => f.kind));
    choices($('return-documents'), 'checkbox', 'return-document', s.correctableDocuments.filter((d) => kinds.has(d.value)));
    $('return-message').value = '';
    $('return-deadline').value = beijingDate(3);
    $('return-deadline').min = beijingDate(0);
  } else {
    choices($('reject-reasons'), 'radio', 'reject-reason', s.rejectionReasons);
    $('reject-text').value = '';
  }
  $('decision-area').hidden = true;
  $(id).hidden = false;
  $(id).scrollIntoView({ block: 'start' });
}

function closePanels() {
  const open = !$('return-panel').hidden || !$('reject-panel').hidden;
  $('return-panel').hidden = true;
  $('reject-panel').hidden = true;
  if (open && state.detail) renderDetail(state.detail);
}

function beijingDate(daysFromNow) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(Date.now() + daysFromNow * 86400000));
}

async function decide(action, body, done) {
  try {
    await request('POST', `${base()}/applications/${encodeURIComponent(state.detail.id)}/${action}`, body, { 'If-Match': state.etag });
    showToast(done);
    location.hash = '';
    await refreshList();
  } catch (e) {
    if (e.status === 412) {
      // Someone else decided first: show what stands now instead of the stale page.
      showTip(problemText(e.problem));
      await openDetail(state.detail.id).catch(fail);
      return;
    }
    showTip(e.status === 400 ? errorsText(e.problem) : problemText(e.problem));
  }
}

function fail(e) {
  showTip(problemText(e && e.problem));
}

start().catch(fail);
