// The entry form, part by part (schools, child, residence, family, circumstances, priority claims): how each part
// behaves as it is filled, the form as the API takes it and back, and the server's messages placed at their fields.
import { $, params, showTip, getJson, uuid } from "../shared.js";

// GB 3304 codes: 01 汉族 (the default, written in the page) … 56 基诺族, then 97 and 98.
const ETHNICITIES = [
  ['02', '蒙古族'], ['03', '回族'], ['04', '藏族'], ['05', '维吾尔族'], ['06', '苗族'], ['07', '彝族'], ['08', '壮族'], ['09', '布依族'], ['10', '朝鲜族'],
  ['11', '满族'], ['12', '侗族'], ['13', '瑶族'], ['14', '白族'], ['15', '土家族'], ['16', '哈尼族'], ['17', '哈萨克族'], ['18', '傣族'], ['19', '黎族'],
  ['20', '傈僳族'], ['21', '佤族'], ['22', '畲族'], ['23', '高山族'], ['24', '拉祜族'], ['25', '水族'], ['26', '东乡族'], ['27', '纳西族'], ['28', '景颇族'],
  ['29', '柯尔克孜族'], ['30', '土族'], ['31', '达斡尔族'], ['32', '仫佬族'], ['33', '羌族'], ['34', '布朗族'], ['35', '撒拉族'], ['36', '毛南族'],
  ['37', '仡佬族'], ['38', '锡伯族'], ['39', '阿昌族'], ['40', '普米族'], ['41', '塔吉克族'], ['42', '怒族'], ['43', '乌孜别克族'], ['44', '俄罗斯族'],
  ['45', '鄂温克族'], ['46', '德昂族'], ['47', '保安族'], ['48', '裕固族'], ['49', '京族'], ['50', '塔塔尔族'], ['51', '独龙族'], ['52', '鄂伦春族'],
  ['53', '赫哲族'], ['54', '门巴族'], ['55', '珞巴族'], ['56', '基诺族'], ['97', '其他'], ['98', '外国血统中国籍人士'],
];

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

/**
 * The form's own behaviour, before anyone types: the schools, the child's document and age check, the family,
 * the circumstances, priority claims and the catchment hint; a field marked wrong turns back to normal as soon as
 * the parent changes it (all its cells: the four bases are one field).
 */
export function initForm(county) {
  const form = $('register-form');
  // 长辈模式 shows only what must be filled; the optional fields are one tap away.
  const optional = $('optional-toggle');
  optional.addEventListener('click', () => {
    const shown = document.documentElement.classList.toggle('show-optional');
    optional.setAttribute('aria-expanded', String(shown));
    optional.textContent = shown ? '收起选填项' : '显示选填项';
  });
  initSchools(county);
  initChild(county);
  initFamily();
  initCircumstances();
  initPriorityClaims();
  initCatchmentCheck(county);
  const unmark = (event) => {
    const cell = event.target.closest('.weui-cell_warn');
    // A field the page itself checks as it is typed (the child's age) keeps the mark its own check set.
    if (!cell || event.target.dataset.ageCheck === 'too-young') return;
    document.querySelectorAll('.weui-cell_warn').forEach((other) => {
      if (other !== cell && !(cell.dataset.field && other.dataset.field === cell.dataset.field)) return;
      other.classList.remove('weui-cell_warn');
      other.querySelectorAll('[aria-invalid]').forEach((control) => control.removeAttribute('aria-invalid'));
    });
  };
  form.addEventListener('input', unmark);
  form.addEventListener('change', unmark);
}

/**
 * The questions answered with one tap (是/否, 男/女, 走读/住校…) are written in the page as one line each, a cell with
 * data-choice (the radio buttons' name), data-label, and data-desc, data-options ("value:text …", 是/否 when left out)
 * and data-key where needed; the label's id is the cell's aria-labelledby. Each is made here from #choice-template,
 * on the page and in the family member's template, before anything reads the form.
 */
