// A side widget loads on its own: while it waits it holds its space, and if it fails it says so
// with a Retry button, leaving the rest of the page alone.
import { QueryErrorResetBoundary } from '@tanstack/react-query';
import { Suspense, type ReactNode } from 'react';
import { useOnReconnect } from '../lib/online';
import { ErrorBoundary } from './ErrorBoundary';

interface WidgetProps {
  /** What the widget shows, for its loading and error messages ("the access ranking"). */
  label: string;
  rows: number;
  children: ReactNode;
}

export function Widget({ label, rows, children }: WidgetProps) {
  return (
    <QueryErrorResetBoundary>
      {({ reset }) => (
        <ErrorBoundary onReset={reset} fallback={(_error, retry) => <WidgetError label={label} retry={retry} />}>
          <Suspense fallback={<WidgetSkeleton label={label} rows={rows} />}>{children}</Suspense>
        </ErrorBoundary>
      )}
    </QueryErrorResetBoundary>
  );
}

function WidgetError({ label, retry }: { label: string; retry: () => void }) {
  useOnReconnect(retry);
  return (
    <section className="widget widget-error" aria-label={label}>
      {/* A polite status: a reader in the middle of an article is not interrupted by a side widget. */}
      <p role="status">Could not load {label}.</p>
      <button type="button" onClick={retry}>
        Retry
      </button>
    </section>
  );
}

function WidgetSkeleton({ label, rows }: { label: string; rows: number }) {
  return (
    <section className="widget" aria-busy="true" aria-label={`Loading ${label}`}>
      <div className="skeleton skeleton-heading" />
      <ul className="headline-list">
        {Array.from({ length: rows }, (_, index) => (
          <li key={index} className="skeleton skeleton-row" />
        ))}
      </ul>
    </section>
  );
}
