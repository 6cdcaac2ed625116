// Only the app's own origin, and no inline script or style but the one stylesheet that every page
// carries inline, allowed by its hash: article text cannot run or style anything, and no request leaves
// the site. The build puts the policy into each page's meta tag (vite.config.ts); the static server sends
// a page's own policy as its header. frame-ancestors works only as a header, so the meta tag leaves it out.
import { createHash } from 'node:crypto';

/** The policy for pages whose inline style elements have these contents. */
export function contentSecurityPolicy(inlineStyles: string[] = []): string {
  const hashes = inlineStyles.map((css) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`);
  return [
    "default-src 'self'",
    // Search runs Pagefind's WebAssembly, compiled from a file of the site's own; no script text is evaluated.
    "script-src 'self' 'wasm-unsafe-eval'",
    ["style-src 'self'", ...hashes].join(' '),
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** The header for a response whose page (if it is one) has this policy in its meta tag. */
export const contentSecurityPolicyHeader = (policy = contentSecurityPolicy()) => `${policy}; frame-ancestors 'none'`;
