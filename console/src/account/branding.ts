/** Relative luminance of `#rrggbb` (WCAG 2). */
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/**
 * The partner's colour as CSS custom properties, with a text colour (near-black or white) that reads on
 * it. A colour too light to show against the white page is darkened for links and outlines, so any
 * colour a partner picks keeps the page readable.
 */
export function brandStyle(colour: string | null): Record<string, string> {
  if (!colour || !/^#[0-9a-f]{6}$/i.test(colour)) return {};
  const lum = luminance(colour);
  const onBrand = contrast(lum, 1) >= contrast(lum, luminance('#17202b')) ? '#ffffff' : '#17202b';
  const readableOnWhite = contrast(lum, 1) >= 4.5;
  return {
    '--brand': colour,
    '--brand-text': onBrand,
    ...(readableOnWhite ? { '--brand-ink': colour } : {}),
  };
}