export function makeChoices() {
  const template = $('choice-template').content;
  for (const root of [document, $('member-template').content]) {
    for (const cell of root.querySelectorAll('[data-choice]')) {
      const [body, buttons] = template.cloneNode(true).children;
      const label = body.querySelector('.seg-label');
      label.id = cell.getAttribute('aria-labelledby');
      label.textContent = cell.dataset.label;
      const desc = body.querySelector('.weui-cell__desc');
      if (cell.dataset.desc) desc.textContent = cell.dataset.desc; else desc.remove();
      const button = buttons.firstElementChild;
      const options = cell.dataset.options ? cell.dataset.options.split(' ').map((option) => option.split(':')) : [['true', '是'], ['false', '否']];
      for (const [value, text] of options) {
        const copy = button.cloneNode(true);
        const input = copy.querySelector('input');
        input.name = cell.dataset.choice;
        input.value = value;
        if (cell.dataset.key) input.dataset.key = cell.dataset.key;
        copy.querySelector('span').textContent = text;
        buttons.append(copy);
      }
      button.remove();
      cell.classList.add('weui-cell', 'seg-cell');
      cell.setAttribute('role', 'radiogroup');
      cell.append(body, buttons);
      for (const name of ['choice', 'label', 'desc', 'options', 'key']) delete cell.dataset[name];
    }
  }
}

/** A resident ID's birth date and sex, or null when the number is not a valid one (GB 11643 check character). */
export function readResidentId(value) {
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

export const isShown = (element) => !element.closest('[hidden]');

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

/**
 * What every submit of the form does first: the answers checked on the page (marked where wrong), and one
 * idempotency key per distinct set of answers, so a retry after a lost answer converges on one application.
 */
export function submission(county) {
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
  for (const [code, name] of ETHNICITIES) ethnicity.append(new Option(name, code));

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
    const input = cell.querySelector('input');
    input.setAttribute('aria-invalid', String(young));
    input.dataset.ageCheck = young ? 'too-young' : '';
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
      row.querySelector('.priority-title').textContent = '优先情况' + ['一', '二', '三'][i];
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
export function collectForm(county) {
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

/** The inverse of collectForm: puts a saved form back on the page, field by field, as if typed. */
export function fillForm(county, f) {
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

export function clearErrors() {
  document.querySelectorAll('.weui-cell_warn').forEach((cell) => cell.classList.remove('weui-cell_warn'));
  document.querySelectorAll('[aria-describedby^="field-error-"]').forEach((control) => {
    control.removeAttribute('aria-invalid');
    control.removeAttribute('aria-describedby');
  });
  document.querySelectorAll('.field-errors').forEach((e) => e.remove());
}

let errorIds = 0;

/**
 * Marks each field named in a ProblemDetails `errors` object (keys are paths: child.name,
 * family[0].mobile) and lists its message under the field's group; scrolls to the first.
 * Returns the messages that have no field on the page, for the top tip.
 */
export function showErrors(errors) {
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
      placed.push({
        at: matched[0], block: matched[0].closest('.weui-cells'), text: (name && text.indexOf(name) < 0 ? name + '：' : '') + text,
        controls: matched.flatMap((cell) => Array.from(cell.querySelectorAll('input, select, textarea'))),
      });
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
    const error = Object.assign(document.createElement('div'), { className: 'field-error', textContent: item.text, id: 'field-error-' + (++errorIds) });
    list.append(error);
    // A screen reader reads the message with the field, and says the field is wrong.
    for (const control of item.controls || []) {
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', error.id);
    }
  }
  // The hint under the document says the same as the server's message about the number: one is enough.
  if (errors['child.documentNumber'] && $('document-tip')) $('document-tip').hidden = true;
  if (placed.length > 0) placed[0].at.scrollIntoView({ block: 'center' });
  return unplaced;
}
