'use strict';
// What the phone remembers for the parent and public pages: 长辈模式 (larger text and bigger buttons for a grandparent
// registering the child) and the language. Loaded in each page's head, so a page opens in the chosen size and language
// without a flash of the other. Until the family chooses, the phone's own language decides: English where the phone
// prefers English to Chinese, else Chinese.
(function () {
  const ELDER = 'enrollment.elder';
  const LANGUAGE = 'enrollment.language';
  const root = document.documentElement;
  const read = key => {
    try { return localStorage.getItem(key); } catch (e) { return null; } // private mode: the switches still work for this page
  };
  const write = (key, value) => {
    try { localStorage.setItem(key, value); } catch (e) { /* not remembered, still applied */ }
  };

  const preferred = (navigator.languages || [navigator.language || '']).map(l => l.toLowerCase()).find(l => /^(zh|en)\b/.test(l)) || 'zh';
  const language = read(LANGUAGE) || (preferred.startsWith('en') ? 'en' : 'zh-CN');
  root.lang = language;
  root.classList.toggle('elder', read(ELDER) === '1');
  if (language !== 'zh-CN') {
    // Hidden until translated (js/i18n.js shows it, with or without its texts), so a parent never reads half Chinese.
    root.classList.add('translating');
    import('/js/i18n.js').then(i18n => i18n.start(language), () => root.classList.remove('translating'));
  }

  // A switch in the page's top corner: render shows its state, act changes it.
  function toggle(id, render, act) {
    const button = Object.assign(document.createElement('button'), { type: 'button', id, className: 'pref-toggle' });
    button.addEventListener('click', () => { act(); render(button); });
    render(button);
    return button;
  }

  document.addEventListener('DOMContentLoaded', () => {
    const elder = toggle('elder-toggle', button => {
      const on = root.classList.contains('elder');
      button.textContent = on ? '标准字体' : '长辈模式';
      button.setAttribute('aria-pressed', String(on));
      button.setAttribute('aria-label', on ? '切换回标准字体' : '长辈模式：放大文字和按钮');
    }, () => {
      const on = !root.classList.contains('elder');
      root.classList.toggle('elder', on);
      write(ELDER, on ? '1' : '0');
    });
    // Each language is named in itself, and the page opens again in it.
    const other = language === 'zh-CN' ? 'en' : 'zh-CN';
    const switcher = toggle('language-toggle', button => {
      button.textContent = other === 'en' ? 'English' : '中文';
      button.lang = other;
      button.setAttribute('translate', 'no');
    }, () => {
      write(LANGUAGE, other);
      location.reload();
    });
    const bar = Object.assign(document.createElement('div'), { className: 'pref-bar' });
    bar.append(switcher, elder);
    document.body.prepend(bar);
  });
}());
