import { $, getJson, request, showTip, dialog } from "../shared.js";
import { problemText } from "./common.js";
import { collectForm, submission, showErrors } from "./form.js";

/**
 * Staff register a family: signed in on the staff page, they fill the same form, confirm the guardian's consent on
 * paper, and photograph any document a department could not confirm, uploaded for the guardian's mobile number.
 */
export async function initAssisted(county, schoolId) {
  const form = $('register-form');
  let me;
  try {
    me = await getJson('/api/staff/me');
  } catch (e) {
    $('window-text').append(document.createElement('br'), Object.assign(document.createElement('a'), { href: '/staff/', textContent: '代为报名请先登录招生审核页面' }));
    return;
  }
  $('assist-who').textContent = `${me.displayName} 代监护人填写。报名归属于监护人的手机号码，监护人可凭该号码短信登录查看进度。`;
  $('assist-section').hidden = false;
  // The departments are asked on submitting; what they cannot confirm is photographed here (no draft is kept at a desk).
  $('checks-section').hidden = true;
  form.hidden = false;
  const documents = {};
  const base = `/api/staff/schools/${encodeURIComponent(schoolId)}`;
  const guardianMobile = () => (collectForm(county).form.family || []).map((m) => m.mobile).find(Boolean);
  const send = async (url, body, headers) => (await request('POST', url, body, headers)).body;

  // A document a department could not confirm: photographed here and kept for the guardian.
  const askFor = (facts) => {
    const list = $('assist-documents');
    list.replaceChildren();
    for (const fact of facts.filter((f) => f.needsDocument && !documents[f.kind])) {
      const cell = Object.assign(document.createElement('label'), { className: 'weui-cell weui-cell_active assist-document' });
      const input = Object.assign(document.createElement('input'), { type: 'file', accept: 'image/jpeg,image/png,application/pdf', className: 'assist-file' });
      input.dataset.kind = fact.kind;
      cell.append(Object.assign(document.createElement('div'), { className: 'weui-cell__bd', textContent: '拍照上传：' + fact.documentName }), input);
      input.addEventListener('change', async () => {
        const file = input.files[0];
        if (!file) return;
        try {
          const mobile = guardianMobile();
          const slot = await send(`${base}/assisted-uploads`, { mobile, kind: fact.documentKind, contentType: file.type, length: file.size });
          const put = await fetch(slot.uploadUrl, { method: 'PUT', headers: slot.requiredHeaders, body: file });
          if (!put.ok) throw Object.assign(new Error('upload failed'), { problem: null });
          await send(`${base}/assisted-uploads/${encodeURIComponent(slot.uploadId)}/accept`, { mobile });
          documents[fact.kind] = slot.uploadId;
          cell.replaceChildren(Object.assign(document.createElement('div'), { className: 'weui-cell__bd', textContent: fact.documentName + '：已上传' }));
        } catch (e) {
          showTip(problemText(e.problem));
        }
      });
      list.append(cell);
    }
  };

  const next = submission(county);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const ready = next();
    if (!ready) return;
    const { collected, key } = ready;
    const button = $('submit-button');
    button.disabled = true;
    try {
      const created = await send(`${base}/assisted-applications`, { form: collected.form, guardianConsented: $('assist-consent').checked, documents }, { 'Idempotency-Key': key });
      await dialog({
        title: '代为报名已提交',
        text: `报名编号 ${created.id}。请告知监护人：用手机号码 ${guardianMobile()} 短信登录即可查看进度，结果也会短信通知。`,
        buttons: [{ label: '继续下一位', value: true, primary: true }],
      });
      location.reload();
    } catch (e) {
      if (e.status === 422 && e.problem && /\/documents-needed$/.test(e.problem.type || '')) askFor(e.problem.facts || []);
      const unplaced = e.problem && e.problem.errors ? showErrors(e.problem.errors) : [];
      showTip(problemText(e.problem) + (unplaced.length ? ' ' + unplaced.join(' ') : ''));
    } finally {
      button.disabled = false;
    }
  });
}
