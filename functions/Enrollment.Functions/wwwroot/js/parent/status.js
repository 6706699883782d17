// The status page's cards: one per application, with what its state means, the timeline, the checks, the lottery
// and a place offered, the admission notice, and withdrawal while it is allowed.
import { $, params, showTip, getJson, postJson, beijingTime, dialog } from "../shared.js";
import { problemText, factCell, correctionSummary } from "./common.js";

// What the status card calls the child's document number.
const DOCUMENT_NAMES = {
  ResidentId: '身份证号', HongKongPermit: '通行证号', MacaoPermit: '通行证号', TaiwanPermit: '通行证号',
  ForeignPermanentResidence: '永久居留证', Passport: '护照号码', Other: '证件',
};

const WHO = { Parent: '家长', School: '学校', Bureau: '教育局', System: '系统' };
const STATUS_ICONS = {
  Submitted: 'weui-icon-success', Eligible: 'weui-icon-success', Admitted: 'weui-icon-success',
  Checking: 'weui-icon-waiting', UnderReview: 'weui-icon-waiting', LotteryPending: 'weui-icon-waiting', Waitlisted: 'weui-icon-waiting',
  ReturnedForCorrection: 'weui-icon-warn', Rejected: 'weui-icon-warn', NotAdmitted: 'weui-icon-warn', Withdrawn: 'weui-icon-info',
  Offered: 'weui-icon-info', Declined: 'weui-icon-info',
};
const WITHDRAWABLE = ['Submitted', 'Checking', 'UnderReview', 'ReturnedForCorrection'];
const LOTTERY_OUTCOMES = { Offered: '获得学位，待您确认', Admitted: '已录取', Waitlisted: '候补（有人放弃时按顺序递补）', Declined: '已放弃' };

/** A place the lottery offered: confirm it, or give it up so the next family on the waitlist gets it now. */
function wireOffer(card, a, context) {
  const box = card.querySelector('.status-offer');
  box.querySelector('.offer-deadline').textContent = `请在 ${beijingTime(a.lottery.offerExpires)} 前确认；逾期未确认视为放弃，学位将按顺序递补给候补家庭。`;
  const respond = async (accept, button) => {
    const sure = await dialog(accept
      ? { title: '确认入学？', text: `确认后，${a.childName}被${a.schoolName}录取。`, buttons: [{ label: '再想想', value: false }, { label: '确认入学', value: true, primary: true }] }
      : { title: '确定放弃这个学位吗？', text: `放弃后不能恢复，学位会马上递补给下一位候补家庭；${a.childName}将按规定安排到对应的公办学校。`,
        buttons: [{ label: '再想想', value: false }, { label: '确定放弃', value: true, primary: true, warn: true }] });
    if (!sure) return;
    button.disabled = true;
    button.classList.add('weui-btn_loading');
    try {
      renderCard(card, await postJson('/api/parent/applications/' + encodeURIComponent(a.id) + '/offer', { accept }), context);
    } catch (e) {
      button.disabled = false;
      button.classList.remove('weui-btn_loading');
      showTip(problemText(e.problem));
    }
  };
  box.querySelector('.offer-accept').addEventListener('click', (event) => respond(true, event.currentTarget));
  box.querySelector('.offer-decline').addEventListener('click', (event) => respond(false, event.currentTarget));
  box.hidden = false;
}

export async function showStatus() {
  let applications;
  try {
    applications = await getJson('/api/parent/applications');
  } catch (e) {
    if (e.status === 401) {
      $('status-signed-out').hidden = false;
      return;
    }
    showTip(problemText(e.problem));
    return;
  }
  if (applications.length === 0) {
    $('status-empty').hidden = false;
    return;
  }
  // Hotlines come from the county's published information, so they are always the current ones.
  const hotlines = {};
  const schoolNames = {};
  for (const countyId of new Set(applications.map((a) => a.countyId))) {
    try {
      for (const s of (await getJson('/api/public/counties/' + encodeURIComponent(countyId))).schools) {
        hotlines[s.id] = s.hotline;
        schoolNames[s.id] = s.name;
      }
    } catch (e) { /* the card still shows without the hotline */ }
  }
  const highlighted = params.get('id');
  applications.sort((a, b) => (a.id === highlighted ? -1 : b.id === highlighted ? 1 : 0));
  const list = $('status-list');
  list.textContent = '';
  for (const a of applications) {
    const card = document.createElement('div');
    card.className = 'status-card';
    card.dataset.applicationId = a.id;
    renderCard(card, a, { hotlines, schoolNames });
    list.append(card);
  }
}

