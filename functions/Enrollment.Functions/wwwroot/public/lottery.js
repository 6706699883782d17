// 随机派位核对: shows a school's lottery and recomputes it on the phone from the published transcript alone,
// with the same algorithm as LotteryVerifier (enrollment-lottery/1), using the browser's own SHA-256 and HMAC.
import { $, params, getJson } from "../js/shared.js";

const ALGORITHM = 'enrollment-lottery/1';
const county = params.get('county') || '';
const school = params.get('school') || '';
const base = `/api/public/counties/${encodeURIComponent(county)}/lotteries/${encodeURIComponent(school)}`;
const utf8 = new TextEncoder();
const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
const sha256 = async (text) => hex(await crypto.subtle.digest('SHA-256', utf8.encode(text)));
const ordinal = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
let transcriptLines = null;

function cell(label, value, className) {
  const node = document.createElement('div');
  // Label above value: the hashes are 64 characters, too long to share a line with their label on a phone.
  node.className = 'weui-cell lottery-row';
  const bd = Object.assign(document.createElement('div'), { className: 'weui-cell__bd', textContent: label });
  const ft = Object.assign(document.createElement('div'), { className: 'weui-cell__ft' + (className ? ' ' + className : '') });
  ft.append(value);
  node.append(bd, ft);
  return node;
}

async function load() {
  $('school-link').href = `/public/school.html?county=${encodeURIComponent(county)}&school=${encodeURIComponent(school)}`;
  let body;
  try {
    body = await getJson(base);
  } catch (e) {
    $('lottery-lead').textContent = e.problem && e.problem.detail ? e.problem.detail : '网络不稳定，请稍后再试。';
    return;
  }

  const drawn = body.state === 'Drawn';
  $('lottery-lead').textContent = drawn
    ? `${body.year}年 · 招生计划 ${body.places} 人 · 参加派位 ${body.applicants} 人。派位已完成，结果如下，任何人都可以核对。`
    : `${body.year}年 · 招生计划 ${body.places} 人 · 参加派位 ${body.applicants} 人。名单已冻结并公布，等待派位。`;
  const facts = $('lottery-facts');
  facts.append(cell('名单指纹', body.listSha256, 'lottery-hash'));
  if (drawn) {
    const source = Object.assign(document.createElement('a'), { href: body.inputs.publicSource, textContent: body.inputs.publicValue, className: 'tel', rel: 'noopener' });
    facts.append(cell('公开随机数', source), cell('现场随机数', body.inputs.liveValue), cell('种子', body.seed, 'lottery-hash'), cell('记录指纹', body.transcriptSha256, 'lottery-hash'));
    $('transcript-link').href = `${base}/transcript.txt`;
    $('transcript-line').hidden = false;
    $('verify-section').hidden = false;
    $('find-section').hidden = false;
  }
  $('list-link').href = `${base}/list.txt`;
  $('lottery-sections').hidden = false;
}

