import { randomUUID } from 'node:crypto';
import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import type { Clock } from '../clock.ts';
import { notFound, PlugboardError } from '../errors.ts';
import type { Stores } from '../stores.ts';
import type { Template, TemplateRelease } from './template.ts';
import type { TemplatePage } from './template-store.ts';
import { validateTemplate } from './template-validation.ts';

/** Largest template document accepted, serialised. */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;

/** The outcome of an import: the template and the release it made. */
export interface ImportedTemplate {
  readonly template: Template;
  readonly release: TemplateRelease;
}

/** Imports, lists and exports templates. */
export class TemplateService {
  constructor(
    private readonly stores: Stores,
    private readonly catalog: ConnectorCatalog,
    private readonly clock: Clock,
  ) {}

  /**
   * Validates `raw` whole and stores it as the next release of the template with its Name (a new
   * template when the Name is new). Every problem is listed in one 400; nothing is stored then.
   */
  async import(raw: unknown): Promise<ImportedTemplate> {
    if (JSON.stringify(raw ?? null).length > MAX_TEMPLATE_BYTES)
      throw new PlugboardError(
        'payload_too_large',
        `A template document is at most ${MAX_TEMPLATE_BYTES} bytes.`,
      );
    const checked = validateTemplate(raw, this.catalog);
    if (!checked.ok) {
      const count = checked.problems.length;
      throw new PlugboardError(
        'invalid_request',
        `The template is not valid (${count} problem${count === 1 ? '' : 's'}): ${checked.problems.join(' ')}`,
      );
    }
    const document = checked.document;
    const now = this.clock();
    return this.stores.transaction(async (tx) => {
      const existing = await tx.templates.findByName(document.Name);
      const fields = {
        name: document.Name,
        description: document.Description ?? null,
        tags: [...(document.Tags ?? [])],
        updatedAt: now,
      };
      const template: Template = existing
        ? { ...existing, ...fields, latestRelease: existing.latestRelease + 1 }
        : { id: randomUUID(), ...fields, latestRelease: 1, createdAt: now };
      if (existing) await tx.templates.update(template);
      else await tx.templates.insert(template);
      const release: TemplateRelease = {
        templateId: template.id,
        releaseNumber: template.latestRelease,
        document,
        createdAt: now,
      };
      await tx.templates.insertRelease(release);
      return { template, release };
    });
  }

  async get(id: string): Promise<Template> {
    const template = await this.stores.templates.find(id);
    if (!template) throw notFound(`Template ${id} was not found.`);
    return template;
  }

  list(query: { tag: string | null; offset: number; limit: number }): Promise<TemplatePage> {
    return this.stores.templates.list(query);
  }

  /** A release of the template (the latest unless a number is given). */
  async release(id: string, releaseNumber?: number): Promise<TemplateRelease> {
    const template = await this.get(id);
    const number = releaseNumber ?? template.latestRelease;
    const release = await this.stores.templates.release(template.id, number);
    if (!release) throw notFound(`Template ${id} has no release ${number}.`);
    return release;
  }
}
