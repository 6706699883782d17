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

  async function initRegister() {
    const form = $('register-form');
    const select = $('schoolId');
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

    for (const school of county.schools) {
      select.append(new Option(school.name, school.id));
    }
    const showSchool = () => {
      const school = county.schools.find((s) => s.id === select.value);
      const info = $('school-info');
      info.textContent = '';
      if (!school) return;
      const phone = Object.assign(document.createElement('a'), { href: 'tel:' + school.hotline, textContent: school.hotline });
      info.append(`${school.kindText}学校 · ${school.address} · 招生咨询电话 `, phone, ` · 招生范围：${school.catchment}`);
    };
    select.addEventListener('change', showSchool);
    if (params.get('school') && county.schools.some((s) => s.id === params.get('school'))) {
      select.value = params.get('school');
      showSchool();
    }

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
      const request = {
        countyId: county.id,
        schoolId: select.value,
        childName: $('childName').value.trim(),
        childIdNumber: $('childIdNumber').value.trim().toUpperCase(),
        guardianName: $('guardianName').value.trim(),
        guardianMobile: $('guardianMobile').value.trim(),
      };
      const fingerprint = JSON.stringify(request);
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
        if (body && body.errors) showErrors(body.errors);
        showTip(problemText(body));
      } catch (e) {
        showTip(problemText(null));
      } finally {
        button.disabled = false;
        button.classList.remove('weui-btn_loading');
      }
    });
  }

  function clearErrors() {
    document.querySelectorAll('.weui-cell_warn').forEach((cell) => cell.classList.remove('weui-cell_warn'));
    document.querySelectorAll('.field-error').forEach((e) => e.remove());
  }

  function showErrors(errors) {
    for (const [field, messages] of Object.entries(errors)) {
      const cell = document.querySelector(`[data-field="${field}"]`);
      if (!cell) continue;
      cell.classList.add('weui-cell_warn');
      const message = Object.assign(document.createElement('div'), { className: 'field-error', textContent: messages.join(' ') });
      cell.closest('.weui-cells').after(message);
    }
  }

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
    for (const countyId of new Set(applications.map((a) => a.countyId))) {
      try {
        for (const s of (await getJson('/api/public/counties/' + encodeURIComponent(countyId))).schools) hotlines[s.id] = s.hotline;
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
          <div class="weui-cell"><div class="weui-cell__bd">孩子</div><div class="weui-cell__ft child"></div></div>
          <div class="weui-cell"><div class="weui-cell__bd">身份证号</div><div class="weui-cell__ft id-number"></div></div>
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
      card.querySelector('.id-number').textContent = a.childIdNumberMasked;
      card.querySelector('.submitted').textContent = formatTime(a.submittedAt);
      list.append(card);
    }
  }

  if ($('register-page')) initRegister();
  if ($('status-page')) initStatus();
})();
