import { Type } from 'typebox';
import type { ConnectorDefinition } from '../../connectors/connector-definition.ts';
import { PagingQuery } from '../paging.ts';
import { methodView } from './connector-views.ts';

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const CatalogQuery = Type.Object({
  ...PagingQuery,
  query: Type.Optional(
    Type.String({ description: 'Case-insensitive text to find in the name or description' }),
  ),
  category: Type.Optional(Type.String()),
  orderBy: Type.Optional(Type.String()),
  sortOrderAsc: Type.Optional(Type.String()),
});

export const MethodQuery = Type.Object({
  query: Type.Optional(Type.String()),
  category: Type.Optional(Type.String()),
});

export function matches(text: string | undefined, ...fields: string[]): boolean {
  if (!text) return true;
  const wanted = text.toLowerCase();
  return fields.some((field) => field.toLowerCase().includes(wanted));
}

export function methodsOf(
  definition: ConnectorDefinition,
  query: { query?: string | undefined; category?: string | undefined },
) {
  return definition.methods
    .filter((m) => matches(query.query, m.name, m.description))
    .filter((m) => !query.category || m.category.toLowerCase() === query.category.toLowerCase())
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(methodView);
}

export const tags = ['Connectors'];