/** 入学通知书: the school, when to report, and the code and QR code the school gate checks. */
async function showNotice(card, a) {
  let n;
  try {
    n = await getJson('/api/parent/applications/' + encodeURIComponent(a.id) + '/notice');
  } catch (e) {
    return; // The status above already says the child is admitted; the notice shows on the next visit.
  }
  const box = card.querySelector('.status-notice');
  box.querySelector('.notice-card__title').textContent = `${n.notice.childName}：${n.notice.enrollmentYear}年秋季入学 ${n.notice.schoolName}`;
  box.querySelector('.notice-checkin').textContent = n.notice.checkIn
    ? `请于 ${beijingTime(n.notice.checkIn.opens)} 至 ${beijingTime(n.notice.checkIn.closes)} 带上户口簿等原件到学校报到（${n.notice.schoolAddress}）。`
    : `报到时间由学校另行通知（${n.notice.schoolAddress}，电话 ${n.notice.schoolHotline}）。`;
  box.querySelector('.notice-card__qr').src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(n.qrSvg);
  box.querySelector('.notice-code').textContent = n.notice.code;
  if (n.notice.checkedInAt) {
    const done = box.querySelector('.notice-checked-in');
    done.textContent = `已于 ${beijingTime(n.notice.checkedInAt)} 完成报到。`;
    done.hidden = false;
  }
  box.hidden = false;
}

