import type { Publication } from '../api/schemas';
import { formatDateline, formatDatelineForReader, offsetAt } from '../lib/dates';
import { useTakenOver } from '../hydration';

export function Dateline({ publishedAt, publication }: { publishedAt?: string; publication: Publication }) {
  if (!publishedAt) return <p className="dateline">Publication date not archived</p>;
  return (
    <p className="dateline">
      <time dateTime={publishedAt}>{formatDateline(publishedAt, publication.timeZone, publication.timeZoneLabel, publication.locale)}</time>
    </p>
  );
}

/**
 * The same moment in the reader's own time zone, where it differs from the publication's: shown once the
 * app has started (a prerendered page cannot know the reader's zone). It sits at the end of a line that
 * does not wrap, so appearing moves nothing.
 */
export function LocalDateline({ publishedAt, publication }: { publishedAt: string; publication: Publication }) {
  const takenOver = useTakenOver();
  // Asked on the server too, where the answer is not shown: the page's data block carries it, so that the
  // browser can compare the reader's clock with the publication's without Intl.
  offsetAt(publishedAt, publication.timeZone);
  const local = takenOver ? formatDatelineForReader(publishedAt, publication.timeZone, publication.locale) : null;
  if (!local) return null;
  return (
    <span className="local-dateline" title={`Your time: ${local}`}>
      {' · '}Your time: {local}
    </span>
  );
}
