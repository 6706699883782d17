// 报名回执 (receipt.html?id=): the family's receipt for one application, to show or print for on-site verification.
// The school scans its QR code (or types the code) and sees whether it is genuine and what it names.
import { $, params, getJson, beijingTime } from "../shared.js";
import { problemText } from "./common.js";

async function showReceipt() {
  const id = params.get('id') || '';
  let view;
  try {
    view = await getJson('/api/parent/applications/' + encodeURIComponent(id) + '/receipt');
  } catch (e) {
    $('receipt-missing').hidden = false;
    if (e.problem && e.problem.title) $('receipt-missing-title').textContent = e.problem.title;
    $('receipt-missing-text').textContent = e.problem && e.problem.detail ? e.problem.detail : problemText(e.problem);
    return;
  }
  const r = view.receipt;
  document.title = `报名回执 ${r.applicationId}`;
  $('receipt-county').textContent = `${r.countyName} ${r.enrollmentYear}年`;
  $('receipt-number').textContent = r.applicationId;
  $('receipt-school').textContent = r.schoolName;
  $('receipt-child').textContent = r.childName;
  $('receipt-id-number').textContent = r.documentNumberMasked || '—';
  $('receipt-submitted').textContent = beijingTime(r.submittedAt);
  $('receipt-code').textContent = r.code;
  $('receipt-qr').src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(view.qrSvg);
  $('receipt').hidden = false;
  $('receipt-print').addEventListener('click', () => window.print());
}

showReceipt();
