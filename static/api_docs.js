// Starts Swagger UI on /api/docs (routes/api_docs.tsx). An external file, not an
// inline script, so that the page runs under the site's Content-Security-Policy.
// "Try it out" sends the session cookie; writes also need the CSRF header, read
// here from the CSRF cookie (its name and the header's come from the page).
(() => {
  const el = document.getElementById("swagger-ui");
  const { url, csrfCookies, csrfHeader } = el.dataset;
  const names = csrfCookies.split(" ");
  const csrfToken = () => {
    for (const c of document.cookie.split(/;\s*/)) {
      const [name, ...value] = c.split("=");
      if (names.includes(name)) {
        return decodeURIComponent(value.join("="));
      }
    }
    return "";
  };
  globalThis.SwaggerUIBundle({
    url,
    domNode: el,
    deepLinking: true,
    displayOperationId: true,
    docExpansion: "none",
    presets: [globalThis.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // No badge from validator.swagger.io: the page makes no third-party requests.
    validatorUrl: null,
    requestInterceptor: (req) => {
      const token = csrfToken();
      if (token && !/^(GET|HEAD|OPTIONS)$/i.test(req.method)) req.headers[csrfHeader] = token;
      return req;
    },
  });
})();
