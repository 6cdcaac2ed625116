import { VIEW_SIZES, type Section } from '../api/schemas';
import { loadable } from '../lib/loadable';
import { Widget } from './Widget';

// The lists' code is not in the page's script: the prerendered lists are shown and kept until it has come
// (each is inside its widget's Suspense boundary), which the app asks for as soon as it has started.
export const PopularInSection = loadable(() => import('./PopularInSection').then((module) => module.PopularInSection));
export const AccessRanking = loadable(() => import('./AccessRanking').then((module) => module.AccessRanking));

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
