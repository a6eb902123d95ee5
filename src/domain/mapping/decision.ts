import type { Condition } from '../templates/template-document.ts';

const isEmpty = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  value === '' ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && value !== null && Object.keys(value).length === 0);

function compare(left: unknown, right: unknown): number | undefined {
  const l = Number(left);
  const r = Number(right);
  if (left !== '' && right !== '' && Number.isFinite(l) && Number.isFinite(r)) return l - r;
  const ld = typeof left === 'string' ? Date.parse(left) : Number.NaN;
  const rd = typeof right === 'string' ? Date.parse(right) : Number.NaN;
  if (!Number.isNaN(ld) && !Number.isNaN(rd)) return ld - rd;
  if (typeof left === 'string' && typeof right === 'string') return left.localeCompare(right);
  return undefined;
}

const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value ?? null));

/**
 * Cyclr's Decision conditions. Equals compares as numbers when both sides are numbers, otherwise as
 * text, ignoring case (as Cyclr's UI does); Contains works on text and on lists.
 */
export function decide(left: unknown, condition: Condition, right: unknown): boolean {
  switch (condition) {
    case 'Exists':
      return left !== undefined && left !== null;
    case 'NotExists':
      return left === undefined || left === null;
    case 'IsEmpty':
      return isEmpty(left);
    case 'Equals':
      return compare(left, right) === 0 || text(left).toLowerCase() === text(right).toLowerCase();
    case 'NotEquals':
      return !decide(left, 'Equals', right);
    case 'Contains':
      if (Array.isArray(left)) return left.some((item) => decide(item, 'Equals', right));
      return text(left).toLowerCase().includes(text(right).toLowerCase());
    case 'GreaterThan': {
      const order = compare(left, right);
      return order !== undefined && order > 0;
    }
    case 'LessThan': {
      const order = compare(left, right);
      return order !== undefined && order < 0;
    }
  }
}
