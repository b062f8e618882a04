// Starts Swagger UI on the docs page (/docs). A file, not an inline script: the page is served under
// a strict Content-Security-Policy (script-src 'self').
//
// Authorize with a bearer token: call POST /api/v1/auth/login with "Try it out" (the token it returns
// is applied at once), or paste an access token or an API key in the Authorize dialog. Tokens are
// kept in this browser's localStorage (persistAuthorization) until you log out there.
(function () {
  'use strict';

  var LOGIN = '/api/v1/auth/login';
  var REFRESH = '/api/v1/auth/refresh';

  function start() {
    var ui = window.SwaggerUIBundle({
      url: '/api/v1/openapi.json',
      dom_id: '#swagger-ui',
      deepLinking: true,
      persistAuthorization: true,
      displayRequestDuration: true,
      filter: true,
      tryItOutEnabled: false,
      defaultModelsExpandDepth: 0,
      validatorUrl: null, // no online validator: the page works offline
      presets: [window.SwaggerUIBundle.presets.apis],
      layout: 'BaseLayout',
      responseInterceptor: function (response) {
        // A successful login or refresh made from this page authorizes the page with its token.
        var path = (response.url || '').replace(/^[a-z]+:\/\/[^/]+/i, '').split('?')[0];
        if ((path === LOGIN || path === REFRESH) && response.ok && response.body &&
            typeof response.body.access_token === 'string') {
          ui.preauthorizeApiKey('bearerAuth', response.body.access_token);
        }
        return response;
      },
    });
    window.ui = ui;
  }

  if (typeof window.SwaggerUIBundle !== 'function') {
    document.getElementById('swagger-ui').textContent =
      'Swagger UI did not load (swagger-ui-bundle.js is missing from this build).';
    return;
  }
  start();
})();
