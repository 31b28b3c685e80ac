// Mounts the API reference with Scalar's standalone bundle (served from this folder), configured
// so that the page makes no request to any origin but its own: no web fonts, no CORS proxy, no
// telemetry, no developer toolbar, no AI agent.
(() => {
  const spec = structuredClone(window.SEGMIND_OPENAPI);
  const servers = Array.isArray(spec.servers) ? spec.servers : [];

  // Served by segmind-mock at /docs: try-it goes to the mock that serves this page.
  const servedByMock =
    /^https?:$/.test(location.protocol) && /^\/docs(\/|$)/.test(location.pathname);
  if (servedByMock && !servers.some((server) => server.url === location.origin)) {
    servers.unshift({
      url: location.origin,
      description: 'This segmind-mock (it serves these pages)',
    });
  }
  spec.servers = servers;

  const loopback = (url) => {
    try {
      return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
    } catch {
      return false;
    }
  };
  // The mock accepts any non-empty key, so prefill one when try-it starts on a local mock; never
  // when it starts on Segmind's API, where a made-up key would only earn a 401.
  const authentication = loopback(servers[0]?.url)
    ? {
        preferredSecurityScheme: 'ApiKeyAuth',
        securitySchemes: { ApiKeyAuth: { value: 'mock-key' } },
      }
    : { preferredSecurityScheme: 'ApiKeyAuth' };

  window.Scalar.createApiReference('#reference', {
    content: spec,
    authentication,
    // Offline: every one of these would otherwise reach a third-party origin.
    withDefaultFonts: false,
    proxyUrl: '',
    telemetry: false,
    showDeveloperTools: 'never',
    agent: { disabled: true },
    // The TypeScript, curl and Python samples of the spec (x-codeSamples) are tested; Scalar's
    // generated snippets are not, so only the former are shown.
    hiddenClients: true,
    persistAuth: false,
    documentDownloadType: 'json',
    searchHotKey: 'k',
    theme: 'default',
    layout: 'modern',
    defaultOpenAllTags: true,
    metaData: { title: 'API reference · segmind-ts' },
  });
})();
