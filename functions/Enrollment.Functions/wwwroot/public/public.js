// 阳光招生: the public pages (county, school, address lookup). No sign-in; an ES module, no build step, works in WeChat's browser.
import { $, params, el, showTip, getJson, problemText } from "../js/shared.js";

const q = encodeURIComponent;
const tel = (number) => el('a', { href: 'tel:' + number, className: 'tel' }, number);

async function countyId() {
  if (params.get('county')) return params.get('county');
  return (await getJson('/api/public/config')).defaultCountyId;
}

function section(title, ...content) {
  return el('section', { className: 'public-section' },
    el('h2', { className: 'public-section__title' }, title), ...content);
}

// What every page repeats: the county's policy, conditions, calendar, procedure, materials and whom to call.
function renderCommon(county) {
  const host = document.querySelector('[data-render="common"]');
  host.textContent = '';
  if (county.policySummary) host.append(section('招生政策', el('div', { className: 'public-card' }, el('p', {}, county.policySummary))));
  host.append(section('入学条件', el('div', { className: 'public-card' },
    el('ul', { className: 'public-list', id: 'conditions' }, ...county.conditions.map((c) => el('li', {}, c))))));
  host.append(section('报名时间', el('div', { className: 'weui-cells', id: 'timeline' }, ...county.timeline.map((step) =>
    el('div', { className: 'weui-cell timeline-step' },
      el('div', { className: 'weui-cell__bd' }, el('p', {}, step.name), el('p', { className: 'timeline-text' }, step.text)),
      el('div', { className: 'weui-cell__ft state state_' + step.state }, { NotYetOpen: '未开始', Open: '进行中', Closed: '已结束', Paused: '暂停' }[step.state]))))));
  if (county.procedure.length) {
    host.append(section('报名流程', el('div', { className: 'public-card' },
      el('ol', { className: 'public-list public-list_steps', id: 'procedure' }, ...county.procedure.map((p) => el('li', {}, p))))));
  }
  if (county.materials.length) {
    host.append(section('材料清单',
      el('p', { className: 'section-note' }, '标有“部门核验”的材料由教育局通过数据共享向有关部门核验，核验通过的无需上传；核验不上时，页面会提示您拍照上传。'),
      el('div', { className: 'weui-cells', id: 'materials' }, ...county.materials.map((m) =>
        el('div', { className: 'weui-cell material' },
          el('div', { className: 'weui-cell__bd' }, el('p', {}, m.name), el('p', { className: 'material-who' }, m.whoNeedsIt)),
          m.confirmedByDataSharing ? el('div', { className: 'weui-cell__ft' }, el('span', { className: 'tag tag_green' }, '部门核验')) : null)))));
  }
  const c = county.complaints;
  host.append(section('咨询与举报', el('div', { className: 'public-card', id: 'complaints' }, ...(c
    ? [
      el('p', {}, '招生热线（政策咨询、举报申诉）：', tel(c.hotline)),
      el('p', {}, '信访接待：' + c.receptionAddress),
      el('p', {}, '网上举报申诉：' + c.online),
    ]
    : [el('p', {}, '请拨打学校招生咨询电话，或到县教育局咨询。')]))));
}

// 通知公告、政策问答、情况说明, newest first with their dates; each opens to its full text.
async function announcements(county) {
  const list = await getJson(`/api/public/counties/${q(county.id)}/announcements`);
  const box = $('announcements');
  box.textContent = '';
  $('announcements-section').hidden = list.length === 0;
  const date = (at) => new Date(at).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' });
  box.append(...list.map((a) => el('details', { className: 'announcement' },
    el('summary', {}, el('span', { className: 'tag' + (a.kind === 'Statement' ? ' tag_orange' : '') }, a.kindText), ' ', a.title,
      el('span', { className: 'announcement-date' }, date(a.publishedAt))),
    el('p', { className: 'announcement-body' }, a.body))));
}

function schoolCell(county, school) {
  return el('a', { className: 'weui-cell weui-cell_access school-cell', href: `/public/school.html?county=${q(county.id)}&school=${q(school.id)}` },
    el('div', { className: 'weui-cell__bd' },
      el('p', {}, school.name, el('span', { className: 'tag' + (school.kind === 'Private' ? ' tag_orange' : '') }, school.kindText)),
      el('p', { className: 'school-meta' }, `招生${school.places}人 · ${school.catchment}`)),
    el('div', { className: 'weui-cell__ft' }));
}

async function countyPage() {
  const id = await countyId();
  const page = await getJson(`/api/public/counties/${q(id)}/information`);
  const county = page.county;
  document.title = `${county.name}${county.enrollmentYear}年义务教育招生信息公开`;
  $('page-title').textContent = `${county.name}${county.enrollmentYear}年小学招生`;
  $('page-lead').textContent = '招生政策、划片范围、报名时间、材料清单和咨询举报电话，报名前请仔细阅读。';
  $('lookup-link').href = `/public/lookup.html?county=${q(county.id)}`;
  $('register-link').href = `/?county=${q(county.id)}`;
  $('school-list').append(...page.schools.map((s) => schoolCell(county, s)));
  await announcements(county);
  renderCommon(county);
  $('county-sections').hidden = false;
}

