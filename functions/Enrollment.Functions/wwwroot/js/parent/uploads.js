// 信息核验 and uploads: the draft's facts checked with the departments, and for each one they could not confirm, a
// photo or PDF sent straight to storage with a progress bar (the same control serves a correction's documents).
import { $, showTip, postJson, accept } from "../shared.js";
import { problemText, factCell } from "./common.js";
import { collectForm, clearErrors, readResidentId } from "./form.js";

const UPLOAD_TYPES = ['image/jpeg', 'image/png', 'application/pdf'];
const UPLOAD_ACCEPT = UPLOAD_TYPES.join(',');
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** The type storage is told, from the file or, when a phone gives none, from its name. */
function uploadType(file) {
  let type = (file.type || '').toLowerCase();
  if (type === 'image/jpg' || type === 'image/pjpeg') type = 'image/jpeg';
  if (UPLOAD_TYPES.includes(type)) return type;
  if (type) return null;
  const extension = (file.name || '').split('.').pop().toLowerCase();
  return { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', pdf: 'application/pdf' }[extension] || null;
}

/** PUT straight to storage, reporting progress; XMLHttpRequest because fetch cannot tell how much was sent. */
function putWithProgress(url, headers, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const name of Object.keys(headers || {})) xhr.setRequestHeader(name, headers[name]);
    // Sent is not yet stored: 100% only when storage has answered.
    xhr.upload.onprogress = (e) => { if (e.lengthComputable && e.total > 0) onProgress(Math.min(99, Math.floor((e.loaded / e.total) * 100))); };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(100);
        resolve();
      } else {
        reject(Object.assign(new Error('upload failed'), { upload: true, status: xhr.status }));
      }
    };
    xhr.onerror = () => reject(Object.assign(new Error('upload failed'), { upload: true, status: 0 }));
    xhr.ontimeout = xhr.onerror;
    xhr.send(file);
  });
}


/**
 * The upload control of one document: camera or album, straight to storage with a progress bar, then
 * checked by the app; `attach(uploadId, fileName)` hands the accepted upload to the step that asked
 * for it (the check step's draft, or a correction). `item`: documentKind, documentName, again, doneName.
 */
export function uploadControl(item, attach) {
  const box = document.createElement('div');
  box.className = 'fact-upload';
  const again = !!item.again;
  box.innerHTML = `
    <div class="fact-upload__buttons">
      <label class="weui-btn ${again ? 'weui-btn_default' : 'weui-btn_primary'} upload-btn"><span></span><input type="file" class="fact-file fact-file-camera" accept="${UPLOAD_ACCEPT}" capture="environment"></label>
      <label class="weui-btn weui-btn_default upload-btn"><span></span><input type="file" class="fact-file fact-file-pick" accept="${UPLOAD_ACCEPT}"></label>
    </div>
    <p class="fact-upload__hint"></p>
    <div class="upload-progress" hidden>
      <div class="weui-progress"><div class="weui-progress__bar"><div class="weui-progress__inner-bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0" style="width:0%"></div></div></div>
      <p class="upload-progress__text"></p>
    </div>
    <p class="fact-upload__error" role="alert" hidden></p>`;
  const labels = box.querySelectorAll('.upload-btn span');
  labels[0].textContent = again ? '重新拍照' : '拍照上传';
  labels[1].textContent = again ? '重新选择' : '从相册选择';
  box.querySelector('.fact-upload__hint').textContent = again
    ? '上传错了可以重新上传，以最后一次为准。'
    : `请上传“${item.documentName}”的照片或PDF，拍清楚、拍完整即可，不超过10 MB。`;
  if (item.doneName) {
    box.querySelector('.upload-progress').hidden = false;
    uploadProgress(box, 100, `上传完成：${item.doneName}`);
    box.querySelector('.upload-progress').classList.add('upload-progress_done');
  }
  for (const input of box.querySelectorAll('.fact-file')) {
    input.addEventListener('change', () => {
      const file = input.files && input.files[0];
      if (file) uploadFile(item, file, box, attach);
    });
  }
  return box;
}

