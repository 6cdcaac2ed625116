// Only the app's own origin, and no inline script or style but the stylesheet and the display script
// that every page carries inline, allowed by their hashes: article text cannot run or style anything,
// and no request leaves the site. The build puts the policy into each page's meta tag (vite.config.ts);
// the static server sends a page's own policy as its header. frame-ancestors works only as a header, so
// the meta tag leaves it out.
import { createHash } from 'node:crypto';

const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The policy for pages whose inline style and script elements have these contents. */
export function contentSecurityPolicy(inlineStyles: string[] = [], inlineScripts: string[] = []): string {
  return [
    "default-src 'self'",
    // Search runs Pagefind's WebAssembly, compiled from a file of the site's own; no script text is evaluated.
    ["script-src 'self' 'wasm-unsafe-eval'", ...inlineScripts.map(hashOf)].join(' '),
    ["style-src 'self'", ...inlineStyles.map(hashOf)].join(' '),
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    // The service worker and the web app manifest: the site's own.
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** The header for a response whose page (if it is one) has this policy in its meta tag. */
export const contentSecurityPolicyHeader = (policy = contentSecurityPolicy()) => `${policy}; frame-ancestors 'none'`;
