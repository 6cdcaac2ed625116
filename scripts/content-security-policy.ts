// Only the app's own origin, and no inline script or style: article text cannot run anything, and no
// request leaves the site. Used for the meta tag in the built index.html and for the header of the
// static server. frame-ancestors works only as a header, so the meta tag leaves it out.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;