function uploadProgress(box, percent, label) {
  const bar = box.querySelector('.weui-progress__inner-bar');
  bar.style.width = percent + '%';
  bar.setAttribute('aria-valuenow', String(percent));
  box.querySelector('.upload-progress').dataset.progress = String(percent);
  box.querySelector('.upload-progress__text').textContent = label || `正在上传 ${percent}%，请不要离开本页`;
}

async function uploadFile(item, file, box, attach) {
  const error = box.querySelector('.fact-upload__error');
  const bar = box.querySelector('.upload-progress');
  const inputs = box.querySelectorAll('input');
  const fail = (message) => {
    error.textContent = message;
    error.hidden = false;
    bar.hidden = true;
    inputs.forEach((input) => { input.disabled = false; input.value = ''; });
    box.classList.remove('fact-upload_busy');
  };
  error.hidden = true;
  const type = uploadType(file);
  if (!type) return fail('不支持这种文件：请上传照片（JPG、PNG）或PDF文件。苹果手机请在“设置—相机—格式”中选择“兼容性最佳”后重新拍照。');
  if (file.size === 0) return fail('文件是空的，请重新拍照或选择文件。');
  if (file.size > MAX_UPLOAD_BYTES) return fail(`文件太大（${(file.size / 1048576).toFixed(1)} MB），请上传不超过 10 MB 的照片或PDF，直接用手机拍照一般就可以。`);
  inputs.forEach((input) => { input.disabled = true; });
  box.classList.add('fact-upload_busy');
  bar.hidden = false;
  bar.classList.remove('upload-progress_done');
  uploadProgress(box, 0, '正在准备上传…');
  try {
    const slot = await postJson('/api/parent/uploads', { kind: item.documentKind, contentType: type, length: file.size });
    if (file.size > slot.maxBytes) return fail(`文件太大，请上传不超过 ${Math.floor(slot.maxBytes / 1048576)} MB 的照片或PDF。`);
    await putWithProgress(slot.uploadUrl, slot.requiredHeaders, file, (percent) => uploadProgress(box, percent));
    uploadProgress(box, 100, '上传完成，正在检查文件…');
    await postJson('/api/parent/uploads/' + encodeURIComponent(slot.uploadId) + '/accept');
    await attach(slot.uploadId, file.name || '照片');
  } catch (e) {
    if (e.upload) {
      fail(e.status === 403 ? '上传链接已过期，请重新选择文件上传。' : '上传中断了，请检查网络后重新拍照或选择文件上传。');
    } else {
      fail(e.problem && e.problem.detail ? e.problem.detail : problemText(e.problem));
    }
  }
}

