import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** One accessibility problem axe found: its rule, impact and the elements it concerns. */
export interface AxeProblem {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/**
 * Runs axe-core in the page (evaluated through the browser's debugging protocol, so the page's CSP,
 * which allows no injected scripts, stays as it is) and returns the serious and critical violations.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeProblem[]> {
  await page.evaluate(axe.source);
  // A string, not a function: this runs in the browser, where `axe` is the global the source defined.
  return page.evaluate<AxeProblem[]>(`(async () => {
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  })()`);
}
