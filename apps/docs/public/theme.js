// Light or dark, shared with the reference: Scalar keeps the choice in localStorage "colorMode"
// ("light", "dark" or "system"), and the guides read and write the same key.
(() => {
  const KEY = 'colorMode';
  const stored = () => {
    try {
      return localStorage.getItem(KEY);
    } catch {
      return null;
    }
  };
  const systemDark = () => window.matchMedia?.('(prefers-color-scheme: dark)').matches === true;
  const isDark = () => {
    const mode = stored();
    return mode === 'dark' || ((mode === null || mode === 'system') && systemDark());
  };
  const apply = (dark) => {
    document.documentElement.classList.toggle('dark-mode', dark);
    document.documentElement.classList.toggle('light-mode', !dark);
  };
  apply(isDark());
  document.addEventListener('click', (event) => {
    const target =
      event.target instanceof Element ? event.target.closest('[data-theme-toggle]') : null;
    if (!target) return;
    const dark = !document.documentElement.classList.contains('dark-mode');
    try {
      localStorage.setItem(KEY, dark ? 'dark' : 'light');
    } catch {
      // Storage can be disabled; the choice then lasts for this page only.
    }
    apply(dark);
  });
})();
