import type { ApiRouter } from '../api-router.ts';
import { ok } from '../api-types.ts';

const PERSON_TITLES = ['Mr', 'Master', 'Mrs', 'Miss', 'Ms', 'Dr', 'Prof'];
const COUNTRIES = [
  'Australia',
  'Canada',
  'France',
  'Germany',
  'Ireland',
  'Netherlands',
  'New Zealand',
  'Spain',
  'United Kingdom',
  'United States',
];
const CURRENCIES = ['AUD', 'CAD', 'CHF', 'EUR', 'GBP', 'JPY', 'NZD', 'USD'];

/** Account-wide lookup lists: person titles, countries and currencies (not paged). */
export function registerLookupRoutes(router: ApiRouter): void {
  router.get('/titles', () =>
    ok({ personTitles: PERSON_TITLES.map((name, index) => ({ id: index + 1, name })) }),
  );
  router.get('/countries', () => ok({ countries: COUNTRIES.map((name) => ({ name })) }));
  router.get('/currencies', () => ok({ currencies: CURRENCIES.map((code) => ({ code })) }));
}
