import type { Template, TemplateRelease } from './template.ts';

export interface TemplatePage {
  readonly items: readonly Template[];
  readonly total: number;
}

/** Templates and their releases. Releases are only ever added, never changed. */
export interface TemplateStore {
  /** The template with this exact name, if any. */
  findByName(name: string): Promise<Template | undefined>;
  find(id: string): Promise<Template | undefined>;
  /** Newest first; `tag` keeps templates carrying it (any case). */
  list(query: { tag: string | null; offset: number; limit: number }): Promise<TemplatePage>;
  insert(template: Template): Promise<void>;
  /** Records a new latest release's number, name, description and tags. */
  update(template: Template): Promise<void>;
  insertRelease(release: TemplateRelease): Promise<void>;
  release(templateId: string, releaseNumber: number): Promise<TemplateRelease | undefined>;
}
