import { $, getJson, sendJson, showTip, dialog } from "../shared.js";
import { problemText, factCell, correctionSummary } from "./common.js";
import { collectForm, fillForm, clearErrors, showErrors, isShown } from "./form.js";
import { uploadControl } from "./uploads.js";

/**
 * 退回补充: the application as submitted, on the entry form; only what the school named can be changed,
 * the documents it asked for are uploaded with the check step's control, and 提交补充 resubmits the whole form.
 */
export async function initCorrection(county, id) {
  const form = $('register-form');
  // Whatever the school asks for is shown, optional or not, in 长辈模式 too.
  document.documentElement.classList.add('show-optional');
  const statusUrl = '/status?id=' + encodeURIComponent(id);
  let found;
  try {
    found = await getJson('/api/parent/applications/' + encodeURIComponent(id) + '/form');
  } catch (e) {
    form.hidden = true;
    const problem = e.problem || {};
    await dialog({
      title: e.status === 404 ? '没有找到这份报名' : (problem.title || '暂时打不开'),
      text: e.status === 404 ? '请用报名时的手机号码登录后，在“我的报名”中查看。' : (problem.detail || problemText(e.problem)),
      buttons: [{ label: '查看我的报名', value: true, primary: true }],
    });
    location.href = e.status === 404 ? '/status' : statusUrl;
    return;
  }

  const childName = found.form.child && found.form.child.name;
  document.title = '补充报名信息';
  $('county-title').textContent = '补充报名信息';
  $('window-text').textContent = childName
    ? `学校退回了${childName}的报名，请按下面的要求修改或上传后，点“提交补充”。`
    : '学校退回了这份报名，请按下面的要求修改或上传后，点“提交补充”。';
  form.classList.add('correction-mode');
  const back = document.querySelector('.status-link');
  back.textContent = '返回我的报名';
  back.href = statusUrl;
  form.querySelector('.form-intro').hidden = true;
  $('checks-section').hidden = true;
  $('register-tips').hidden = true;

  fillForm(county, found.form);
  collectForm(county); // numbers the priority rows' data-field paths, as the server numbers them

  // Only what the school named is editable: that path, or anything under it.
  const allowed = (path) => !!path && found.fields.some((f) => path === f || path.indexOf(f + '.') === 0 || path.indexOf(f + '[') === 0);
  const sameAddress = $('same-address');
  const addressesOpen = allowed('child.mailingAddress') || allowed('child.homeAddress');
  if (sameAddress.checked && allowed('child.currentAddress') && !addressesOpen) {
    // The mailing and home address stay as submitted when only the current address changes.
    sameAddress.checked = false;
    sameAddress.dispatchEvent(new Event('change', { bubbles: true }));
  }
  const documentsSection = $('correction-documents-section');
  form.querySelectorAll('input, select, textarea, button').forEach((control) => {
    if (control.id === 'submit-button' || documentsSection.contains(control)) return;
    const cell = control.closest('[data-field]');
    let open = cell ? allowed(cell.dataset.field) : false;
    if (control === sameAddress) open = addressesOpen;
    if (control.closest('#add-member, [data-remove-member]')) open = allowed('family');
    if (control.closest('#add-priority, [data-remove-priority]')) open = allowed('priorityClaims');
    control.disabled = !open;
    if (!open) delete control.dataset.auto;
  });
  form.querySelectorAll('.add-link, .remove-link').forEach((link) => { if (link.disabled) link.hidden = true; });
  form.querySelectorAll('.weui-cell').forEach((cell) => {
    if (documentsSection.contains(cell)) return;
    const editable = cell.querySelector('input:not([disabled]), select:not([disabled]), textarea:not([disabled])');
    cell.classList.toggle('cell-editable', !!editable);
    cell.classList.toggle('cell-locked', !editable);
  });

  const goTo = (path) => {
    const cell = Array.from(form.querySelectorAll('[data-field]')).find((c) => allowed(c.dataset.field) && c.dataset.field.indexOf(path) === 0 && isShown(c))
      || form.querySelector(`[data-field="documents.${path}"]`);
    if (!cell) return;
    cell.scrollIntoView({ block: 'center', behavior: 'smooth' });
    const control = cell.querySelector('input:not([disabled]):not([type="radio"]), select:not([disabled])');
    if (control) control.focus({ preventScroll: true });
  };
  const banner = $('correction-banner');
  correctionSummary(banner, { message: found.message, deadline: found.deadline, fields: found.fields, documents: found.documents.map((d) => d.name) }, goTo);
  banner.append(Object.assign(document.createElement('p'), { className: 'correction-note', textContent: '可以修改的内容已用黄色标出，其他内容保持原样、不能修改。' }));
  banner.hidden = false;

  // The documents asked for: one row each, with the same upload control as the check step.
  const uploads = {};
  const list = $('correction-document-list');
  const documentRow = (d, doneName) => {
    const done = !!uploads[d.kind];
    const cell = factCell({ kind: d.kind, name: d.name, subject: '补充', status: done ? 'NotMatched' : 'Needed', uploadId: uploads[d.kind],
      statusText: done ? '已上传，点“提交补充”后交给学校审核' : `请上传${d.name}` });
    cell.dataset.field = 'documents.' + d.kind;
    cell.querySelector('.fact-subject').remove();
    cell.querySelector('.weui-cell__bd').append(uploadControl({ documentKind: d.documentKind, documentName: d.name, again: done, doneName }, async (uploadId, name) => {
      uploads[d.kind] = uploadId;
      cell.replaceWith(documentRow(d, name));
      // The message asking for it is answered.
      if (list.nextElementSibling && list.nextElementSibling.classList.contains('field-errors')) list.nextElementSibling.remove();
      $('toptips').classList.remove('weui-toptips_show');
    }));
    return cell;
  };
  for (const d of found.documents) list.append(documentRow(d, null));
  documentsSection.hidden = found.documents.length === 0;

  const button = $('submit-button');
  button.textContent = '提交补充';
  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    clearErrors();
    const collected = collectForm(county);
    const errors = Object.assign({}, collected.errors || {});
    for (const d of found.documents) {
      if (!uploads[d.kind]) errors['documents.' + d.kind] = [`请上传${d.name}。`];
    }
    if (Object.keys(errors).length) {
      showErrors(errors);
      showTip('还没有补充完：请按提示修改标红的内容后再提交，已填写的内容不会丢失。');
      return;
    }
    busy = true;
    button.disabled = true;
    button.classList.add('weui-btn_loading');
    try {
      await sendJson('PUT', '/api/parent/applications/' + encodeURIComponent(id) + '/correction', { form: collected.form, documents: uploads });
      location.href = statusUrl;
      return;
    } catch (e) {
      if (e.status === 400 && e.problem && e.problem.errors) {
        const unplaced = showErrors(e.problem.errors);
        showTip(problemText(e.problem) + (unplaced.length ? ' ' + unplaced.join(' ') : ''));
      } else if (e.status === 409 && e.problem) {
        const back = await dialog({
          title: e.problem.title || '不能补充', text: e.problem.detail || '',
          buttons: [{ label: '留在本页', value: false }, { label: '查看我的报名', value: true, primary: true }],
        });
        if (back) location.href = statusUrl;
      } else {
        showTip(problemText(e.problem));
      }
    } finally {
      busy = false;
      button.disabled = false;
      button.classList.remove('weui-btn_loading');
    }
  });
}
