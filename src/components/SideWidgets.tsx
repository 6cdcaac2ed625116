import { VIEW_SIZES, type Section } from '../api/schemas';
import { AccessRanking } from './AccessRanking';
import { PopularInSection } from './PopularInSection';
import { Widget } from './Widget';

/** The complementary column: the section's popular list (when there is a section) and the access ranking. */
export function SideWidgets({ section, currentArticleId }: { section?: Section; currentArticleId?: string }) {
  return (
    <aside className="side" aria-label="More to read">
      {section && (
        <Widget key={section.id} label={`popular articles in ${section.name}`} rows={VIEW_SIZES.popularShown}>
          <PopularInSection section={section} currentArticleId={currentArticleId} />
        </Widget>
      )}
      <Widget label="the access ranking" rows={VIEW_SIZES.rankingShown}>
        <AccessRanking currentArticleId={currentArticleId} />
      </Widget>
    </aside>
  );
}
