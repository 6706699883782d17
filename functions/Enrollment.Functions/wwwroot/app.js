'use strict';
// The parent's pages: plain script, no build step, works in WeChat's browser.
(function () {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);

  function showTip(text) {
    const tip = $('toptips');
    tip.textContent = text;
    tip.classList.add('weui-toptips_show');
    clearTimeout(showTip.timer);
    showTip.timer = setTimeout(() => tip.classList.remove('weui-toptips_show'), 6000);
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw Object.assign(new Error('request failed'), { problem: body, status: response.status });
    return body;
  }

  const problemText = (problem) => problem && problem.title
    ? problem.title + (problem.detail ? '：' + problem.detail : '')
    : '网络不稳定，请稍后再试，已填写的内容不会丢失。';

  // Times are shown in Beijing time, as the bureau publishes them, whatever zone the phone is set to.
  function formatTime(iso) {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}（北京时间）`;
  }

  const postJson = (url, body) => sendJson('POST', url, body);

  async function sendJson(method, url, body) {
    const response = await fetch(url, {
      method, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body || {}),
    });
    const json = await response.json().catch(() => null);
    if (!response.ok) throw Object.assign(new Error('request failed'), { problem: json, status: response.status });
    return json;
  }

  // Sign-in, then consent, then the form: each step shows only when the one before is done.
  async function ensureSignedIn(config) {
    let me = null;
    try {
      me = await getJson('/api/parent/me');
    } catch (e) {
      if (e.status !== 401) throw e;
    }
    if (!me) me = await signIn(config);
    if (me.consentRequired) me = await consent();
    return me;
  }

  function signIn(config) {
    // Come back to this very page (school preselected) after signing in elsewhere.
    const returnUrl = encodeURIComponent(location.pathname + location.search);
    if (config.weChatSignIn && /MicroMessenger/i.test(navigator.userAgent)) {
      // Inside WeChat the sign-in is silent: the Official Account's authorization comes straight back.
      location.href = '/api/parent/sign-in/wechat?returnUrl=' + returnUrl;
      return new Promise(() => {});
    }
    if (config.weChatSignIn) {
      $('wechat-sign-in-link').href = '/api/parent/sign-in/wechat?returnUrl=' + returnUrl;
      $('wechat-sign-in-link').hidden = false;
    }
    if (config.governmentSignIn) {
      const link = $('government-sign-in-link');
      link.href = '/api/parent/sign-in/government?returnUrl=' + returnUrl;
      link.textContent = config.governmentSignInName || link.textContent;
      link.hidden = false;
    }
    $('sign-in-section').hidden = false;
    const mobile = () => $('sign-in-mobile').value.trim();
    return new Promise((resolve) => {
      const done = (me) => { $('sign-in-section').hidden = true; resolve(me); };
      const fail = (e) => {
        if (e.problem && e.problem.errors) showErrors(e.problem.errors);
        showTip(problemText(e.problem));
      };
      if (config.smsSignIn) {
        $('sms-code-cell').hidden = false;
        $('sms-sign-in-button').hidden = false;
        $('send-code-button').addEventListener('click', async () => {
          clearErrors();
          try {
            await postJson('/api/parent/sign-in/sms/code', { mobile: mobile() });
            showTip('验证码已发送，5分钟内有效。');
            countDown($('send-code-button'), 60);
          } catch (e) { fail(e); }
        });
        $('sms-sign-in-button').addEventListener('click', async () => {
          clearErrors();
          try { done(await postJson('/api/parent/sign-in/sms', { mobile: mobile(), code: $('sign-in-code').value.trim() })); } catch (e) { fail(e); }
        });
      }
      if (config.developmentSignIn) {
        $('development-sign-in-button').hidden = false;
        $('development-sign-in-button').addEventListener('click', async () => {
          clearErrors();
          try { done(await postJson('/api/parent/sign-in/development', { mobile: mobile() })); } catch (e) { fail(e); }
        });
      }
    });
  }

  function countDown(button, seconds) {
    button.disabled = true;
    const tick = () => {
      if (seconds <= 0) { button.disabled = false; button.textContent = '重新获取'; return; }
      button.textContent = `${seconds--}秒后重发`;
      setTimeout(tick, 1000);
    };
    tick();
  }

  async function consent() {
    const text = await getJson('/api/public/consent');
    $('consent-title').textContent = text.title;
    const body = $('consent-text');
    body.textContent = '';
    for (const section of text.sections) {
      body.append(Object.assign(document.createElement('h3'), { textContent: section.heading }),
        Object.assign(document.createElement('p'), { textContent: section.text }));
    }
    $('consent-section').hidden = false;
    const check = $('consent-check');
    const button = $('consent-button');
    check.addEventListener('change', () => { button.disabled = !check.checked; });
    return new Promise((resolve) => {
      button.addEventListener('click', async () => {
        try {
          const me = await postJson('/api/parent/consent', { version: text.version });
          $('consent-section').hidden = true;
          resolve(me);
        } catch (e) { showTip(problemText(e.problem)); }
      });
    });
  }

  // GB 3304 codes: 01 汉族 (the default, written in the page) … 56 基诺族, then 97 and 98.
  const ETHNICITIES = '02蒙古族 03回族 04藏族 05维吾尔族 06苗族 07彝族 08壮族 09布依族 10朝鲜族 11满族 12侗族 13瑶族 14白族 ' +
    '15土家族 16哈尼族 17哈萨克族 18傣族 19黎族 20傈僳族 21佤族 22畲族 23高山族 24拉祜族 25水族 26东乡族 27纳西族 28景颇族 ' +
    '29柯尔克孜族 30土族 31达斡尔族 32仫佬族 33羌族 34布朗族 35撒拉族 36毛南族 37仡佬族 38锡伯族 39阿昌族 40普米族 41塔吉克族 ' +
    '42怒族 43乌孜别克族 44俄罗斯族 45鄂温克族 46德昂族 47保安族 48裕固族 49京族 50塔塔尔族 51独龙族 52鄂伦春族 53赫哲族 ' +
    '54门巴族 55珞巴族 56基诺族 97其他 98外国血统中国籍人士';

  // How the child's document is asked for: the label, the hint and what else the form needs with it.
  const DOCUMENTS = {
    ResidentId: { label: '身份证号', placeholder: '18位，末位可能是X', maxLength: 18 },
    HongKongPermit: { label: '通行证号', placeholder: 'H开头，如 H12345678', maxLength: 11 },
    MacaoPermit: { label: '通行证号', placeholder: 'M开头，如 M12345678', maxLength: 11 },
    TaiwanPermit: { label: '通行证号', placeholder: '8位或10位数字', maxLength: 10 },
    ForeignPermanentResidence: { label: '证件号码', placeholder: '与证件一致', maxLength: 18 },
    Passport: { label: '护照号码', placeholder: '如 E12345678', maxLength: 20 },
    Other: { label: '证件号码', placeholder: '', maxLength: 20 },
  };

  const MAX_PRIORITY_CLAIMS = 3;

  /** A resident ID's birth date and sex, or null when the number is not a valid one (GB 11643 check character). */
  function readResidentId(value) {
    if (!/^[0-9]{17}[0-9X]$/.test(value)) return null;
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += (value.charCodeAt(i) - 48) * weights[i];
    if ('10X98765432'[sum % 11] !== value[17]) return null;
    const year = Number(value.slice(6, 10));
    const month = Number(value.slice(10, 12));
    const day = Number(value.slice(12, 14));
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
    return { birthDate: value.slice(6, 10) + '-' + value.slice(10, 12) + '-' + value.slice(12, 14), text: `${year}年${month}月${day}日出生，${(value.charCodeAt(16) - 48) % 2 === 1 ? '男' : '女'}` };
  }

  const isShown = (element) => !element.closest('[hidden]');

  // A field that copies another until the parent types in it: the copy is kept in data-auto.
  function follow(target, source, compute) {
    const update = () => {
      // A field locked in a correction keeps what was submitted.
      if (target.disabled) return;
      if (target.value !== '' && target.value !== target.dataset.auto) return;
      const value = compute ? compute() : source.value.trim();
      target.value = value;
      target.dataset.auto = value;
    };
    source.addEventListener('input', update);
    source.addEventListener('change', update);
    return update;
  }

  async function initRegister() {
    const form = $('register-form');
    let county;
    let config;
    try {
      config = await getJson('/api/public/config');
      county = await getJson('/api/public/counties/' + encodeURIComponent(params.get('county') || config.defaultCountyId));
    } catch (e) {
      $('window-text').textContent = problemText(e.problem);
      return;
    }

    document.title = county.name + ' ' + county.enrollmentYear + '年义务教育入学报名';
    $('county-title').textContent = county.name + ' ' + county.enrollmentYear + '年小学一年级报名';
    // A school's QR code (?school=) names the school at once, before sign-in, so the family knows it scanned the right one.
    const scanned = county.schools.find((s) => s.id === params.get('school'));
    if (scanned) {
      $('scanned-school').textContent = `报名学校：${scanned.name}（${scanned.kindText}）`;
      $('scanned-school').hidden = false;
    }
    const born = county.latestBirthDate.split('-');
    $('window-text').innerHTML = '';
    $('window-text').append(
      '网上报名时间：', Object.assign(document.createElement('strong'), { textContent: county.registration.text }),
      `。孩子须在${born[0]}年${Number(born[1])}月${Number(born[2])}日及以前出生。`);
    if (county.registration.notice) {
      $('window-text').append(document.createElement('br'), Object.assign(document.createElement('strong'), { textContent: '报名暂停：' + county.registration.notice }));
    }

    $('public-link').href = '/public/?county=' + encodeURIComponent(county.id);
    initSchools(county);
    initChild(county);
    initFamily();
    initCircumstances();
    initPriorityClaims();
    initCatchmentCheck(county);
    // A field marked wrong turns back to normal as soon as the parent changes it (all its cells: the four bases are one field).
    const unmark = (event) => {
      const cell = event.target.closest('.weui-cell_warn');
      // A field the page itself checks as it is typed (the child's age) keeps the mark its own check set.
      if (!cell || event.target.getAttribute('aria-invalid') === 'true') return;
      document.querySelectorAll('.weui-cell_warn').forEach((other) => {
        if (other === cell || (cell.dataset.field && other.dataset.field === cell.dataset.field)) other.classList.remove('weui-cell_warn');
      });
    };
    form.addEventListener('input', unmark);
    form.addEventListener('change', unmark);

    // 代为报名: staff at a service point fill the form for a family without a phone (?assist=<their school>).
    if (params.get('assist')) {
      await initAssisted(county, params.get('assist'));
      return;
    }

    try {
      await ensureSignedIn(config);
    } catch (e) {
      showTip(problemText(e.problem));
      return;
    }
    form.hidden = false;

    // 去补充 from the status page: the submitted application, not a new one; no draft is kept of it.
    if (params.get('correct')) {
      await initCorrection(county, params.get('correct'));
      return;
    }

    const drafts = initDrafts(county);
    const checks = initChecks(county, drafts);

    const next = submission(county);
    let busy = false;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (busy || drafts.closed) return;
      const ready = next();
      if (!ready) return;
      const { collected, fingerprint, key } = ready;
      const button = $('submit-button');
      busy = true;
      button.disabled = true;
      button.classList.add('weui-btn_loading');
      try {
        // The draft carries the checks and the uploads: it is saved first, and checked once before the first submit.
        await drafts.flush(true).catch(() => null);
        if (checks.shouldCheckBefore(collected.form)) {
          const facts = await checks.run();
          if (facts && facts.some((f) => f.needsDocument)) {
            checks.showNeeded(facts);
            return;
          }
        } else if (checks.current(collected.form) && checks.current(collected.form).some((f) => f.needsDocument)) {
          checks.showNeeded(checks.current(collected.form));
          return;
        }
        const query = drafts.id ? '?draftId=' + encodeURIComponent(drafts.id) : '';
        const response = await fetch('/api/parent/applications' + query, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': key },
          body: fingerprint,
        });
        const body = await response.json().catch(() => null);
        if (response.ok) {
          drafts.finish();
          location.href = '/status?id=' + encodeURIComponent(body.id);
          return;
        }
        if (response.status === 422 && body && /\/documents-needed$/.test(body.type || '')) {
          // Checked again on the draft, so an upload can be attached to the fact that asks for it.
          const facts = (await checks.run().catch(() => null)) || body.facts || [];
          checks.showNeeded(facts, problemText(body));
          return;
        }
        const unplaced = body && body.errors ? showErrors(body.errors) : [];
        showTip(problemText(body) + (unplaced.length ? ' ' + unplaced.join(' ') : ''));
      } catch (e) {
        showTip(problemText(e.problem));
      } finally {
        busy = false;
        button.disabled = false;
        button.classList.remove('weui-btn_loading');
      }
    });

    // Every handler is in place before the saved draft is offered: a tap meanwhile never submits the page natively.
    await drafts.resume(checks);
  }

  /**
   * What every submit of the form does first: the answers checked on the page (marked where wrong), and one
   * idempotency key per distinct set of answers, so a retry after a lost answer converges on one application.
   */
  function submission(county) {
    let key = null;
    let keyFor = null;
    return () => {
      clearErrors();
      const collected = collectForm(county);
      if (collected.errors) {
        showErrors(collected.errors);
        showTip('填写的信息有误：请按提示修改标红的内容后再提交，已填写的内容不会丢失。');
        return null;
      }
      const fingerprint = JSON.stringify(collected.form);
      if (fingerprint !== keyFor) {
        key = uuid();
        keyFor = fingerprint;
      }
      return { collected, fingerprint, key };
    };
  }

  /**
   * Staff register a family: signed in on the staff page, they fill the same form, confirm the guardian's consent on
   * paper, and photograph any document a department could not confirm, uploaded for the guardian's mobile number.
   */
  async function initAssisted(county, schoolId) {
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
    const send = async (url, body, headers) => {
      const response = await fetch(url, { method: 'POST', credentials: 'same-origin', headers: Object.assign({ 'Content-Type': 'application/json', Accept: 'application/json' }, headers || {}), body: JSON.stringify(body) });
      const json = await response.json().catch(() => null);
      if (!response.ok) throw Object.assign(new Error('request failed'), { problem: json, status: response.status });
      return json;
    };

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

  /** Not a refusal: the parent sees whose catchment the address is in before the school checks it. */
  function initCatchmentCheck(county) {
    const tip = $('catchment-tip');
    const check = async () => {
      const address = $('residence-address').value.trim();
      const school = $('public-school').value;
      tip.hidden = true;
      if (address.length < 5 || !school) return;
      try {
        const answer = await getJson(`/api/public/counties/${encodeURIComponent(county.id)}/catchment?address=${encodeURIComponent(address)}`);
        const schools = answer.matches.filter((m) => m.kindText === '公办');
        const inside = schools.some((m) => m.schoolId === school);
        tip.textContent = inside ? '该地址在所选学校的划片范围内。'
          : schools.length ? `该地址在${schools.map((m) => m.schoolName).join('、')}的划片范围内，不在所选学校的范围内。仍可提交，学校会核实；划片以教育局公布的为准。`
            : '没有找到该地址所在的划片范围。仍可提交，学校会核实；也可在招生公示中查询划片。';
        tip.className = 'catchment-tip ' + (inside ? 'catchment-tip_ok' : 'catchment-tip_warn');
        tip.hidden = false;
      } catch (e) {
        // The lookup only informs: a busy moment leaves the form as it is.
      }
    };
    // On leaving either address (the residence address follows the current one) and on choosing a school.
    for (const id of ['residence-address', 'child-current-address']) $(id).addEventListener('blur', () => setTimeout(check, 0));
    $('public-school').addEventListener('change', check);
  }

  // 报名学校: one public and one private school at most (公民同招); a school's QR code preselects it by its kind.
  function initSchools(county) {
    const publicSelect = $('public-school');
    const privateSelect = $('private-school');
    for (const school of county.schools) {
      (school.kind === 'Private' ? privateSelect : publicSelect).append(new Option(school.name, school.id));
    }
    $('public-school-cell').hidden = publicSelect.options.length === 1;
    $('private-school-cell').hidden = privateSelect.options.length === 1;

    const showSchools = () => {
      const info = $('school-info');
      info.textContent = '';
      for (const id of [publicSelect.value, privateSelect.value]) {
        const school = county.schools.find((s) => s.id === id);
        if (!school) continue;
        const line = document.createElement('p');
        const phone = Object.assign(document.createElement('a'), { href: 'tel:' + school.hotline, textContent: school.hotline });
        line.append(Object.assign(document.createElement('strong'), { textContent: school.name }),
          `（${school.kindText}）${school.address} · 招生咨询电话 `, phone, ` · 招生范围：${school.catchment}`);
        info.append(line);
      }
    };
    publicSelect.addEventListener('change', showSchools);
    privateSelect.addEventListener('change', showSchools);
    const scanned = county.schools.find((s) => s.id === params.get('school'));
    if (scanned) {
      (scanned.kind === 'Private' ? privateSelect : publicSelect).value = scanned.id;
      showSchools();
    }
  }

  // 孩子信息: what a resident ID already says (birth date, sex) is never asked; other documents ask for it.
  function initChild(county) {
    const ethnicity = $('child-ethnicity');
    for (const item of ETHNICITIES.split(' ')) ethnicity.append(new Option(item.slice(2), item.slice(0, 2)));

    const type = $('child-document-type');
    const number = $('child-document-number');
    const birthplace = $('child-birthplace-code');
    const updateBirthplace = follow(birthplace, number, () => {
      const digits = number.value.trim();
      return type.value === 'ResidentId' && /^[0-9]{6}/.test(digits) ? digits.slice(0, 6) + '000000' : '';
    });

    const showDocument = () => {
      const kind = type.value;
      const document_ = DOCUMENTS[kind] || DOCUMENTS.Other;
      const isId = kind === 'ResidentId';
      const none = kind === 'Other';
      $('child-document-number-label').textContent = document_.label;
      number.placeholder = document_.placeholder;
      number.maxLength = document_.maxLength;
      $('child-document-number-cell').hidden = none;
      $('child-valid-until-cell').hidden = isId || none;
      $('child-sex-cell').hidden = isId;
      $('child-birth-date-cell').hidden = isId;
      const tip = $('document-tip');
      tip.hidden = false;
      tip.classList.remove('document-tip_warn');
      for (const id of ['child-document-number-cell', 'child-birth-date-cell']) $(id).classList.remove('weui-cell_warn');
      if (isId) {
        const read = readResidentId(number.value.trim().toUpperCase());
        if (tooYoung(read && read.birthDate, $('child-document-number-cell'))) return updateBirthplace();
        tip.textContent = read
          ? `已识别：${read.text}。出生日期和性别由身份证号码自动识别，无需填写。`
          : number.value.trim().length === 18
            ? '这个号码好像不对，请对照户口簿再核对一遍（最后一位可能是X）。'
            : '出生日期和性别由身份证号码自动识别，无需填写。';
      } else if (tooYoung($('child-birth-date').value, $('child-birth-date-cell'))) {
        return updateBirthplace();
      } else if (none) {
        tip.textContent = '还没有证件（如还未落户）也可以报名。请填写孩子的性别和出生日期，之后学校会请您提供孩子的出生医学证明。';
      } else {
        tip.textContent = '请按证件填写号码，并填写孩子的性别和出生日期（与证件一致）。';
      }
      updateBirthplace();
    };
    // The age rule is checked the moment the birth date is known, on the field that gave it, not after the whole form.
    function tooYoung(birthDate, cell) {
      const young = !!birthDate && birthDate > county.latestBirthDate;
      const tip = $('document-tip');
      cell.classList.toggle('weui-cell_warn', young);
      cell.querySelector('input').setAttribute('aria-invalid', String(young));
      tip.classList.toggle('document-tip_warn', young);
      if (young) {
        const [y, m, d] = county.latestBirthDate.split('-').map(Number);
        const [by, bm, bd] = birthDate.split('-').map(Number);
        tip.textContent = `孩子${by}年${bm}月${bd}日出生，还没有到今年的入学年龄：今年入学须在${y}年${m}月${d}日及以前出生。请核对号码；如确有特殊情况，请咨询学校或教育局。`;
      }
      return young;
    }

    type.addEventListener('change', showDocument);
    number.addEventListener('input', showDocument);
    $('child-birth-date').addEventListener('change', showDocument);
    showDocument();

    const nationality = $('child-nationality');
    nationality.addEventListener('change', () => {
      $('child-nationality-other-cell').hidden = nationality.value !== '';
    });

    const same = $('same-address');
    const showAddresses = () => {
      $('child-mailing-address-cell').hidden = same.checked;
      $('child-home-address-cell').hidden = same.checked;
      if (!same.checked) {
        for (const id of ['child-mailing-address', 'child-home-address']) {
          if ($(id).value.trim() === '') $(id).value = $('child-current-address').value.trim();
        }
      }
    };
    same.addEventListener('change', showAddresses);
    showAddresses();
    follow($('residence-address'), $('child-current-address'));
    // What shows the home or the work here is asked only for the basis it belongs to.
    const showDetail = () => {
      const basis = (document.querySelector('input[name="residence-basis"]:checked') || {}).value;
      $('property-proof').hidden = basis !== 'OwnedProperty';
      $('employment').hidden = basis !== 'ResidencePermit';
    };
    document.querySelectorAll('input[name="residence-basis"]').forEach((radio) => radio.addEventListener('change', showDetail));
    showDetail();
  }

  // 家庭成员: one shown, a second on request; the first is a guardian unless the parent says otherwise.
  function initFamily() {
    const list = $('family-list');
    const template = $('member-template').innerHTML;
    ['家庭成员一', '家庭成员二'].forEach((title, i) => {
      list.insertAdjacentHTML('beforeend', template.split('__i__').join(String(i)).split('__title__').join(title));
    });
    const members = list.querySelectorAll('.member');
    members[0].querySelector('[data-remove-member]').hidden = true;
    members[0].querySelector('[data-key="isGuardian"][value="true"]').checked = true;
    members[1].hidden = true;
    const add = $('add-member');
    add.addEventListener('click', () => {
      members[1].hidden = false;
      add.hidden = true;
      members[1].querySelector('[data-key="name"]').focus();
    });
    members[1].querySelector('[data-remove-member]').addEventListener('click', () => {
      members[1].hidden = true;
      add.hidden = false;
    });
    for (const member of members) {
      const type = member.querySelector('[data-key="documentType"]');
      type.addEventListener('change', () => { member.querySelector('[data-document-number]').hidden = type.value === ''; });
    }
    follow($('child-phone'), members[0].querySelector('[data-key="mobile"]'));
  }

  function initCircumstances() {
    const disability = $('disability');
    disability.addEventListener('change', () => { $('disability-placement-cell').hidden = disability.value === ''; });
  }

  // 优先情况: optional, up to three, each a kind and a note.
  function initPriorityClaims() {
    const list = $('priority-list');
    const add = $('add-priority');
    const renumber = () => {
      list.querySelectorAll('.priority').forEach((row, i) => {
        row.querySelector('.priority-title').textContent = '优先情况' + '一二三'[i];
        row.querySelectorAll('[data-key]').forEach((control) => { control.id = `priority-${i}-${control.dataset.key}`; });
        row.querySelectorAll('[data-for]').forEach((label) => { label.htmlFor = `priority-${i}-${label.dataset.for}`; });
      });
      add.hidden = list.children.length >= MAX_PRIORITY_CLAIMS;
    };
    add.addEventListener('click', () => {
      list.insertAdjacentHTML('beforeend', $('priority-template').innerHTML);
      const row = list.lastElementChild;
      row.querySelector('[data-remove-priority]').addEventListener('click', () => { row.remove(); renumber(); });
      renumber();
      row.querySelector('[data-key="kind"]').focus();
    });
    renumber();
  }

  /**
   * The form as ApplicationForm expects it: camelCase, enums by name, booleans, a number for the
   * distance, dates as yyyy-MM-dd; an empty field is left out. Also gives the rows that are sent
   * their data-field paths, so the server's error keys find them.
   */
  function collectForm(county) {
    const form = $('register-form');
    const text = (element) => {
      const value = element.value.trim();
      return value === '' ? undefined : value;
    };
    const compact = (element) => {
      const value = element.value.replace(/\s+/g, '').toUpperCase();
      return value === '' ? undefined : value;
    };
    const byId = (id) => text($(id));
    const radio = (name) => {
      const checked = form.querySelector(`input[name="${name}"]:checked`);
      return checked ? checked.value : undefined;
    };
    const bool = (value) => (value === undefined || value === '' ? undefined : value === 'true');
    const errors = {};

    const schoolIds = [$('public-school').value, $('private-school').value].filter((id) => id !== '');

    const documentType = $('child-document-type').value;
    const isId = documentType === 'ResidentId';
    const none = documentType === 'Other';
    const sameAddress = $('same-address').checked;
    const currentAddress = byId('child-current-address');
    const child = {
      name: byId('child-name'),
      pinyin: byId('child-pinyin'),
      formerName: byId('child-former-name'),
      documentType,
      documentNumber: none ? undefined : compact($('child-document-number')),
      documentValidUntil: isId || none ? undefined : byId('child-valid-until'),
      sex: isId ? undefined : radio('child-sex'),
      birthDate: isId ? undefined : byId('child-birth-date'),
      birthplaceCode: compact($('child-birthplace-code')),
      nativePlace: byId('child-native-place'),
      ethnicityCode: $('child-ethnicity').value,
      nationalityCode: $('child-nationality').value || compact($('child-nationality-other')),
      overseasStatus: $('child-overseas-status').value,
      health: byId('child-health'),
      householdRegistrationPlace: byId('child-household-place'),
      householdType: radio('child-household-type'),
      currentAddress,
      mailingAddress: sameAddress ? currentAddress : byId('child-mailing-address'),
      homeAddress: sameAddress ? currentAddress : byId('child-home-address'),
      phone: compact($('child-phone')),
      postcode: compact($('child-postcode')),
    };

    const family = [];
    for (const member of $('family-list').querySelectorAll('.member')) {
      if (member.hidden) continue;
      const get = (key) => member.querySelector(`[data-key="${key}"]`);
      const type = text(get('documentType'));
      const guardian = member.querySelector('[data-key="isGuardian"]:checked');
      const entry = {
        name: text(get('name')),
        relationship: text(get('relationship')),
        isGuardian: guardian ? guardian.value === 'true' : undefined,
        mobile: compact(get('mobile')),
        documentType: type,
        documentNumber: type ? compact(get('documentNumber')) : undefined,
        employer: text(get('employer')),
        position: text(get('position')),
      };
      // A second member added and then left empty is not sent.
      if (family.length > 0 && Object.keys(entry).every((k) => entry[k] === undefined)) continue;
      family.push(entry);
    }

    const basis = form.querySelector('input[name="residence-basis"]:checked');
    const picked = (name) => (form.querySelector(`input[name="${name}"]:checked`) || {}).value;
    const residence = {
      basis: basis ? basis.value : undefined,
      address: byId('residence-address'),
      proof: basis && basis.value === 'OwnedProperty' ? picked('residence-proof') : undefined,
      employment: basis && basis.value === 'ResidencePermit' ? picked('residence-employment') : undefined,
    };

    let distance;
    const distanceText = $('distance').value.trim().replace('。', '.');
    if (distanceText !== '') {
      distance = Number(distanceText);
      if (!/^[0-9]+(\.[0-9]+)?$/.test(distanceText) || !isFinite(distance)) {
        errors['circumstances.distanceToSchoolKm'] = ['上学距离请填写数字，如 1.5，不清楚可以不填。'];
        distance = undefined;
      }
    }
    const disability = byId('disability');
    const circumstances = {
      onlyChild: bool(radio('onlyChild')),
      attendedKindergarten: bool(radio('attendedKindergarten')),
      leftBehind: radio('leftBehind'),
      migrantWorkerChild: bool(radio('migrantWorkerChild')),
      orphan: bool(radio('orphan')),
      deFactoUnsupported: bool(radio('deFactoUnsupported')),
      martyrOrPriorityCareChild: bool(radio('martyrOrPriorityCareChild')),
      disability,
      disabilityPlacement: disability ? byId('disability-placement') : undefined,
      governmentPurchasedPlace: bool($('government-place').value),
      needsFinancialAid: bool(radio('needsFinancialAid')),
      distanceToSchoolKm: distance,
      wayToSchool: byId('way-to-school'),
      needsSchoolBus: bool(radio('needsSchoolBus')),
      boarding: radio('boarding'),
    };

    const priorityClaims = [];
    for (const row of $('priority-list').querySelectorAll('.priority')) {
      const kind = text(row.querySelector('[data-key="kind"]'));
      const note = text(row.querySelector('[data-key="note"]'));
      const fields = row.querySelectorAll('[data-key-field]');
      // A row left empty is not sent; the rows that are sent are numbered as the server numbers them.
      fields.forEach((cell) => { delete cell.dataset.field; });
      if (kind === undefined && note === undefined) continue;
      fields.forEach((cell) => { cell.dataset.field = `priorityClaims[${priorityClaims.length}].${cell.dataset.keyField}`; });
      priorityClaims.push({ kind, note });
    }

    const result = { countyId: county.id, schoolIds, child, family, residence, circumstances, priorityClaims };
    // The form is given even with errors: a draft keeps what was typed, only a submission needs it right.
    return { form: result, errors: Object.keys(errors).length ? errors : null };
  }

  /** A random UUID: crypto.randomUUID is missing in some older in-app browsers. */
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /** HH:MM in Beijing time. */
  function clock(iso) {
    return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .format(iso ? new Date(iso) : new Date());
  }

  /** A WeUI dialog; resolves with the value of the button tapped. */
  function dialog({ title, text, buttons }) {
    return new Promise((resolve) => {
      const root = document.createElement('div');
      root.className = 'app-dialog';
      root.innerHTML = '<div class="weui-mask"></div><div class="weui-dialog" role="alertdialog" aria-modal="true">'
        + '<div class="weui-dialog__hd"><strong class="weui-dialog__title"></strong></div>'
        + '<div class="weui-dialog__bd"></div><div class="weui-dialog__ft"></div></div>';
      root.querySelector('.weui-dialog__title').textContent = title;
      root.querySelector('.weui-dialog__bd').textContent = text;
      const footer = root.querySelector('.weui-dialog__ft');
      for (const b of buttons) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'weui-dialog__btn ' + (b.primary ? 'weui-dialog__btn_primary' : 'weui-dialog__btn_default') + (b.warn ? ' dialog-btn_warn' : '');
        button.textContent = b.label;
        button.addEventListener('click', () => { root.remove(); resolve(b.value); });
        footer.append(button);
      }
      document.body.append(root);
      footer.lastElementChild.focus();
    });
  }

  /**
   * 草稿: the form is saved as the parent types (1.5 s after the last change, and at once when the
   * page is hidden), guarded by the last ETag so two phones never overwrite each other unseen.
   */
  function initDrafts(county) {
    const form = $('register-form');
    // `deciding`: until the parent has chosen whether to carry on with a saved draft, nothing is saved, so what they
    // typed meanwhile never becomes a second draft left behind after the first is submitted.
    const state = { id: null, etag: null, timer: 0, chain: Promise.resolve(true), dirty: false, stopped: false, closed: false, restoring: false, conflict: false, finished: false, deciding: true };
    const pill = $('draft-status');
    const note = $('draft-note');
    let checks = null;

    const say = (text, sticky) => {
      pill.textContent = text;
      pill.classList.add('draft-status_show');
      clearTimeout(say.timer);
      if (!sticky) say.timer = setTimeout(() => pill.classList.remove('draft-status_show'), 3000);
    };
    const saved = (at) => {
      const text = '已自动保存 ' + clock(at);
      say(text);
      note.hidden = false;
      note.textContent = text + '。换一部手机，用同一个手机号码登录也能接着填写。';
    };

    async function save(keepalive) {
      if (!state.dirty || state.stopped || state.closed || state.conflict || state.finished || state.deciding) return !state.dirty;
      state.dirty = false;
      if (!state.id) state.id = uuid();
      const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
      if (state.etag) headers['If-Match'] = state.etag;
      let response;
      try {
        response = await fetch('/api/parent/drafts/' + state.id, {
          method: 'PUT', credentials: 'same-origin', headers, keepalive: !!keepalive, body: JSON.stringify(collectForm(county).form),
        });
      } catch (e) {
        state.dirty = true;
        form.dataset.draft = 'unsaved';
        say('网络不稳定，暂未保存，稍后自动重试', true);
        schedule(10000);
        return false;
      }
      const body = await response.json().catch(() => null);
      if (response.ok) {
        state.etag = response.headers.get('ETag') || state.etag;
        saved(body && body.updatedAt);
        if (!state.dirty) form.dataset.draft = 'saved';
        return true;
      }
      state.dirty = true;
      form.dataset.draft = 'unsaved';
      if (response.status === 412) {
        state.conflict = true;
        conflict();
      } else if (response.status === 401) {
        say('登录已过期，暂未保存：请刷新页面重新登录', true);
      } else if (response.status === 403) {
        state.stopped = true;
        say((body && body.title ? body.title : '报名未在进行中') + '，草稿未保存', true);
      } else {
        say('暂未保存，稍后自动重试', true);
        schedule(10000);
      }
      return false;
    }

    function schedule(delay) {
      clearTimeout(state.timer);
      state.timer = setTimeout(() => enqueue(false), delay);
    }

    // One save at a time, in order: each one sends the ETag the one before got back.
    function enqueue(keepalive) {
      clearTimeout(state.timer);
      state.chain = state.chain.then(() => save(keepalive), () => save(keepalive));
      return state.chain;
    }

    const changed = () => {
      if (state.restoring || state.closed || state.finished) return;
      state.dirty = true;
      form.dataset.draft = 'pending';
      schedule(1500);
    };
    form.addEventListener('input', changed);
    form.addEventListener('change', changed);
    form.addEventListener('click', (event) => {
      if (event.target.closest('[data-remove-member], [data-remove-priority], #add-member')) changed();
    });
    // Switching to WeChat, locking the phone or leaving the page saves at once.
    const leave = () => { if (state.dirty && !state.finished && !state.closed) enqueue(true); };
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') leave(); });
    window.addEventListener('pagehide', leave);

    async function fetchDraft(id) {
      const response = await fetch('/api/parent/drafts/' + encodeURIComponent(id), { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      const body = await response.json().catch(() => null);
      if (!response.ok) throw Object.assign(new Error('request failed'), { problem: body, status: response.status });
      return { draft: body, etag: response.headers.get('ETag') };
    }

    function restore(found) {
      state.restoring = true;
      try {
        fillForm(county, found.draft.form || {});
      } finally {
        state.restoring = false;
      }
      state.id = found.draft.id;
      state.etag = found.etag;
      state.dirty = false;
      if (checks) checks.restore(found.draft.facts || []);
    }

    async function conflict() {
      say('草稿已在其他手机上修改', true);
      const choice = await dialog({
        title: '草稿已在其他手机上修改',
        text: '您在另一部手机上也修改了这份报名草稿。可以载入那边保存的最新内容，也可以保留这部手机上的内容。',
        buttons: [{ label: '保留本机内容', value: 'keep' }, { label: '载入最新内容', value: 'load', primary: true }],
      });
      try {
        const found = await fetchDraft(state.id);
        state.conflict = false;
        if (choice === 'load') {
          restore(found);
          say('已载入最新内容（' + clock(found.draft.updatedAt) + ' 保存）');
        } else {
          state.etag = found.etag;
          state.dirty = true;
          enqueue(false);
        }
      } catch (e) {
        state.conflict = false;
        if (e.status === 404) {
          // Submitted or discarded on the other phone: this phone's answers become a new draft.
          showTip('这份草稿已在其他手机上提交或删除。已提交的报名请点“已报过名？查看进度”查看。');
          state.id = null;
          state.etag = null;
        }
        state.dirty = true;
        schedule(10000);
      }
    }

    // A draft of a closed window is shown as it was, read-only, with the window's message.
    function lock() {
      state.closed = true;
      clearTimeout(state.timer);
      form.querySelectorAll('input, select, textarea, button').forEach((control) => { control.disabled = true; });
      form.querySelectorAll('.add-link, .remove-link, .fact-upload').forEach((element) => { element.hidden = true; });
      $('submit-area').hidden = true;
      $('check-button').hidden = true;
      const box = $('draft-closed');
      box.textContent = '';
      box.append(Object.assign(document.createElement('strong'), { textContent: '报名已经结束，这份草稿没有提交。' }),
        `网上报名时间为 ${county.registration.text}。草稿仅供查看，不能再修改或提交。如有特殊情况，请拨打学校招生咨询电话或到教育局线下服务点咨询。`);
      box.hidden = false;
      box.scrollIntoView({ block: 'center' });
    }

    /** Offers the newest draft of this county (or shows a closed one read-only), as the parent chooses. */
    async function offer() {
      let list;
      try {
        list = await getJson('/api/parent/drafts');
      } catch (e) {
        return;
      }
      const newest = (list || []).find((d) => d.form && d.form.countyId === county.id);
      if (!newest) return;
      const windowOpen = county.registration.state === 'Open';
      if (windowOpen) {
        const name = newest.form.child && newest.form.child.name;
        const resume = await dialog({
          title: '继续填写上次的报名？',
          text: `您在 ${formatTime(newest.updatedAt)}保存过${name ? '“' + name + '”的' : '一份'}报名草稿，可以接着填写，已填写的内容都在。`,
          buttons: [{ label: '填写新的报名', value: false }, { label: '继续填写', value: true, primary: true }],
        });
        if (!resume) return;
      }
      try {
        restore(await fetchDraft(newest.id));
      } catch (e) {
        showTip(problemText(e.problem));
        return;
      }
      if (windowOpen && newest.state === 'Open') {
        say('已载入 ' + clock(newest.updatedAt) + ' 保存的草稿');
      } else if (!windowOpen) {
        lock();
      }
    }

    return {
      get id() { return state.id; },
      get closed() { return state.closed; },
      /** Saves now if anything changed (or nothing was saved yet); rejects when the server does not have this form. */
      flush(force) {
        if (force && !state.id) state.dirty = true;
        return enqueue(false).then((ok) => {
          if (!ok) throw Object.assign(new Error('not saved'), { problem: { title: '草稿未能保存', detail: '请检查网络后再试，已填写的内容不会丢失。' } });
          return true;
        });
      },
      /**
       * Runs a request that changes the draft on the server (checks, attaching a document) between two
       * saves, then takes the draft's new ETag, so the next save is not mistaken for another phone's.
       */
      alter(send) {
        if (!state.id) state.dirty = true;
        const run = state.chain.then(() => save(false), () => save(false)).then(async (ok) => {
          if (!ok) throw Object.assign(new Error('not saved'), { problem: { title: '草稿未能保存', detail: '请检查网络后再试，已填写的内容不会丢失。' } });
          const response = await send(state.id);
          const body = await response.json().catch(() => null);
          if (!response.ok) throw Object.assign(new Error('request failed'), { problem: body, status: response.status });
          const etag = response.headers.get('ETag');
          if (etag) {
            state.etag = etag;
          } else {
            try { state.etag = (await fetchDraft(state.id)).etag; } catch (e) { /* the next save finds out */ }
          }
          return body;
        });
        state.chain = run.then(() => true, () => true);
        return run;
      },
      /** Submitted: nothing more is saved, not even when the page goes away. */
      finish() {
        state.finished = true;
        clearTimeout(state.timer);
      },
      /** After sign-in: offers the newest draft of this county, or shows a closed one read-only; only then does saving start. */
      async resume(checksOfPage) {
        checks = checksOfPage;
        try {
          await offer();
        } finally {
          state.deciding = false;
          if (state.dirty) schedule(0);
        }
      },
    };

  }

  /** The inverse of collectForm: puts a saved form back on the page, field by field, as if typed. */
  function fillForm(county, f) {
    const form = $('register-form');
    const fire = (element) => {
      element.dispatchEvent(new Event('input', { bubbles: true }));
      element.dispatchEvent(new Event('change', { bubbles: true }));
    };
    const set = (element, value) => {
      element.value = value === undefined || value === null ? '' : String(value);
      fire(element);
    };
    const choose = (selector, value) => {
      let picked = null;
      form.querySelectorAll(selector).forEach((radio) => {
        radio.checked = value !== undefined && value !== null && radio.value === String(value);
        if (radio.checked) picked = radio;
      });
      if (picked) fire(picked);
    };

    for (const select of [$('public-school'), $('private-school')]) set(select, '');
    for (const id of f.schoolIds || []) {
      const school = county.schools.find((s) => s.id === id);
      if (school) set(school.kind === 'Private' ? $('private-school') : $('public-school'), id);
    }

    const c = f.child || {};
    set($('child-name'), c.name);
    set($('child-pinyin'), c.pinyin);
    set($('child-former-name'), c.formerName);
    set($('child-document-type'), c.documentType || 'ResidentId');
    set($('child-document-number'), c.documentNumber);
    set($('child-valid-until'), c.documentValidUntil);
    choose('input[name="child-sex"]', c.sex);
    set($('child-birth-date'), c.birthDate);
    set($('child-birthplace-code'), c.birthplaceCode);
    set($('child-native-place'), c.nativePlace);
    set($('child-ethnicity'), c.ethnicityCode || '01');
    const listed = ['CHN', 'HKG', 'MAC', 'TWN'];
    set($('child-nationality'), !c.nationalityCode || listed.includes(c.nationalityCode) ? (c.nationalityCode || 'CHN') : '');
    set($('child-nationality-other'), listed.includes(c.nationalityCode) ? '' : c.nationalityCode);
    set($('child-overseas-status'), c.overseasStatus || 'None');
    set($('child-health'), c.health);
    set($('child-household-place'), c.householdRegistrationPlace);
    choose('input[name="child-household-type"]', c.householdType);
    set($('child-current-address'), c.currentAddress);
    const same = (!c.mailingAddress || c.mailingAddress === c.currentAddress) && (!c.homeAddress || c.homeAddress === c.currentAddress);
    $('same-address').checked = same;
    fire($('same-address'));
    if (!same) {
      set($('child-mailing-address'), c.mailingAddress);
      set($('child-home-address'), c.homeAddress);
    }

    // The family before the child's phone: the phone follows the first member's mobile unless it was changed.
    const members = $('family-list').querySelectorAll('.member');
    const family = (f.family || []).slice(0, members.length);
    members[1].hidden = family.length < 2;
    $('add-member').hidden = family.length >= 2;
    family.forEach((m, i) => {
      const get = (key) => members[i].querySelector(`[data-key="${key}"]`);
      set(get('name'), m.name);
      set(get('relationship'), m.relationship);
      choose(`input[name="member-${i}-guardian"]`, m.isGuardian);
      set(get('mobile'), m.mobile);
      set(get('documentType'), m.documentType);
      set(get('documentNumber'), m.documentNumber);
      set(get('employer'), m.employer);
      set(get('position'), m.position);
    });
    set($('child-phone'), c.phone);
    set($('child-postcode'), c.postcode);

    const r = f.residence || {};
    choose('input[name="residence-basis"]', r.basis);
    set($('residence-address'), r.address);
    choose('input[name="residence-proof"]', r.proof || 'Certificate');
    choose('input[name="residence-employment"]', r.employment || 'SocialInsurance');

    const s = f.circumstances || {};
    for (const name of ['onlyChild', 'attendedKindergarten', 'leftBehind', 'migrantWorkerChild', 'orphan', 'deFactoUnsupported', 'martyrOrPriorityCareChild', 'needsFinancialAid', 'needsSchoolBus', 'boarding']) {
      choose(`input[name="${name}"]`, s[name]);
    }
    set($('disability'), s.disability);
    set($('disability-placement'), s.disabilityPlacement);
    set($('government-place'), s.governmentPurchasedPlace);
    set($('distance'), s.distanceToSchoolKm);
    set($('way-to-school'), s.wayToSchool);

    $('priority-list').querySelectorAll('[data-remove-priority]').forEach((button) => button.click());
    for (const claim of (f.priorityClaims || []).slice(0, MAX_PRIORITY_CLAIMS)) {
      $('add-priority').click();
      const row = $('priority-list').lastElementChild;
      set(row.querySelector('[data-key="kind"]'), claim.kind);
      set(row.querySelector('[data-key="note"]'), claim.note);
    }
    if (document.activeElement && form.contains(document.activeElement)) document.activeElement.blur();
  }

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
   * One checked fact as a list row: confirmed by a department (nothing to upload), pending (retried by
   * the system, nothing to upload), or not confirmed (upload exactly the document named).
   */
  function factCell(f) {
    const state = f.status === 'Matched' ? 'confirmed' : f.status === 'Pending' ? 'pending' : f.uploadId ? 'uploaded' : 'needed';
    const cell = document.createElement('div');
    cell.className = 'weui-cell fact fact_' + state;
    cell.dataset.factKind = f.kind;
    cell.dataset.state = state;
    const icon = { confirmed: 'weui-icon-success', pending: 'weui-icon-waiting', uploaded: 'weui-icon-success-no-circle', needed: 'weui-icon-info' }[state];
    cell.innerHTML = `<div class="weui-cell__hd fact-icon"><i class="${icon}" aria-hidden="true"></i></div>`
      + '<div class="weui-cell__bd"><p class="fact-name"></p><p class="fact-status"></p></div>';
    cell.querySelector('.fact-name').append(f.name, Object.assign(document.createElement('span'), { className: 'fact-subject', textContent: f.subject }));
    cell.querySelector('.fact-status').textContent = f.statusText;
    return cell;
  }

  /**
   * The upload control of one document: camera or album, straight to storage with a progress bar, then
   * checked by the app; `attach(uploadId, fileName)` hands the accepted upload to the step that asked
   * for it (the check step's draft, or a correction). `item`: documentKind, documentName, again, doneName.
   */
  function uploadControl(item, attach) {
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
  function initChecks(county, drafts) {
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
          method: 'PUT', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ uploadId }),
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
          method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' },
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

  // What a school may name in a correction, in the words of the form's own labels (paths as the server's error keys).
  const FIELD_NAMES = {
    schoolIds: '报名学校',
    child: '孩子信息',
    'child.name': '孩子姓名', 'child.pinyin': '姓名拼音', 'child.formerName': '曾用名', 'child.documentType': '孩子的证件类型',
    'child.documentNumber': '孩子的证件号码', 'child.documentValidUntil': '证件有效期', 'child.sex': '性别', 'child.birthDate': '出生日期',
    'child.birthplaceCode': '出生地代码', 'child.nativePlace': '籍贯', 'child.ethnicityCode': '民族', 'child.nationalityCode': '国籍/地区',
    'child.overseasStatus': '港澳台侨外', 'child.health': '健康状况', 'child.householdRegistrationPlace': '户口所在地', 'child.householdType': '户口性质',
    'child.currentAddress': '现住址', 'child.mailingAddress': '通信地址', 'child.homeAddress': '家庭地址', 'child.phone': '联系电话', 'child.postcode': '邮政编码',
    residence: '入学依据', 'residence.basis': '入学依据（户籍、住房、租赁或居住证）', 'residence.address': '入学依据地址', 'residence.proof': '房产证明', 'residence.employment': '父母就业情况',
    family: '家庭成员',
    circumstances: '情况说明',
    'circumstances.onlyChild': '独生子女', 'circumstances.attendedKindergarten': '上过幼儿园', 'circumstances.leftBehind': '留守儿童',
    'circumstances.migrantWorkerChild': '随迁子女', 'circumstances.orphan': '孤儿', 'circumstances.deFactoUnsupported': '事实无人抚养儿童', 'circumstances.martyrOrPriorityCareChild': '烈士或优抚子女',
    'circumstances.disability': '残疾类型', 'circumstances.disabilityPlacement': '希望的就读方式', 'circumstances.governmentPurchasedPlace': '政府购买学位',
    'circumstances.needsFinancialAid': '需要资助', 'circumstances.distanceToSchoolKm': '上学距离', 'circumstances.wayToSchool': '上学方式',
    'circumstances.needsSchoolBus': '需要乘坐校车', 'circumstances.boarding': '走读或住校',
    priorityClaims: '优先情况',
  };
  const MEMBER_FIELD_NAMES = {
    name: '姓名', relationship: '与孩子关系', isGuardian: '是否监护人', mobile: '手机号码', documentType: '证件类型', documentNumber: '证件号码',
    ethnicityCode: '民族', address: '住址', householdRegistrationPlace: '户口所在地', employer: '工作单位', position: '职务',
  };

  /** A form path (residence.address, family[0].mobile) as a parent reads it. */
  function fieldName(path) {
    if (FIELD_NAMES[path]) return FIELD_NAMES[path];
    const member = /^family\[(\d+)\](?:\.(\w+))?$/.exec(path);
    if (member) return '家庭成员' + ('一二三四'[Number(member[1])] || '') + (member[2] ? '的' + (MEMBER_FIELD_NAMES[member[2]] || member[2]) : '');
    const claim = /^priorityClaims\[(\d+)\](?:\.(\w+))?$/.exec(path);
    if (claim) return '优先情况' + ('一二三'[Number(claim[1])] || '') + (claim[2] === 'kind' ? '的类别' : claim[2] === 'note' ? '的说明' : '');
    return FIELD_NAMES[path.split(/[.[]/)[0]] || path;
  }

  /**
   * What the school asked for, the same on the status page and above the form: its message, the
   * deadline in Beijing time, the fields to change and the documents to upload. `onField(path)` makes
   * each field a link to it.
   */
  function correctionSummary(box, c, onField) {
    box.textContent = '';
    const row = (label, content) => {
      const line = document.createElement('div');
      line.className = 'correction-row';
      const text = Object.assign(document.createElement('div'), { className: 'correction-row__text' });
      text.append(...[].concat(content));
      line.append(Object.assign(document.createElement('div'), { className: 'correction-row__label', textContent: label }), text);
      box.append(line);
      return line;
    };
    box.append(Object.assign(document.createElement('h3'), { className: 'correction-title', textContent: '学校请您补充或更正' }));
    if (c.message) box.append(Object.assign(document.createElement('p'), { className: 'correction-message', textContent: c.message }));
    const late = new Date(c.deadline) <= new Date();
    row('截止时间', Object.assign(document.createElement('span'), { className: 'correction-deadline', textContent: formatTime(c.deadline) }))
      .classList.toggle('correction-row_late', late);
    if ((c.fields || []).length) {
      const list = Object.assign(document.createElement('ul'), { className: 'correction-list correction-fields' });
      for (const path of c.fields) {
        const item = document.createElement('li');
        item.dataset.path = path;
        if (onField) {
          const link = Object.assign(document.createElement('button'), { type: 'button', className: 'weui-link correction-field-link', textContent: fieldName(path) });
          link.addEventListener('click', () => onField(path));
          item.append(link);
        } else {
          item.textContent = fieldName(path);
        }
        list.append(item);
      }
      row('需要修改', list);
    }
    if ((c.documents || []).length) {
      const list = Object.assign(document.createElement('ul'), { className: 'correction-list correction-documents' });
      for (const name of c.documents) list.append(Object.assign(document.createElement('li'), { textContent: name }));
      row('需要上传', list);
    }
    if (late) {
      box.append(Object.assign(document.createElement('p'), { className: 'correction-note correction-note_late', textContent: '已超过补充截止时间，不能再在网上补充。请拨打学校招生咨询电话。' }));
    }
    return late;
  }

  /**
   * 退回补充: the application as submitted, on the entry form; only what the school named can be changed,
   * the documents it asked for are uploaded with the check step's control, and 提交补充 resubmits the whole form.
   */
  async function initCorrection(county, id) {
    const form = $('register-form');
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
    $('window-text').textContent = `学校退回了${childName ? childName + '的' : '这份'}报名，请按下面的要求修改或上传后，点“提交补充”。`;
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

  function clearErrors() {
    document.querySelectorAll('.weui-cell_warn').forEach((cell) => cell.classList.remove('weui-cell_warn'));
    document.querySelectorAll('.field-errors').forEach((e) => e.remove());
  }

  /**
   * Marks each field named in a ProblemDetails `errors` object (keys are paths: child.name,
   * family[0].mobile) and lists its message under the field's group; scrolls to the first.
   * Returns the messages that have no field on the page, for the top tip.
   */
  function showErrors(errors) {
    const unplaced = [];
    const placed = [];
    const cells = Array.from(document.querySelectorAll('[data-field]'));
    const sameAddress = $('same-address');
    for (const key of Object.keys(errors)) {
      const messages = [].concat(errors[key]);
      // The mailing and home address copy the current address while the switch is on: its own message says it.
      if ((key === 'child.mailingAddress' || key === 'child.homeAddress') && sameAddress && sameAddress.checked) continue;
      const matched = cells.filter((cell) => cell.dataset.field === key && isShown(cell));
      if (matched.length > 0) {
        matched.forEach((cell) => cell.classList.add('weui-cell_warn'));
        const label = matched.length === 1 ? matched[0].querySelector('.weui-label, .seg-label') : null;
        const name = label ? label.childNodes[0].textContent.trim() : '';
        const text = messages.join(' ');
        // Several fields share a group: say which one, unless the message already does.
        placed.push({ at: matched[0], block: matched[0].closest('.weui-cells'), text: (name && text.indexOf(name) < 0 ? name + '：' : '') + text });
        continue;
      }
      const group = document.querySelector(`[data-group="${key}"]`);
      if (group && isShown(group)) {
        placed.push({ at: group, block: null, group, text: messages.join(' ') });
      } else {
        unplaced.push(messages.join(' '));
      }
    }

    // In page order, so the messages under a group read top to bottom like its fields.
    placed.sort((a, b) => (a.at.compareDocumentPosition(b.at) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    const lists = new Map();
    for (const item of placed) {
      const anchor = item.block || item.group;
      let list = lists.get(anchor);
      if (!list) {
        list = Object.assign(document.createElement('div'), { className: 'field-errors' });
        list.setAttribute('role', 'alert');
        if (item.block) item.block.after(list); else item.group.append(list);
        lists.set(anchor, list);
      }
      list.append(Object.assign(document.createElement('div'), { className: 'field-error', textContent: item.text }));
    }
    // The hint under the document says the same as the server's message about the number: one is enough.
    if (errors['child.documentNumber'] && $('document-tip')) $('document-tip').hidden = true;
    if (placed.length > 0) placed[0].at.scrollIntoView({ block: 'center' });
    return unplaced;
  }

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
    box.querySelector('.offer-deadline').textContent = `请在 ${formatTime(a.lottery.offerExpires)} 前确认；逾期未确认视为放弃，学位将按顺序递补给候补家庭。`;
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

  // The status is read again whenever the page is shown again (back from another app, or from the back-forward cache):
  // a decision made meanwhile shows at once, and personal data is never served from a cache (the API says no-store).
  function initStatus() {
    const again = () => {
      if (document.visibilityState === 'visible' && !document.querySelector('.app-dialog')) showStatus().catch(() => {});
    };
    document.addEventListener('visibilitychange', again);
    window.addEventListener('pageshow', (event) => { if (event.persisted) again(); });
    return showStatus();
  }

  async function showStatus() {
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
      ? `请于 ${formatTime(n.notice.checkIn.opens)} 至 ${formatTime(n.notice.checkIn.closes)} 带上户口簿等原件到学校报到（${n.notice.schoolAddress}）。`
      : `报到时间由学校另行通知（${n.notice.schoolAddress}，电话 ${n.notice.schoolHotline}）。`;
    box.querySelector('.notice-card__qr').src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(n.qrSvg);
    box.querySelector('.notice-code').textContent = n.notice.code;
    if (n.notice.checkedInAt) {
      const done = box.querySelector('.notice-checked-in');
      done.textContent = `已于 ${formatTime(n.notice.checkedInAt)} 完成报到。`;
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
    card.querySelector('.submitted').textContent = formatTime(a.submittedAt);
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
        Object.assign(document.createElement('p'), { className: 'timeline-meta', textContent: `${formatTime(entry.at)} · ${WHO[entry.by] || entry.by}` }));
      if (entry.note) item.append(Object.assign(document.createElement('p'), { className: 'timeline-note', textContent: entry.note }));
      timeline.append(item);
    });

    const facts = a.facts || [];
    if (facts.length > 0) {
      const list = card.querySelector('.status-facts .fact-list');
      for (const f of facts) list.append(factCell(f));
      card.querySelector('.status-facts').hidden = false;
    }

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

  if ($('register-page')) initRegister();
  if ($('status-page')) initStatus();
})();
