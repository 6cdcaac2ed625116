// One query-options factory per resource, shared by route loaders and components.
// Keys go from general to specific so a whole resource can be invalidated at once.
import { queryOptions } from '@tanstack/react-query';
import { apiUrl } from '../lib/paths';
import { fetchJson } from './fetchJson';
import {
  articleSchema,
  frontSchema,
  popularListSchema,
  rankingSchema,
  sectionPageSchema,
  siteSchema,
} from './schemas';

export const siteQueries = {
  detail: () =>
    queryOptions({
      queryKey: ['site'],
      queryFn: ({ signal }) => fetchJson(apiUrl('site.json'), siteSchema, signal),
      staleTime: Infinity,
    }),
};

export const frontQueries = {
  detail: () =>
    queryOptions({
      queryKey: ['front'],
      queryFn: ({ signal }) => fetchJson(apiUrl('front.json'), frontSchema, signal),
    }),
};

export const articleQueries = {
  all: () => ['articles'] as const,
  detail: (id: string) =>
    queryOptions({
      queryKey: [...articleQueries.all(), id],
      queryFn: ({ signal }) => fetchJson(apiUrl(`articles/${id}.json`), articleSchema, signal),
    }),
};

export const sectionQueries = {
  all: () => ['sections'] as const,
  page: (sectionId: string, page: number) =>
    queryOptions({
      queryKey: [...sectionQueries.all(), sectionId, page],
      queryFn: ({ signal }) => fetchJson(apiUrl(`sections/${sectionId}/${page}.json`), sectionPageSchema, signal),
    }),
};

export const popularQueries = {
  all: () => ['popular'] as const,
  inSection: (sectionId: string) =>
    queryOptions({
      queryKey: [...popularQueries.all(), sectionId],
      queryFn: ({ signal }) => fetchJson(apiUrl(`popular/${sectionId}.json`), popularListSchema, signal),
    }),
};

export const rankingQueries = {
  detail: () =>
    queryOptions({
      queryKey: ['ranking'],
      queryFn: ({ signal }) => fetchJson(apiUrl('ranking.json'), rankingSchema, signal),
    }),
};
