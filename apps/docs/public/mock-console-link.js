// The mock console, linked from the navigation only where segmind-mock serves these pages (it
// serves them at /docs/ and the console at /__mock/console): opened from the disk or served by
// anything else, the link stays hidden rather than lead nowhere.
(() => {
  if (location.protocol !== 'http:' && location.protocol !== 'https:') return;
  const link = document.querySelector('[data-mock-console]');
  if (!link) return;
  fetch('/__mock/console/settings.json', { cache: 'no-store', credentials: 'omit' })
    .then((response) => {
      const json = response.headers.get('content-type')?.startsWith('application/json');
      if (response.ok && json) link.hidden = false;
    })
    .catch(() => {
      // No mock here: the link stays hidden.
    });
})();
