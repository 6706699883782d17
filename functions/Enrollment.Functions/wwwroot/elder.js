'use strict';
// 长辈模式: larger text and bigger buttons for a grandparent registering the child, remembered by the phone. Loaded in
// each parent and public page's head, so a page opens in the chosen size without a flash of the other.
(function () {
  const KEY = 'enrollment.elder';
  const root = document.documentElement;
  let stored = null;
  try { stored = localStorage.getItem(KEY); } catch (e) { /* private mode: the switch still works for this page */ }
  root.classList.toggle('elder', stored === '1');

  document.addEventListener('DOMContentLoaded', () => {
    const button = Object.assign(document.createElement('button'), { type: 'button', id: 'elder-toggle', className: 'elder-toggle' });
    const show = () => {
      const on = root.classList.contains('elder');
      button.textContent = on ? '标准字体' : '长辈模式';
      button.setAttribute('aria-pressed', String(on));
      button.setAttribute('aria-label', on ? '切换回标准字体' : '长辈模式：放大文字和按钮');
    };
    button.addEventListener('click', () => {
      const on = !root.classList.contains('elder');
      root.classList.toggle('elder', on);
      try { localStorage.setItem(KEY, on ? '1' : '0'); } catch (e) { /* not remembered, still applied */ }
      show();
    });
    show();
    document.body.prepend(button);
  });
}());
