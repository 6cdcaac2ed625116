import { data, isRouteErrorResponse, Link, useRevalidator, useRouteError } from 'react-router';
import { isNotFound } from '../api/fetchJson';
import { paths } from '../lib/paths';

/** Thrown by a loader when the address names nothing in the archive. */
export function notFound() {
  return data('Not found', { status: 404 });
}

/** Turns an API "not found" into the route's 404; other failures pass through unchanged. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw isNotFound(error) ? notFound() : error;
  }
}

export function NotFoundPage() {
  return (
    <div className="page-message">
      <title>Page not found</title>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>There is no page at this address. The link may be mistyped, or the article may not be in this archive.</p>
      <p>
        <Link to={paths.home()}>Go to the front page</Link>
      </p>
    </div>
  );
}

/** The error boundary of every page: not found, or a load that failed, inside the site's header and footer. */
export function PageError() {
  const error = useRouteError();
  const revalidator = useRevalidator();
  if ((isRouteErrorResponse(error) && error.status === 404) || isNotFound(error)) return <NotFoundPage />;
  return (
    <div className="page-message">
      <title>Could not load this page</title>
      <h1 tabIndex={-1}>Could not load this page</h1>
      <p>Something went wrong while loading it. Check your connection and try again.</p>
      <p className="actions">
        <button type="button" onClick={() => revalidator.revalidate()} disabled={revalidator.state === 'loading'}>
          Retry
        </button>
        <Link to={paths.home()}>Go to the front page</Link>
      </p>
    </div>
  );
}
