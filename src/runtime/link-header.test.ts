import { describe, expect, it } from 'vitest';
import { findLink, parseLinkHeader, replaceLinkTargets } from './link-header.ts';

describe('parseLinkHeader', () => {
  it("reads Capsule's next and prev links", () => {
    const links = parseLinkHeader(
      '<https://api.capsulecrm.com/api/v2/parties?page=4>; rel="next", <https://api.capsulecrm.com/api/v2/parties?page=2>; rel="prev"',
    );
    expect(links).toEqual([
      { target: 'https://api.capsulecrm.com/api/v2/parties?page=4', rel: ['next'], params: { rel: 'next' } },
      { target: 'https://api.capsulecrm.com/api/v2/parties?page=2', rel: ['prev'], params: { rel: 'prev' } },
    ]);
  });

  it('keeps commas and semicolons inside quoted values and unescapes quotes', () => {
    const [link] = parseLinkHeader('</a?x=1,2>; title="one, two; \\"three\\""; rel=next');
    expect(link).toEqual({
      target: '/a?x=1,2',
      rel: ['next'],
      params: { title: 'one, two; "three"', rel: 'next' },
    });
  });

  it('splits several relation types and lower-cases them', () => {
    expect(parseLinkHeader('</p/5>; rel="NEXT last"')[0]?.rel).toEqual(['next', 'last']);
  });

  it('reads links spread over repeated headers', () => {
    expect(parseLinkHeader(['</a>; rel=next', '</b>; rel=prev']).map((l) => l.target)).toEqual(['/a', '/b']);
  });

  it('keeps the first of a repeated parameter', () => {
    expect(parseLinkHeader('</a>; rel=next; rel=prev')[0]?.rel).toEqual(['next']);
  });

  it('returns nothing for an absent or empty header', () => {
    expect(parseLinkHeader(undefined)).toEqual([]);
    expect(parseLinkHeader('')).toEqual([]);
  });
});

describe('findLink', () => {
  it('resolves a relative target against the request URL', () => {
    const url = findLink(
      { link: '<?page=3>; rel="next"' },
      'next',
      'https://x.example/api/v2/parties?page=2',
    );
    expect(url).toBe('https://x.example/api/v2/parties?page=3');
  });

  it('returns undefined when no link has the relation', () => {
    expect(findLink({ link: '</a>; rel="prev"' }, 'next', 'https://x.example/')).toBeUndefined();
  });
});

describe('replaceLinkTargets', () => {
  it('replaces each target and keeps everything else byte for byte', () => {
    const header = '<https://a.example/p?page=2>; rel="next";title="x, <y>; z" ,  </p?page=1>;rel=prev, <c>';
    expect(replaceLinkTargets(header, (target) => `[${target}]`)).toBe(
      '<[https://a.example/p?page=2]>; rel="next";title="x, <y>; z" ,  <[/p?page=1]>;rel=prev, <[c]>',
    );
  });

  it('leaves a header without links as it is', () => {
    expect(replaceLinkTargets('', () => 'x')).toBe('');
    expect(replaceLinkTargets('garbage; rel=next', () => 'x')).toBe('garbage; rel=next');
  });
});
