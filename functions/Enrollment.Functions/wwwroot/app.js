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

  async function postJson(url, body) {
    const response = await fetch(url, {
      method: 'POST', credentials: 'same-origin',
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
    return { text: `${year}年${month}月${day}日出生，${(value.charCodeAt(16) - 48) % 2 === 1 ? '男' : '女'}` };
  }

  const isShown = (element) => !element.closest('[hidden]');

  // A field that copies another until the parent types in it: the copy is kept in data-auto.
  function follow(target, source, compute) {
    const update = () => {
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
    const born = county.latestBirthDate.split('-');
    $('window-text').innerHTML = '';
    $('window-text').append(
      '网上报名时间：', Object.assign(document.createElement('strong'), { textContent: county.registration.text }),
      `。孩子须在${born[0]}年${Number(born[1])}月${Number(born[2])}日及以前出生。`);

    initSchools(county);
    initChild();
    initFamily();
    initCircumstances();
    initPriorityClaims();
    // A field marked wrong turns back to normal as soon as the parent changes it (all its cells: the four bases are one field).
    const unmark = (event) => {
      const cell = event.target.closest('.weui-cell_warn');
      if (!cell) return;
      document.querySelectorAll('.weui-cell_warn').forEach((other) => {
        if (other === cell || (cell.dataset.field && other.dataset.field === cell.dataset.field)) other.classList.remove('weui-cell_warn');
      });
    };
    form.addEventListener('input', unmark);
    form.addEventListener('change', unmark);

    try {
      await ensureSignedIn(config);
    } catch (e) {
      showTip(problemText(e.problem));
      return;
    }
    form.hidden = false;

    // One idempotency key per distinct set of answers: a retry after a lost answer converges on one application.
    let key = null;
    let keyFor = null;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors();
      const collected = collectForm(county);
      if (collected.errors) {
        showErrors(collected.errors);
        showTip('填写的信息有误：请按提示修改标红的内容后再提交，已填写的内容不会丢失。');
        return;
      }
      const fingerprint = JSON.stringify(collected.form);
      if (fingerprint !== keyFor) {
        key = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2));
        keyFor = fingerprint;
      }
      const button = $('submit-button');
      button.disabled = true;
      button.classList.add('weui-btn_loading');
      try {
        const response = await fetch('/api/parent/applications', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': key },
          body: fingerprint,
        });
        const body = await response.json().catch(() => null);
        if (response.ok) {
          location.href = '/status?id=' + encodeURIComponent(body.id);
          return;
        }
        const unplaced = body && body.errors ? showErrors(body.errors) : [];
        showTip(problemText(body) + (unplaced.length ? ' ' + unplaced.join(' ') : ''));
      } catch (e) {
        showTip(problemText(null));
      } finally {
        button.disabled = false;
        button.classList.remove('weui-btn_loading');
      }
    });
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
  function initChild() {
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
      if (isId) {
        const read = readResidentId(number.value.trim().toUpperCase());
        tip.textContent = read
          ? `已识别：${read.text}。出生日期和性别由身份证号码自动识别，无需填写。`
          : number.value.trim().length === 18
            ? '这个号码好像不对，请对照户口簿再核对一遍（最后一位可能是X）。'
            : '出生日期和性别由身份证号码自动识别，无需填写。';
      } else if (none) {
        tip.textContent = '还没有证件（如还未落户）也可以报名。请填写孩子的性别和出生日期，之后学校会请您提供孩子的出生医学证明。';
      } else {
        tip.textContent = '请按证件填写号码，并填写孩子的性别和出生日期（与证件一致）。';
      }
      updateBirthplace();
    };
    type.addEventListener('change', showDocument);
    number.addEventListener('input', showDocument);
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
    const residence = { basis: basis ? basis.value : undefined, address: byId('residence-address') };

    let distance;
    const distanceText = $('distance').value.trim().replace('。', '.');
    if (distanceText !== '') {
      distance = Number(distanceText);
      if (!/^[0-9]+(\.[0-9]+)?$/.test(distanceText) || !isFinite(distance)) {
        errors['circumstances.distanceToSchoolKm'] = ['上学距离请填写数字，如 1.5，不清楚可以不填。'];
      }
    }
    const disability = byId('disability');
    const circumstances = {
      onlyChild: bool(radio('onlyChild')),
      attendedKindergarten: bool(radio('attendedKindergarten')),
      leftBehind: radio('leftBehind'),
      migrantWorkerChild: bool(radio('migrantWorkerChild')),
      orphan: bool(radio('orphan')),
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
    return Object.keys(errors).length ? { errors } : { form: result };
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

  async function initStatus() {
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
    for (const a of applications) {
      const card = document.createElement('div');
      card.className = 'status-card';
      card.dataset.applicationId = a.id;
      card.innerHTML = `
        <div class="weui-msg">
          <div class="weui-msg__icon-area"><i class="weui-icon-success weui-icon_msg"></i></div>
          <div class="weui-msg__text-area">
            <h2 class="weui-msg__title status-text"></h2>
            <p class="weui-msg__desc status-help"></p>
          </div>
        </div>
        <div class="weui-cells">
          <div class="weui-cell"><div class="weui-cell__bd">申请编号</div><div class="weui-cell__ft application-number"></div></div>
          <div class="weui-cell"><div class="weui-cell__bd">报名学校</div><div class="weui-cell__ft school"></div></div>
          <div class="weui-cell" hidden><div class="weui-cell__bd">同时报名</div><div class="weui-cell__ft other-schools"></div></div>
          <div class="weui-cell"><div class="weui-cell__bd">孩子</div><div class="weui-cell__ft child"></div></div>
          <div class="weui-cell"><div class="weui-cell__bd id-number-label">证件号码</div><div class="weui-cell__ft id-number"></div></div>
          <div class="weui-cell"><div class="weui-cell__bd">提交时间</div><div class="weui-cell__ft submitted"></div></div>
        </div>`;
      card.querySelector('.status-text').textContent = a.statusText + (a.status === 'Submitted' ? '，等待学校审核' : '');
      const help = card.querySelector('.status-help');
      help.append('审核结果会短信通知您，请留意。');
      if (hotlines[a.schoolId]) {
        help.append('信息填错了？请拨打学校招生咨询电话 ',
          Object.assign(document.createElement('a'), { href: 'tel:' + hotlines[a.schoolId], textContent: hotlines[a.schoolId] }), '。');
      }
      card.querySelector('.application-number').textContent = a.id;
      card.querySelector('.school').textContent = a.schoolName;
      card.querySelector('.child').textContent = `${a.childName}（${a.childSex}，${a.childBirthDate}）`;
      const others = (a.schoolIds || []).filter((id) => id !== a.schoolId);
      if (others.length > 0) {
        const cell = card.querySelector('.other-schools');
        cell.textContent = others.map((id) => schoolNames[id] || id).join('、');
        cell.parentElement.hidden = false;
      }
      card.querySelector('.id-number-label').textContent = DOCUMENT_NAMES[a.childDocumentType] || '证件号码';
      card.querySelector('.id-number').textContent = a.childDocumentNumberMasked || '暂无证件';
      card.querySelector('.submitted').textContent = formatTime(a.submittedAt);
      list.append(card);
    }
  }

  if ($('register-page')) initRegister();
  if ($('status-page')) initStatus();
})();
