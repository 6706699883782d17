// 平台运维: sets up a county that does not exist yet and its first bureau officer, whose first password and
// authenticator key are shown once, to be handed over in person. The operator reaches nothing inside a county.
import { $, showTip, showToast, request, errorsText, confirmDialog, signOut } from "./staff.js";

export function start(me) {
  $('platform-me').textContent = me.displayName;
  $('platform-sign-out').addEventListener('click', signOut);
  $('platform-home').hidden = false;
  const now = new Date();
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now));
  $('county-year').replaceChildren(new Option(`${year}年`, year), new Option(`${year + 1}年`, year + 1, true, true));
  $('county-create').addEventListener('click', create);
}

async function create() {
  const stages = [...document.querySelectorAll('input[name="county-stage"]:checked')].map((c) => c.value);
  const body = {
    id: $('county-id').value.trim(),
    name: $('county-name-input').value.trim(),
    divisionCode: $('county-division').value.trim(),
    stages,
    enrollmentYear: Number($('county-year').value),
    officerSignInName: $('county-officer').value.trim(),
    officerDisplayName: $('county-officer-name').value.trim(),
  };
  if (!await confirmDialog(`设立${body.name || '县区'}`, `县区编号 ${body.id} 设立后不能更改，它出现在本县所有网址中。`, '设立')) return;
  try {
    const { body: made } = await request('POST', '/api/staff/platform/counties', body);
    $('toptips').classList.remove('weui-toptips_show');
    $('county-made').hidden = false;
    $('county-made-text').textContent = `${made.name}（${made.divisionCode}）${made.enrollmentYear}年招生已设立。第一位教育局工作人员：${made.officer.account.id}`;
    $('county-made-password').textContent = made.officer.password;
    $('county-made-secret').textContent = made.officer.totpSecret;
    $('county-made-next').textContent = `请当面交给对方。对方登录后，在配置中导入学校、划片范围和招生计划（${made.importAt}），再发布公开信息。`;
    showToast('已设立');
  } catch (e) {
    showTip(errorsText(e.problem));
  }
}
