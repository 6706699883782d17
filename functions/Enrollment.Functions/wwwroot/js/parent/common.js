// What both parent pages draw and say: the wording of a failed request, a checked fact's row, and what the
// school asked for in a correction (on the status page, and above the form when the parent corrects it).
import { problemText as sharedProblemText, beijingTime } from "../shared.js";

/** A problem as one line; without an answer at all, the network is the likely cause, and nothing typed is lost. */
export const problemText = (problem) => sharedProblemText(problem, '网络不稳定，请稍后再试，已填写的内容不会丢失。');

/**
 * One checked fact as a list row: confirmed by a department (nothing to upload), pending (retried by
 * the system, nothing to upload), or not confirmed (upload exactly the document named).
 */
export function factCell(f) {
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
export function fieldName(path) {
  if (FIELD_NAMES[path]) return FIELD_NAMES[path];
  const member = /^family\[(\d+)\](?:\.(\w+))?$/.exec(path);
  if (member) return '家庭成员' + (['一', '二'][Number(member[1])] || '') + (member[2] ? '的' + (MEMBER_FIELD_NAMES[member[2]] || member[2]) : '');
  const claim = /^priorityClaims\[(\d+)\](?:\.(\w+))?$/.exec(path);
  if (claim) return '优先情况' + (['一', '二', '三'][Number(claim[1])] || '') + (claim[2] === 'kind' ? '的类别' : claim[2] === 'note' ? '的说明' : '');
  return FIELD_NAMES[path.split(/[.[]/)[0]] || path;
}

/**
 * What the school asked for, the same on the status page and above the form: its message, the
 * deadline in Beijing time, the fields to change and the documents to upload. `onField(path)` makes
 * each field a link to it.
 */
export function correctionSummary(box, c, onField) {
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
  row('截止时间', Object.assign(document.createElement('span'), { className: 'correction-deadline', textContent: beijingTime(c.deadline) }))
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