/** 信息核验: the draft's facts checked with the departments, and an upload for each one they could not confirm. */
export function initChecks(county, drafts) {
  const list = $('fact-list');
  const tip = $('checks-tip');
  const button = $('check-button');
  let facts = null;
  let factsFor = null;
  const uploadedHere = {};

  // What the departments are asked about; a change to any of it means checking again.
  const factKey = (form) => {
    const c = form.child || {};
    const g = (form.family || []).find((m) => m.isGuardian) || {};
    const r = form.residence || {};
    return JSON.stringify([c.name, c.documentType, c.documentNumber, c.householdRegistrationPlace, g.name, g.documentType, g.documentNumber, r.basis, r.address]);
  };

  function render() {
    list.textContent = '';
    list.hidden = false;
    list.classList.remove('fact-list_stale');
    if (facts.length === 0) {
      const empty = document.createElement('div');
      empty.className = 'weui-cell';
      empty.innerHTML = '<div class="weui-cell__bd fact-empty">根据您填写的入学依据，没有需要向部门核验的信息，无需上传材料。</div>';
      list.append(empty);
    }
    for (const f of facts) {
      const cell = factCell(f);
      if (!drafts.closed && (f.needsDocument || (f.status === 'NotMatched' && f.uploadId))) cell.querySelector('.weui-cell__bd').append(uploadBox(f));
      list.append(cell);
    }
    const needed = facts.filter((f) => f.needsDocument);
    const form = collectForm(county).form;
    const guardian = (form.family || []).find((m) => m.isGuardian) || {};
    let text = needed.length
      ? `还需上传 ${needed.length} 份材料：${needed.map((f) => f.documentName).join('、')}。其他信息已由部门核验或将自动核验，不用上传。`
      : facts.length ? '核验完成，不需要再上传材料，可以提交报名。' : '';
    if (needed.some((f) => f.subject === '监护人') && !(guardian.documentType === 'ResidentId' && guardian.documentNumber)) {
      text += '提示：在“家庭成员”中填写监护人的居民身份证号码后再点“核验信息”，部门可以直接核验，可能就不用上传了。';
    }
    tip.textContent = text;
    tip.hidden = text === '';
    tip.classList.toggle('checks-tip_todo', needed.length > 0);
    button.textContent = '重新核验';
  }

  function uploadBox(f) {
    const here = uploadedHere[f.kind];
    const item = { documentKind: f.documentKind, documentName: f.documentName, again: !f.needsDocument, doneName: here && f.uploadId === here.uploadId ? here.name : null };
    return uploadControl(item, async (uploadId, name) => {
      const result = await drafts.alter((id) => fetch(`/api/parent/drafts/${encodeURIComponent(id)}/documents/${encodeURIComponent(f.kind)}`, {
        method: 'PUT', credentials: 'same-origin', headers: { ...accept(), 'Content-Type': 'application/json' }, body: JSON.stringify({ uploadId }),
      }));
      uploadedHere[f.kind] = { uploadId, name };
      facts = result;
      render();
    });
  }

  async function run() {
    button.disabled = true;
    button.classList.add('weui-btn_loading');
    try {
      const form = collectForm(county).form;
      const result = await drafts.alter((id) => fetch(`/api/parent/drafts/${encodeURIComponent(id)}/checks`, {
        method: 'POST', credentials: 'same-origin', headers: accept(),
      }));
      facts = result;
      factsFor = factKey(form);
      render();
      return result;
    } finally {
      button.disabled = false;
      button.classList.remove('weui-btn_loading');
    }
  }

  button.addEventListener('click', async () => {
    clearErrors();
    try {
      const result = await run();
      if (result.some((f) => f.needsDocument)) $('checks-section').scrollIntoView({ block: 'start', behavior: 'smooth' });
    } catch (e) {
      showTip(problemText(e.problem));
    }
  });

  // A change to what was checked makes the list out of date: it is checked again before submitting.
  $('register-form').addEventListener('change', () => {
    if (!facts || drafts.closed) return;
    const stale = factKey(collectForm(county).form) !== factsFor;
    list.classList.toggle('fact-list_stale', stale);
    if (stale) {
      tip.hidden = false;
      tip.classList.remove('checks-tip_todo');
      tip.textContent = '您修改了证件、户口或入学依据等信息，提交时会重新核验。';
    }
  });

  return {
    run,
    /** The facts shown, if they are about the form as it is now. */
    current: (form) => (facts && factsFor === factKey(form) ? facts : null),
    /** Check before the first submit: only a form whose checked parts look right, so a typo is not sent to a department. */
    shouldCheckBefore(form) {
      if (facts && factsFor === factKey(form)) return false;
      const c = form.child || {};
      if (!form.residence || !form.residence.basis || !c.name) return false;
      const badId = (type, number) => type === 'ResidentId' && number && !readResidentId(number);
      if (badId(c.documentType, c.documentNumber) || (c.documentType === 'ResidentId' && !c.documentNumber)) return false;
      return !(form.family || []).some((m) => badId(m.documentType, m.documentNumber));
    },
    showNeeded(result, message) {
      facts = result;
      factsFor = factKey(collectForm(county).form);
      render();
      $('checks-section').scrollIntoView({ block: 'start' });
      const needed = result.filter((f) => f.needsDocument).map((f) => f.documentName);
      showTip(message || `还需上传：${needed.join('、')}。上传完成后再点“提交报名”，已填写的内容不会丢失。`);
    },
    /** A resumed draft's facts, as they were when it was saved. */
    restore(saved) {
      if (!saved.length) return;
      facts = saved;
      factsFor = factKey(collectForm(county).form);
      render();
    },
  };
}