async function schoolPage() {
  const id = await countyId();
  const page = await getJson(`/api/public/counties/${q(id)}/schools/${q(params.get('school') || '')}`);
  const { county, school } = page;
  document.title = `${school.name} ${county.enrollmentYear}年招生信息`;
  $('county-name').textContent = `${county.name}招生信息`;
  $('county-link').href = `/public/?county=${q(county.id)}`;
  $('page-title').textContent = school.name;
  $('page-lead').textContent = '';
  $('page-lead').append(el('span', { className: 'tag' + (school.kind === 'Private' ? ' tag_orange' : '') }, school.kindText),
    ` ${school.address} · 招生咨询电话 `, tel(school.hotline));
  $('school-plan').textContent = `今年招生 ${school.places} 人，${school.classes} 个班，每班不超过45人。`;
  $('school-catchment').textContent = school.kind === 'Private' ? school.catchment : '划片范围（以户籍或实际居住地为准）：';
  $('school-communities').append(...school.communities.map((c) => el('li', {}, c)));
  // The school's own rules as the bureau published them; a school without its own follows the county's.
  $('school-rules').textContent = school.rules || '';
  $('rules-section').hidden = !school.rules;
  $('register-link').href = `/?county=${q(county.id)}&school=${q(school.id)}`;
  // An oversubscribed private school admits by the bureau's lottery, whose list and result anyone may check.
  $('lottery-link').href = `/public/lottery.html?county=${q(county.id)}&school=${q(school.id)}`;
  $('lottery-link').hidden = school.kind !== 'Private';
  $('lookup-link').href = `/public/lookup.html?county=${q(county.id)}`;
  renderCommon(county);
  $('school-sections').hidden = false;
  await newStudents(county, school);
}

async function newStudents(county, school) {
  const box = $('new-students');
  box.textContent = '';
  try {
    const list = await getJson(`/api/public/counties/${q(county.id)}/schools/${q(school.id)}/new-students`);
    box.append(el('p', { className: 'new-students-count' }, `共 ${list.count} 人。为保护孩子隐私，姓名只显示首尾字。`),
      el('ul', { className: 'name-grid', id: 'new-student-names' }, ...list.maskedNames.map((n) => el('li', {}, n))));
  } catch (e) {
    if (!e.problem || !e.problem.title) throw e;
    box.append(el('p', { className: 'not-published' }, el('strong', {}, e.problem.title)), el('p', { className: 'muted' }, e.problem.detail));
  }
}

async function lookupPage() {
  const id = await countyId();
  const page = await getJson(`/api/public/counties/${q(id)}/information`);
  $('county-name').textContent = `${page.county.name}招生信息`;
  $('county-link').href = `/public/?county=${q(page.county.id)}`;
  const input = $('lookup-address');
  const run = async () => {
    const address = input.value.trim();
    $('lookup-button').disabled = true;
    try {
      const answer = await getJson(`/api/public/counties/${q(page.county.id)}/catchment?address=${q(address)}`);
      // Phone numbers in the answer become tap-to-call links that never break across lines.
      $('lookup-answer').textContent = '';
      $('lookup-answer').append(...answer.text.split(/(\d{3,4}-\d{7,8})/).map((part, i) => (i % 2 ? tel(part) : part)));
      $('lookup-answer').className = 'lookup-answer' + (answer.matches.length ? '' : ' lookup-answer_none');
      $('lookup-matches').textContent = '';
      $('lookup-matches').hidden = !answer.matches.length;
      $('lookup-matches').append(...answer.matches.map((m) =>
        el('a', { className: 'weui-cell weui-cell_access lookup-match', href: `/public/school.html?county=${q(page.county.id)}&school=${q(m.schoolId)}` },
          el('div', { className: 'weui-cell__bd' },
            el('p', {}, m.schoolName, el('span', { className: 'tag' }, m.kindText)),
            el('p', { className: 'school-meta' }, `划片范围：${m.community}`),
            el('p', { className: 'school-meta' }, `${m.address} · 电话 ${m.hotline}`)),
          el('div', { className: 'weui-cell__ft' }))));
      $('lookup-result').hidden = false;
      history.replaceState(null, '', `?county=${q(page.county.id)}&address=${q(address)}`);
    } catch (e) {
      // An answer to an earlier address must not stand beside this one's problem.
      $('lookup-result').hidden = true;
      showTip(problemText(e.problem));
    } finally {
      $('lookup-button').disabled = false;
    }
  };
  $('lookup-form').addEventListener('submit', (event) => {
    event.preventDefault();
    input.blur();
    run();
  });
  if (params.get('address')) {
    input.value = params.get('address');
    await run();
  }
}

const pages = { county: countyPage, school: schoolPage, lookup: lookupPage };
const root = document.querySelector('[data-page]');
pages[root.dataset.page]().catch((e) => {
  // Nothing to register for or look up when the county or school is unknown: only the way back stays.
  for (const footer of document.querySelectorAll('.public-footer')) footer.hidden = true;
  $('page-lead') ? ($('page-lead').textContent = problemText(e.problem)) : showTip(problemText(e.problem));
});