/** One application: what its state means and who acts next, the timeline, the checks, and withdrawal while allowed. */
function renderCard(card, a, context) {
  card.dataset.status = a.status;
  card.innerHTML = `
    <div class="weui-msg">
      <div class="weui-msg__icon-area"><i class="weui-icon_msg status-icon" aria-hidden="true"></i></div>
      <div class="weui-msg__text-area">
        <h2 class="weui-msg__title status-text"></h2>
        <p class="weui-msg__desc status-help"></p>
      </div>
    </div>
    <div class="status-guide">
      <div class="guide-row"><span class="guide-label">下一步</span><span class="guide-text next-step"></span></div>
      <div class="guide-row"><span class="guide-label">您可以</span><span class="guide-text parent-can-do"></span></div>
    </div>
    <div class="correction-box" hidden>
      <div class="correction-summary"></div>
      <a class="weui-btn weui-btn_primary correction-go">去补充</a>
    </div>
    <div class="weui-cells">
      <div class="weui-cell"><div class="weui-cell__bd">申请编号</div><div class="weui-cell__ft application-number"></div></div>
      <div class="weui-cell"><div class="weui-cell__bd">报名学校</div><div class="weui-cell__ft school"></div></div>
      <div class="weui-cell" hidden><div class="weui-cell__bd">同时报名</div><div class="weui-cell__ft other-schools"></div></div>
      <div class="weui-cell"><div class="weui-cell__bd">孩子</div><div class="weui-cell__ft child"></div></div>
      <div class="weui-cell"><div class="weui-cell__bd id-number-label">证件号码</div><div class="weui-cell__ft id-number"></div></div>
      <div class="weui-cell"><div class="weui-cell__bd">提交时间</div><div class="weui-cell__ft submitted"></div></div>
      <div class="weui-cell" hidden><div class="weui-cell__bd">分班</div><div class="weui-cell__ft class-number"></div></div>
    </div>
    <div class="receipt-link-area" hidden><a class="weui-btn weui-btn_default status-receipt">报名回执（现场核验时出示）</a></div>
    <div class="status-lottery" hidden>
      <h3 class="status-subtitle">随机派位</h3>
      <div class="weui-cells">
        <div class="weui-cell"><div class="weui-cell__bd">派位编号</div><div class="weui-cell__ft lottery-pseudonym"></div></div>
        <div class="weui-cell" hidden><div class="weui-cell__bd">派位顺序</div><div class="weui-cell__ft lottery-position"></div></div>
        <div class="weui-cell" hidden><div class="weui-cell__bd">派位结果</div><div class="weui-cell__ft lottery-outcome"></div></div>
      </div>
      <p class="status-lottery__tip"></p>
      <div class="status-opr status-offer" hidden>
        <p class="status-opr__tip offer-deadline"></p>
        <button type="button" class="weui-btn weui-btn_primary offer-accept">确认入学</button>
        <button type="button" class="weui-btn weui-btn_default offer-decline">放弃学位</button>
      </div>
    </div>
    <div class="status-notice" hidden>
      <h3 class="status-subtitle">入学通知书</h3>
      <div class="notice-card">
        <p class="notice-card__title"></p>
        <p class="notice-card__text notice-checkin"></p>
        <img class="notice-card__qr" alt="入学通知书二维码，报到时请出示给学校工作人员扫描" width="200" height="200">
        <p class="notice-card__code">通知书编号 <strong class="notice-code"></strong></p>
        <p class="notice-card__text notice-checked-in" hidden></p>
      </div>
    </div>
    <h3 class="status-subtitle">办理进度</h3>
    <ol class="timeline"></ol>
    <div class="status-facts" hidden>
      <h3 class="status-subtitle">信息核验</h3>
      <div class="weui-cells fact-list"></div>
    </div>
    <div class="status-opr" hidden>
      <button type="button" class="weui-btn weui-btn_default withdraw-button">撤回报名</button>
      <p class="status-opr__tip">报名截止前可以撤回；撤回后，截止前还可以重新报名。</p>
    </div>
    <div class="status-opr status-opr_reapply" hidden>
      <a class="weui-btn weui-btn_primary status-reapply">重新报名</a>
    </div>`;
  card.querySelector('.status-icon').classList.add(STATUS_ICONS[a.status] || 'weui-icon-info');
  card.querySelector('.status-text').textContent = a.statusText + (a.status === 'Submitted' ? '，等待学校审核' : '');
  const help = card.querySelector('.status-help');
  help.append(a.statusMeaning || '');
  if (a.status !== 'Withdrawn') help.append('审核结果会短信通知您，请留意。');
  const hotline = context.hotlines[a.schoolId];
  if (hotline) {
    help.append(Object.assign(document.createElement('br')), '信息填错了或有疑问？请拨打学校招生咨询电话 ',
      Object.assign(document.createElement('a'), { href: 'tel:' + hotline, textContent: hotline }), '。');
  }
  if (a.status === 'ReturnedForCorrection' && a.correction) {
    const box = card.querySelector('.correction-box');
    const late = correctionSummary(box.querySelector('.correction-summary'), a.correction);
    const go = box.querySelector('.correction-go');
    go.href = '/?county=' + encodeURIComponent(a.countyId) + '&correct=' + encodeURIComponent(a.id);
    go.hidden = late;
    box.hidden = false;
  }
  card.querySelector('.next-step').textContent = a.nextStep || '';
  card.querySelector('.next-step').parentElement.hidden = !a.nextStep || a.nextStep === '无';
  card.querySelector('.parent-can-do').textContent = a.parentCanDo || '';
  card.querySelector('.application-number').textContent = a.id;
  card.querySelector('.school').textContent = a.schoolName;
  card.querySelector('.child').textContent = `${a.childName}（${a.childSex}，${a.childBirthDate}）`;
  const others = (a.schoolIds || []).filter((id) => id !== a.schoolId);
  if (others.length > 0) {
    const cell = card.querySelector('.other-schools');
    cell.textContent = others.map((id) => context.schoolNames[id] || id).join('、');
    cell.parentElement.hidden = false;
  }
  card.querySelector('.id-number-label').textContent = DOCUMENT_NAMES[a.childDocumentType] || '证件号码';
  card.querySelector('.id-number').textContent = a.childDocumentNumberMasked || '暂无证件';
  card.querySelector('.submitted').textContent = beijingTime(a.submittedAt);
  if (a.class) {
    card.querySelector('.class-number').textContent = `${a.class}班（均衡分班，结果已公开）`;
    card.querySelector('.class-number').parentElement.hidden = false;
  }

  if (a.lottery) {
    const box = card.querySelector('.status-lottery');
    box.querySelector('.lottery-pseudonym').textContent = a.lottery.pseudonym;
    const tip = box.querySelector('.status-lottery__tip');
    if (a.lottery.position) {
      box.querySelector('.lottery-position').textContent = `第 ${a.lottery.position} 位`;
      box.querySelector('.lottery-outcome').textContent = LOTTERY_OUTCOMES[a.status] || (a.lottery.offered ? '获得学位' : '候补（有人放弃时按顺序递补）');
      box.querySelector('.lottery-position').parentElement.hidden = false;
      box.querySelector('.lottery-outcome').parentElement.hidden = false;
      tip.append('派位全过程已公开，任何人都可以核对：',
        Object.assign(document.createElement('a'), { href: a.lottery.transcriptUrl, textContent: '查看派位记录' }), '（用派位编号找到您家孩子），或',
        Object.assign(document.createElement('a'), {
          href: `/public/lottery.html?county=${encodeURIComponent(a.countyId)}&school=${encodeURIComponent(a.schoolId)}`, textContent: '在手机上重新计算核对',
        }), '。');
    } else {
      tip.textContent = '名单已冻结并公开，派位编号用来在公开名单中找到您家孩子；派位结果出来后会在这里显示。';
    }
    box.hidden = false;
    if (a.status === 'Offered') wireOffer(card, a, context);
  }

  if (a.status === 'Admitted') showNotice(card, a);

  // Newest first: the top line is where the application stands now.
  const timeline = card.querySelector('.timeline');
  (a.timeline || []).slice().reverse().forEach((entry, i) => {
    const item = document.createElement('li');
    item.className = 'timeline-item' + (i === 0 ? ' timeline-item_current' : '');
    item.append(Object.assign(document.createElement('p'), { className: 'timeline-text', textContent: entry.text }),
      Object.assign(document.createElement('p'), { className: 'timeline-meta', textContent: `${beijingTime(entry.at)} · ${WHO[entry.by] || entry.by}` }));
    if (entry.note) item.append(Object.assign(document.createElement('p'), { className: 'timeline-note', textContent: entry.note }));
    timeline.append(item);
  });

  const facts = a.facts || [];
  if (facts.length > 0) {
    const list = card.querySelector('.status-facts .fact-list');
    for (const f of facts) list.append(factCell(f));
    card.querySelector('.status-facts').hidden = false;
  }

  // 报名回执: for on-site verification at the school, while the application stands.
  const receipt = card.querySelector('.status-receipt');
  receipt.href = '/receipt.html?id=' + encodeURIComponent(a.id);
  card.querySelector('.receipt-link-area').hidden = a.status === 'Withdrawn';

  const opr = card.querySelector('.status-opr:not(.status-offer)');
  opr.hidden = !WITHDRAWABLE.includes(a.status);
  if (a.status === 'Withdrawn') {
    card.querySelector('.status-reapply').href = '/?county=' + encodeURIComponent(a.countyId) + '&school=' + encodeURIComponent(a.schoolId);
    card.querySelector('.status-opr_reapply').hidden = false;
  }
  const button = card.querySelector('.withdraw-button');
  button.addEventListener('click', async () => {
    const sure = await dialog({
      title: '确定撤回这份报名吗？',
      text: `撤回后，学校不再审核${a.childName}的这份报名。报名截止前，您还可以重新填写报名。`,
      buttons: [{ label: '再想想', value: false }, { label: '确定撤回', value: true, primary: true, warn: true }],
    });
    if (!sure) return;
    button.disabled = true;
    button.classList.add('weui-btn_loading');
    try {
      renderCard(card, await postJson('/api/parent/applications/' + encodeURIComponent(a.id) + '/withdraw'), context);
      card.scrollIntoView({ block: 'start' });
    } catch (e) {
      button.disabled = false;
      button.classList.remove('weui-btn_loading');
      if (e.status === 409 && e.problem) {
        await dialog({ title: e.problem.title || '不能撤回', text: e.problem.detail || '', buttons: [{ label: '知道了', value: true, primary: true }] });
      } else {
        showTip(problemText(e.problem));
      }
    }
  });
}