/** Recomputes the transcript from its own fields; resolves to null when identical, or { line, expected, found } / { problem }. */
async function verify(bytes) {
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { problem: '文件不是 UTF-8 文本。' };
  }
  if (!text.endsWith('\n')) return { problem: '文件最后一行没有换行符，可能不完整。' };
  const lines = text.slice(0, -1).split('\n');
  let at = 0;
  const next = () => { if (at >= lines.length) throw new Error(`第 ${at + 1} 行：记录提前结束。`); return lines[at++]; };
  const field = (name) => {
    const line = next();
    if (!line.startsWith(name + ' ')) throw new Error(`第 ${at} 行应以“${name} ”开头。`);
    return line.slice(name.length + 1);
  };
  const number = (value) => { if (!/^[0-9]+$/.test(value)) throw new Error(`第 ${at} 行应是整数：${value}`); return Number(value); };
  try {
    if (next() !== `${ALGORITHM} transcript`) return { problem: `第 1 行应为“${ALGORITHM} transcript”，本页只认识这一算法。` };
    const header = { county: field('county'), year: number(field('year')), school: field('school'), places: number(field('places')) };
    field('list-sha256');
    const inputs = { publicValue: field('public-value'), publicSource: field('public-source'), liveValue: field('live-value') };
    field('seed');
    const count = number(field('applicants'));
    const entries = [];
    for (let i = 0; i < count; i++) {
      const parts = next().split(' ');
      if (parts.length !== 6) throw new Error(`第 ${at} 行应有顺序、编号、梯次、同胞组、号码和结果六项。`);
      entries.push({ pseudonym: parts[1], tier: number(parts[2]), bundle: parts[3] });
    }
    entries.sort((a, b) => ordinal(a.pseudonym, b.pseudonym));

    const head = (kind) => `${ALGORITHM} ${kind}\ncounty ${header.county}\nyear ${header.year}\nschool ${header.school}\nplaces ${header.places}\n`;
    const listHash = await sha256(head('list') + entries.map((e) => `${e.pseudonym} ${e.tier} ${e.bundle}\n`).join(''));
    const seed = await sha256(`${listHash}\n${inputs.publicValue}\n${inputs.liveValue}`);
    const key = await crypto.subtle.importKey('raw', new Uint8Array(seed.match(/../g).map((h) => parseInt(h, 16))), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const bundles = new Map();
    for (const e of entries) {
      if (!bundles.has(e.bundle)) bundles.set(e.bundle, { bundle: e.bundle, tier: e.tier, members: [] });
      bundles.get(e.bundle).members.push(e);
    }
    for (const b of bundles.values()) b.number = hex(await crypto.subtle.sign('HMAC', key, utf8.encode(b.bundle)));
    const order = [...bundles.values()].sort((a, b) => a.tier - b.tier || ordinal(a.number, b.number) || ordinal(a.bundle, b.bundle));

    let body = head('transcript') + `list-sha256 ${listHash}\npublic-value ${inputs.publicValue}\npublic-source ${inputs.publicSource}\nlive-value ${inputs.liveValue}\nseed ${seed}\napplicants ${entries.length}\n`;
    let remaining = header.places;
    let position = 0;
    for (const b of order) {
      const offered = remaining > 0;
      if (offered) remaining -= b.members.length;
      for (const m of b.members) body += `${++position} ${m.pseudonym} ${m.tier} ${m.bundle} ${b.number} ${offered ? 'offered' : 'waitlist'}\n`;
    }
    const recomputed = (body + `transcript-sha256 ${await sha256(body)}\n`).slice(0, -1).split('\n');
    for (let i = 0; i < Math.max(recomputed.length, lines.length); i++) {
      const expected = i < recomputed.length ? recomputed[i] : '（记录结束）';
      const found = i < lines.length ? lines[i] : '（记录结束）';
      if (expected !== found) return { line: i + 1, expected, found };
    }
    return null;
  } catch (e) {
    return { problem: e.message };
  }
}

function show(result, what) {
  const box = $('verify-result');
  box.replaceChildren();
  box.className = 'verify-result ' + (result ? 'verify-result_bad' : 'verify-result_ok');
  if (!result) {
    box.append(`一致：${what}与按公开算法从头重算的结果逐字节相同。`);
  } else if (result.problem) {
    box.append(`不一致：${result.problem}`);
  } else {
    box.append(`不一致：第 ${result.line} 行不同。`, document.createElement('br'), '重算应为：',
      Object.assign(document.createElement('code'), { textContent: result.expected }), document.createElement('br'), '记录中是：',
      Object.assign(document.createElement('code'), { textContent: result.found }));
  }
  box.hidden = false;
}

$('verify-published').addEventListener('click', async () => {
  const button = $('verify-published');
  button.classList.add('weui-btn_loading');
  try {
    const bytes = new Uint8Array(await (await fetch(`${base}/transcript.txt`)).arrayBuffer());
    transcriptLines = new TextDecoder().decode(bytes).split('\n');
    show(await verify(bytes), '公布的派位记录');
  } finally {
    button.classList.remove('weui-btn_loading');
  }
});

$('verify-file').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (file) show(await verify(new Uint8Array(await file.arrayBuffer())), `文件“${file.name}”`);
});

$('find-pseudonym').addEventListener('input', async (event) => {
  const wanted = event.target.value.trim().toLowerCase();
  const answer = $('find-answer');
  if (!/^[0-9a-f]{16}$/.test(wanted)) {
    answer.hidden = true;
    return;
  }
  if (!transcriptLines) transcriptLines = (await (await fetch(`${base}/transcript.txt`)).text()).split('\n');
  const line = transcriptLines.map((l) => l.split(' ')).find((p) => p.length === 6 && p[1] === wanted);
  answer.textContent = line
    ? `编号 ${wanted}：派位顺序第 ${line[0]} 位，${line[5] === 'offered' ? '已录取' : '候补（有人放弃时按顺序递补）'}。`
    : '没有找到这个编号，请核对报名状态页上的派位编号。';
  answer.hidden = false;
});

load();
