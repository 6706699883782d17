// The parent's entry page (index.html): the county and its window, then sign-in, consent and the form with its
// drafts, checks and uploads, and the submit; or, from a link, a correction the school asked for, or staff
// registering a family at a service point. Plain ES modules, no build step: WeChat's browser runs them as they are.
// What the first screen needs is named here, so the phone asks for it all at once; drafts and uploads load once the
// family has signed in, a correction or a service point's form only when the link asks for it, so the first load stays
// light on weak 4G (the browser tests' page-weight report).
import { $, params, showTip, getJson, accept } from "./js/shared.js";
import { problemText } from "./js/parent/common.js";
import { makeChoices, initForm, submission, showErrors } from "./js/parent/form.js";
import { ensureSignedIn } from "./js/parent/signin.js";

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
  initForm(county);

  // 代为报名: staff at a service point fill the form for a family without a phone (?assist=<their school>).
  if (params.get('assist')) {
    const assisted = await loaded(import("./js/parent/assisted.js"));
    if (assisted) await assisted.initAssisted(county, params.get('assist'));
    return;
  }

  // 去补充 from the status page: the submitted application, not a new one; no draft is kept of it.
  if (params.get('correct')) {
    const correction = await signIn(config) && await loaded(import("./js/parent/correction.js"));
    if (!correction) return;
    form.hidden = false;
    const { initCorrection } = correction;
    await initCorrection(county, params.get('correct'));
    return;
  }

  if (!await signIn(config)) return;
  const [draftsModule, uploadsModule] = await Promise.all([loaded(import("./js/parent/drafts.js")), loaded(import("./js/parent/uploads.js"))]);
  if (!draftsModule || !uploadsModule) return;
  const { initDrafts } = draftsModule;
  const { initChecks } = uploadsModule;
  form.hidden = false;
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
        headers: { ...accept(), 'Content-Type': 'application/json', 'Idempotency-Key': key },
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

// A module loaded later; null, with the network named as the likely cause, when it could not be.
async function loaded(module) {
  try {
    return await module;
  } catch (e) {
    showTip(problemText(null));
    return null;
  }
}

// Signed in (and consented); false, with the reason shown, when that failed.
async function signIn(config) {
  try {
    await ensureSignedIn(config);
    return true;
  } catch (e) {
    showTip(problemText(e.problem));
    return false;
  }
}

makeChoices();
initRegister();
