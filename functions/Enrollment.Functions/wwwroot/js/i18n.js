// The parent and public pages in the family's language. The pages are written in Chinese; another language is one
// file, /i18n/<language>.json, mapping each Chinese text to its translation (the same file the API's answers use).
// Every text node and label on the page, and every one a script adds later, is looked up whole: first exactly, then
// against the keys with {placeholders}, whose parts (a date, a school, a number) are put where the translation
// says. A text with no translation stays Chinese, and so does anything marked translate="no" (a family's own data).
const SEPARATOR = '、';
// Chinese characters, and the full-width punctuation that sits alone between a link and the text around it.
const HAN = /[\u4e00-\u9fff\u3000-\u303f\uff01-\uff1f]/;
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)(:n)?\}/g;
const ATTRIBUTES = ['placeholder', 'aria-label', 'title', 'alt'];
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'TEXTAREA', 'NOSCRIPT']);

let catalog = null;

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// "{name}" takes any text, "{name:n}" only digits; where two keys match, the one with more fixed text wins.
function compile(texts) {
  const exact = new Map();
  const templates = [];
  for (const [key, translation] of Object.entries(texts)) {
    if (!key.match(PLACEHOLDER)) {
      exact.set(key, translation);
      continue;
    }
    let pattern = '^';
    let at = 0;
    for (const m of key.matchAll(PLACEHOLDER)) {
      pattern += escape(key.slice(at, m.index)) + `(?<${m[1]}>${m[2] ? '\\d+' : '.+?'})`;
      at = m.index + m[0].length;
    }
    templates.push({
      pattern: new RegExp(pattern + escape(key.slice(at)) + '$', 's'),
      translation: translation.replace(PLACEHOLDER, '{$1}'),
      fixed: key.replace(PLACEHOLDER, '').length,
    });
  }
  templates.sort((a, b) => b.fixed - a.fixed);
  return { exact, templates, separator: exact.get(SEPARATOR) };
}

function lookup(text) {
  const found = catalog.exact.get(text);
  if (found !== undefined) return found;
  for (const { pattern, translation } of catalog.templates) {
    const m = pattern.exec(text);
    if (m) return translation.replace(PLACEHOLDER, (_, name) => part(m.groups[name]));
  }
  return null;
}

// What fills a placeholder is translated too where it can be, a list joined with "、" where every item can be; a name,
// a number or the bureau's own text stays as it is.
function part(value) {
  const found = lookup(value);
  if (found !== null) return found;
  if (catalog.separator && value.includes(SEPARATOR)) {
    const items = value.split(SEPARATOR).map(lookup);
    if (items.every((item) => item !== null)) return items.join(catalog.separator);
  }
  return value;
}

/** The text in the page's language: the Chinese itself when there is no translation (or the page is in Chinese). */
export function translate(text) {
  if (!catalog || !text || !HAN.test(text)) return text;
  const whole = text.replace(/\s+/g, ' ').trim();
  const found = lookup(whole);
  if (found === null) return text;
  return text.match(/^\s*/)[0] + found + text.match(/\s*$/)[0];
}

function excluded(node) {
  const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
  return !element || SKIPPED.has(element.tagName) || element.closest('[translate="no"]') !== null;
}

function translateText(node) {
  if (excluded(node)) return;
  const translated = translate(node.nodeValue);
  if (translated !== node.nodeValue) node.nodeValue = translated;
}

function translateAttributes(element) {
  if (excluded(element)) return;
  for (const name of ATTRIBUTES) {
    const value = element.getAttribute(name);
    if (value && HAN.test(value)) {
      const translated = translate(value);
      if (translated !== value) element.setAttribute(name, translated);
    }
  }
}

function translateTree(root) {
  if (root.nodeType === Node.TEXT_NODE) {
    translateText(root);
    return;
  }
  if (root.nodeType !== Node.ELEMENT_NODE) return;
  translateAttributes(root);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) translateText(node);
    else translateAttributes(node);
  }
}

/** Loads the language's file and translates the page, now and whenever a script changes it. */
export async function start(language) {
  try {
    const response = await fetch(`/i18n/${encodeURIComponent(language)}.json`);
    if (!response.ok) throw new Error(`texts ${response.status}`);
    catalog = compile(await response.json());
    const title = () => {
      const translated = translate(document.title);
      if (translated !== document.title) document.title = translated;
    };
    title();
    // A page names itself once it knows the county or the step: its title is translated whenever it changes.
    const head = document.querySelector('title');
    if (head) new MutationObserver(title).observe(head, { childList: true, characterData: true, subtree: true });
    translateTree(document.body);
    new MutationObserver(records => {
      for (const record of records) {
        if (record.type === 'childList') record.addedNodes.forEach(translateTree);
        else if (record.type === 'characterData') translateText(record.target);
        else translateAttributes(record.target);
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES });
  } catch (e) {
    // Without its texts the page stays in Chinese rather than blank.
    console.warn('translation unavailable', e);
  } finally {
    document.documentElement.classList.remove('translating');
  }
}
