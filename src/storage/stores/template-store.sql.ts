import { type Kysely, sql } from 'kysely';
import type { Template } from '../../domain/templates/template.ts';
import type { TemplateStore } from '../../domain/templates/template-store.ts';
import type { DatabaseSchema, TemplateRow } from '../schema.ts';

function toTemplate(row: TemplateRow): Template {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tags: JSON.parse(row.tags) as string[],
    latestRelease: Number(row.latest_release),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toRow(template: Template): TemplateRow {
  return {
    id: template.id,
    name: template.name,
    description: template.description,
    tags: JSON.stringify(template.tags),
    latest_release: template.latestRelease,
    created_at: template.createdAt,
    updated_at: template.updatedAt,
  };
}

export function sqlTemplateStore(db: Kysely<DatabaseSchema>): TemplateStore {
  return {
    async findByName(name) {
      const row = await db.selectFrom('templates').selectAll().where('name', '=', name).executeTakeFirst();
      return row && toTemplate(row);
    },
    async find(id) {
      const row = await db.selectFrom('templates').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toTemplate(row);
    },
    async list({ tag, offset, limit }) {
      let query = db.selectFrom('templates');
      if (tag !== null) {
        // Tags are a JSON array of text; the quoted, lower-cased tag is matched inside it.
        const needle = `%${JSON.stringify(tag.toLowerCase()).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query = query.where(sql<boolean>`lower(tags) like ${needle} escape '\\'`);
      }
      const [rows, count] = await Promise.all([
        query.selectAll().orderBy('created_at', 'desc').orderBy('id').offset(offset).limit(limit).execute(),
        query.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toTemplate), total: Number(count.n) };
    },
    async insert(template) {
      await db.insertInto('templates').values(toRow(template)).execute();
    },
    async update(template) {
      const { id: _id, created_at: _created, ...changes } = toRow(template);
      await db.updateTable('templates').set(changes).where('id', '=', template.id).execute();
    },
    async insertRelease(release) {
      await db
        .insertInto('template_releases')
        .values({
          template_id: release.templateId,
          release_number: release.releaseNumber,
          document: JSON.stringify(release.document),
          created_at: release.createdAt,
        })
        .execute();
    },
    async release(templateId, releaseNumber) {
      const row = await db
        .selectFrom('template_releases')
        .selectAll()
        .where('template_id', '=', templateId)
        .where('release_number', '=', releaseNumber)
        .executeTakeFirst();
      return (
        row && {
          templateId: row.template_id,
          releaseNumber: Number(row.release_number),
          document: JSON.parse(row.document),
          createdAt: Number(row.created_at),
        }
      );
    },
  };
}
