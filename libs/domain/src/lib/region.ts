// GB/T 2260 region codes (DOMAIN.md §1, §6): containment by code prefix.
// 000000 is the whole country; XX0000 a province; XXXX00 a city; anything else a county.

export type RegionLevel = 'national' | 'province' | 'city' | 'county';

export function regionLevel(code: string): RegionLevel {
  if (code === '000000') return 'national';
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** The code prefix every region inside `code` starts with ('' for the nation). */
export function regionPrefix(code: string): string {
  switch (regionLevel(code)) {
    case 'national':
      return '';
    case 'province':
      return code.slice(0, 2);
    case 'city':
      return code.slice(0, 4);
    case 'county':
      return code;
  }
}

/** Is region `inner` inside (or equal to) region `outer`? */
export function regionContains(outer: string, inner: string): boolean {
  return inner.startsWith(regionPrefix(outer));
}
