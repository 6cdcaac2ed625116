import { data, isRouteErrorResponse, Link, useRevalidator, useRouteError } from 'react-router';
import { ApiError, isNotFound } from '../api/fetchJson';
import { DocumentTitle } from '../components/DocumentTitle';
import { useOnReconnect } from '../lib/online';
import { paths } from '../lib/paths';

/** Thrown by a loader when the address names nothing in the archive. */
export function notFound() {
  return data('Not found', { status: 404, statusText: 'Not Found' });
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
      <DocumentTitle title="Page not found" />
      <h1 tabIndex={-1}>Page not found</h1>
      <p>There is no page at this address. The link may be mistyped, or the article may not be in this archive.</p>
      <p>
        <Link to={paths.home()}>Go to the front page</Link>
      </p>
    </div>
  );
}

/** The error boundary of every page: not found, or a load that failed, inside the site's header and footer. */
/** What went wrong, in a reader's words. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong while showing it.';
  switch (error.kind) {
    case 'network':
      return 'The connection to the server failed.';
    case 'timeout':
      return 'The server did not answer in time.';
    case 'http':
      return `The server had a problem (error ${error.status}).`;
    default:
      return 'The server sent something this reader could not read.';
  }
}

export function PageError() {
  const error = useRouteError();
  const revalidator = useRevalidator();
  useOnReconnect(() => revalidator.revalidate());
  if ((isRouteErrorResponse(error) && error.status === 404) || isNotFound(error)) return <NotFoundPage />;
  return (
    <div className="page-message">
      <DocumentTitle title="Could not load this page" />
      <h1 tabIndex={-1}>Could not load this page</h1>
      <p>{describeFailure(error)} Check your connection and try again.</p>
      <p className="actions">
        <button type="button" onClick={() => revalidator.revalidate()} disabled={revalidator.state === 'loading'}>
          Retry
        </button>
        <Link to={paths.home()}>Go to the front page</Link>
      </p>
    </div>
  );
}
