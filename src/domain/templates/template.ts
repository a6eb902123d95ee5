import type { TemplateDocument } from './template-document.ts';

/** A partner's template: its name identifies it; each import adds a release. */
export interface Template {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly tags: readonly string[];
  /** The newest release's number (releases count from 1). */
  readonly latestRelease: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** One immutable, numbered version of a template. */
export interface TemplateRelease {
  readonly templateId: string;
  readonly releaseNumber: number;
  readonly document: TemplateDocument;
  readonly createdAt: number;
}
