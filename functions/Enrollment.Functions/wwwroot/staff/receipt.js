// 现场核验: a family's registration receipt (报名回执), scanned at the school (#receipt/{school}/{application}/{code}):
// whether it is genuine, what it names, and the application itself one tap away.
import { $, request, problemText, formatTime } from "./staff.js";

export async function check(schoolId, applicationId, code) {
  $('receipt-check').hidden = false;
  const result = $('receipt-result');
  $('receipt-open').href = `/staff/?school=${encodeURIComponent(schoolId)}#/a/${encodeURIComponent(applicationId)}`;
  try {
    const r = (await request('GET', `/api/staff/schools/${encodeURIComponent(schoolId)}/receipts/${encodeURIComponent(applicationId)}?code=${encodeURIComponent(code)}`)).body;
    result.textContent = '回执真实有效';
    result.className = 'gate-card__result gate-card__result_ok';
    $('receipt-name').textContent = r.childName;
    $('receipt-text').textContent = `${r.schoolName} · 报名编号 ${r.applicationId} · ${formatTime(r.submittedAt)} 提交 · ${r.statusText}。请核对户口簿等原件。`;
    $('receipt-open').hidden = false;
  } catch (e) {
    result.textContent = '回执无法核验';
    result.className = 'gate-card__result gate-card__result_bad';
    $('receipt-text').textContent = e.problem && e.problem.detail ? e.problem.detail : problemText(e.problem);
  }
}
