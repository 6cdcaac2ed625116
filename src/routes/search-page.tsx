// The search page: the form, the status line and the results. Full-text search of the whole archive, in
// the browser, against the static Pagefind indexes the build writes: the engine is src/search/engine.ts,
// connected to the page and the address by useSearch. A lazy route (src/app.tsx): its code (3.0 KB gzip,
// with the engine's) is loaded only when the page is opened or a search box is focused, and Pagefind's
// script and WebAssembly, from the site's own pagefind/ folder, only when a search box is focused or a
// search is made.
import { useSuspenseQuery } from '@tanstack/react-query';
import { memo, useId } from 'react';
import { Link } from 'react-router';
import { siteQueries } from '../api/queries';
import type { Publication, Site } from '../api/schemas';
import { ArticleLink } from '../components/ArticleLink';
import { DocumentTitle } from '../components/DocumentTitle';
import { formatDate } from '../lib/dates';
import { pageUrl, paths } from '../lib/paths';
import type { Found, Result } from '../search/engine';
import { sortOf, useSearch, yearsAsked } from '../search/use-search';

// The header's search box starts the engine through this module, so that focusing it loads the page's
// one script (src/routes/root.tsx).
export { prepareSearch } from '../search/use-search';

function SearchResult({ result, site }: { result: Result; site: Site }) {
  const { meta } = result;
  const section = site.sections.find((each) => each.id === meta.section);
  const headlineOnly = meta.headlineOnly === 'true';
  return (
    <li className="search-result">
      <h2 className="section-item-headline">
        <ArticleLink article={{ id: meta.id, section: meta.section }} dir="auto">
          {meta.title}
        </ArticleLink>
      </h2>
      <p className="section-item-meta">
        {section && <Link to={paths.section(section.id)}>{section.name}</Link>}
        {section && ' · '}
        <ResultDate publishedAt={meta.publishedAt} publication={site.publication} />
        {headlineOnly && <span className="tag">Headline only</span>}
      </p>
      {!headlineOnly && (
        <p className="search-excerpt">
          {result.excerpt.map(({ text, marked }, position) => (marked ? <mark key={position}>{text}</mark> : text))}
        </p>
      )}
    </li>
  );
}

/** The results on screen: drawn again only when they change, not at each step of the next search. */
const SearchResults = memo(function SearchResults({ items, site }: { items: Result[]; site: Site }) {
  return (
    <ol className="search-results">
      {items.map((result) => (
        <SearchResult key={result.meta.id} result={result} site={site} />
      ))}
    </ol>
  );
});

function ResultDate({ publishedAt, publication }: { publishedAt?: string; publication: Publication }) {
  if (!publishedAt) return 'Date not archived';
  return <time dateTime={publishedAt}>{formatDate(publishedAt, publication.timeZone, publication.locale)}</time>;
}

/** One of the search form's choices: a labelled list, whose change is a new search. */
function Choice(props: {
  label: string;
  name: string;
  value: string;
  options: readonly (readonly [value: string, label: string])[];
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <p>
      <label htmlFor={id}>{props.label}</label>
      <select id={id} name={props.name} defaultValue={props.value} onChange={(event) => props.onChange(event.currentTarget.value)}>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </p>
  );
}

/** What the status line says of a search's results: how many, and the years searched when not all were. */
function statusOf(term: string, found: Found): string {
  if (found.total === 0) return `No results for “${term}”.`;
  const count = `${found.total.toLocaleString('en-US')} result${found.total === 1 ? '' : 's'} for “${term}”`;
  if (found.complete) return `${count}.`;
  const newest = found.searched[0];
  const oldest = found.searched.at(-1);
  return newest === oldest ? `${count} in ${newest}.` : `${count} from ${oldest} to ${newest}.`;
}

export function SearchPage() {
  const { data: site } = useSuspenseQuery(siteQueries.detail());
  const { search, setSearch, searchKey, results, showMore, prepare } = useSearch();
  const termId = useId();
  const term = search.term.trim();

  let status = '';
  if (term && results.isError) status = 'Search is not available right now. Try again later, or browse the sections.';
  else if (term && results.data && !results.isPlaceholderData) status = statusOf(term, results.data);
  else if (term) status = 'Searching…';

  return (
    <div className="search-page">
      <DocumentTitle title={`${term ? `${term}: search` : 'Search'} | ${site.publication.name}`} />
      <h1 className="page-title" tabIndex={-1}>
        Search
      </h1>
      <noscript>
        <p className="page-message">
          Search needs JavaScript, which is off in this browser. Every article can be found from its section:{' '}
          {site.sections.map((section, position) => (
            <span key={section.id}>
              {position > 0 && ', '}
              <a href={pageUrl(paths.section(section.id))}>{section.name}</a>
            </span>
          ))}
          .
        </p>
      </noscript>
      <form
        className="search-form"
        role="search"
        aria-label="Search and filters"
        key={searchKey}
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          setSearch({
            term: String(form.get('q') ?? ''),
            section: String(form.get('section') ?? ''),
            sort: sortOf(form.get('sort')),
            years: yearsAsked(form.get('years')),
          });
        }}
      >
        <p>
          <label htmlFor={termId}>Words to find</label>
          <input id={termId} type="search" name="q" defaultValue={search.term} autoComplete="off" enterKeyHint="search" onFocus={prepare} />
        </p>
        <Choice
          label="Section"
          name="section"
          value={search.section}
          options={[['', 'All sections'], ...site.sections.map((section) => [section.id, section.name] as const)]}
          onChange={(section) => setSearch({ ...search, section })}
        />
        <Choice
          label="Order"
          name="sort"
          value={search.sort}
          options={[
            ['relevance', 'Most relevant first'],
            ['newest', 'Newest first'],
          ]}
          onChange={(sort) => setSearch({ ...search, sort: sortOf(sort) })}
        />
        <Choice
          label="Years"
          name="years"
          value={search.years}
          options={[
            ['recent', 'Recent years'],
            ['all', 'All years'],
          ]}
          onChange={(years) => setSearch({ ...search, years: yearsAsked(years) })}
        />
        <p>
          <button type="submit">Search</button>
        </p>
      </form>
      <div className="search-summary">
        <p className="search-status" role="status">
          {status}
        </p>
        {term && results.data && !results.data.complete && !results.isPlaceholderData && (
          <button type="button" onClick={() => setSearch({ ...search, years: 'all' })}>
            Search all years
          </button>
        )}
      </div>
      {term && results.data && results.data.items.length > 0 && (
        <>
          <SearchResults items={results.data.items} site={site} />
          {results.data.total > results.data.items.length && (
            <p>
              <button type="button" onClick={showMore} disabled={results.isFetching}>
                Show more results
              </button>
            </p>
          )}
        </>
      )}
    </div>
  );
}
