import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { buildConsole } from '../../../src/cli/console-build.ts';
import { launchChromium } from '../../support/chromium.ts';
import type { ConsoleWatch, Screenshots } from './browser.ts';

/**
 * One Chromium for the whole test file, launched before its first test (after building the console
 * when `withConsoleBuild`) and closed after its last. Answers a getter for use inside the tests.
 */
export function chromiumForFile(options: { withConsoleBuild?: boolean } = {}): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (options.withConsoleBuild) await buildConsole();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium is not running yet');
    return browser;
  };
}

/**
 * After each test of the suite: a screenshot of the page when the test failed (when `shots` is given),
 * and no message in the browser console that the test did not expect.
 */
export function checkEachTest(watch: ConsoleWatch, page: () => Page | undefined, shots?: Screenshots): void {
  afterEach(async (test) => {
    const current = page();
    if (shots && current && test.task.result?.state === 'fail')
      await shots.take(current, `FAILED-${test.task.name.slice(0, 40)}`);
    expect(watch.reset(), 'unexpected messages in the browser console').toEqual([]);
  });
}
