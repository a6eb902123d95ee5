import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';

const REPOSITORY = join(import.meta.dirname, '../../..');
export const SCREENSHOT_DIR = join(REPOSITORY, 'test-output', 'screenshots');
export const DOCS_SCREENSHOT_DIR = join(REPOSITORY, 'docs', 'screenshots');

/**
 * Everything the browser console said that a test did not expect. A test that provokes an error on
 * purpose (a refused sign-in answers 401, which Chromium logs) names it with {@link ConsoleWatch.allow}.
 */
export class ConsoleWatch {
  private readonly allowed: RegExp[] = [];
  readonly unexpected: string[] = [];

  watch(page: Page): void {
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() !== 'error' && message.type() !== 'warning') return;
      const text = `${message.type()}: ${message.text()} (${message.location().url})`;
      if (!this.allowed.some((pattern) => pattern.test(text))) this.unexpected.push(text);
    });
    page.on('pageerror', (error) => this.unexpected.push(`uncaught: ${error.message}`));
  }

  /** Expects (and so ignores) messages matching `pattern` until {@link reset}. */
  allow(pattern: RegExp): void {
    this.allowed.push(pattern);
  }

  /** Returns what was unexpected since the last reset, and starts again. */
  reset(): string[] {
    this.allowed.length = 0;
    return this.unexpected.splice(0);
  }
}

/** Takes numbered screenshots into `test-output/screenshots/{run}/`. */
export class Screenshots {
  private count = 0;

  constructor(
    private readonly run: string,
    /** Copy the README's screenshots into `docs/screenshots/` (set PLUGBOARD_DOCS_SCREENSHOTS=1). */
    private readonly toDocs: boolean,
  ) {
    rmSync(join(SCREENSHOT_DIR, run), { recursive: true, force: true });
    mkdirSync(join(SCREENSHOT_DIR, run), { recursive: true });
  }

  async take(page: Page, name: string, options: { docs?: boolean; fullPage?: boolean } = {}): Promise<void> {
    this.count += 1;
    const file = join(SCREENSHOT_DIR, this.run, `${String(this.count).padStart(2, '0')}-${name}.png`);
    await page.screenshot({
      path: file,
      fullPage: options.fullPage ?? false,
      animations: 'disabled',
      caret: 'hide',
    });
    if (options.docs && this.toDocs) {
      mkdirSync(DOCS_SCREENSHOT_DIR, { recursive: true });
      copyFileSync(file, join(DOCS_SCREENSHOT_DIR, `${name}.png`));
    }
  }
}

/** A context that can use the clipboard, at a desktop or phone size. */
export async function newContext(
  browser: Browser,
  baseUrl: string,
  viewport: { width: number; height: number },
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, baseURL: baseUrl, deviceScaleFactor: 1 });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  return context;
}
