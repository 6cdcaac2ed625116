import type { Publication } from '../api/schemas';
import { formatDateline } from '../lib/dates';

export function Dateline({ publishedAt, publication }: { publishedAt?: string; publication: Publication }) {
  if (!publishedAt) return <p className="dateline">Publication date not archived</p>;
  return (
    <p className="dateline">
      <time dateTime={publishedAt}>{formatDateline(publishedAt, publication.timeZone, publication.timeZoneLabel, publication.locale)}</time>
    </p>
  );
}
