// The lower bound of the first read: the app's article as a plain static page.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { articleSchema, type Article } from '../../src/api/schemas.ts';
import { formatDateline } from '../../src/lib/dates.ts';
import { escapeHtml } from '../../src/pipeline/page-template.ts';
import { SEED_ID } from '../../tests/fixtures/seed.ts';
import { contentSecurityPolicy } from '../content-security-policy.ts';

/**
 * The same article as one plain HTML page with the app's stylesheet inline and no script (stylesheet
 * "inline"); and the same page with the stylesheet as a file of its own ("external").
 */
export async function writeStaticPage(appDir: string, dir: string, stylesheet: 'inline' | 'external'): Promise<void> {
  const article: Article = v.parse(articleSchema, JSON.parse(await readFile(path.join(appDir, 'api/articles', `${SEED_ID}.json`), 'utf8')));
  const appPage = await readFile(path.join(appDir, 'articles', SEED_ID, 'index.html'), 'utf8');
  const css = /<style>([\s\S]*?)<\/style>/.exec(appPage)![1];
  await mkdir(path.join(dir, 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'assets', 'style.css'), css);
  const html = `<!doctype html>
<html lang="en-US">
<head>
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(stylesheet === 'inline' ? [css] : []))}">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(article.headline)} | The Japan News</title>
${stylesheet === 'inline' ? `<style>${css}</style>` : '<link rel="stylesheet" href="/assets/style.css">'}
</head>
<body>
<header class="site-header"><div class="site-header-inner"><a class="masthead" href="/">The Japan News</a></div></header>
<main class="site-main"><article class="article">
<p class="section-label"><a href="/sections/politics">Politics</a></p>
<h1 class="headline">${escapeHtml(article.headline)}</h1>
<p class="dateline"><time datetime="${escapeHtml(article.publishedAt!)}">${escapeHtml(formatDateline(article.publishedAt!, 'Asia/Tokyo', 'JST'))}</time></p>
<div class="article-body">${article.body.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}</div>
</article></main>
</body>
</html>
`;
  await mkdir(path.join(dir, 'articles', SEED_ID), { recursive: true });
  await writeFile(path.join(dir, 'articles', SEED_ID, 'index.html'), html);
  await writeFile(path.join(dir, '404.html'), '<!doctype html><title>Not found</title>');
}
