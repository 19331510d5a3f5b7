import { locale } from '@zhtj/admin/data-access';

// The monitoring page's own texts (Chinese first, English second), kept beside the page.
const M = {
  dwLabel: ['DW 单位团组织转接率', 'DW work-unit League org rate'],
  dwParts: ['W ÷（E + F）', 'W ÷ (E + F)'],
  indicator: ['指标', 'Indicator'],
  map: ['地图', 'Map'],
  chartKey: ['图例', 'Key'],
  mapNoGeometry: ['本级区划暂无地图数据，请看下方表格。', 'No map geometry at this level; see the table below.'],
  ranking: ['滞后排名', 'Lagging ranking'],
  bySchool: ['按学校', 'By school'],
  byCounty: ['按县（区）', 'By county'],
  rankName: ['名称', 'Name'],
  rate: ['完成率', 'Rate'],
  pending: ['待审核', 'Pending'],
  notDone: ['未完成', 'Not done'],
  noLagging: ['没有可排名的学校或县（区）', 'Nothing to rank'],
  graduates: ['毕业生名单', 'Graduates'],
  graduatesNotDone: ['尚未完成转接的毕业生', 'Graduates not done yet'],
  graduatesDone: ['已完成转接的毕业生', 'Graduates done'],
  graduatesAll: ['计入的全部毕业生', 'All graduates counted'],
  back: ['返回衔接率监测', 'Back to monitoring'],
  school: ['毕业学校', 'School'],
  currentOrg: ['当前组织', 'Current org'],
  graduationDate: ['毕业时间', 'Graduation date'],
  part: ['计入', 'Counted as'],
  partLocal: ['本区划学校', 'School in region'],
  partIncoming: ['转入本区划', 'Coming in'],
  status: ['转接状态', 'Transfer'],
  statusNone: ['未发起', 'None'],
  statusPending: ['待审核', 'Pending'],
  statusApproved: ['已通过', 'Approved'],
  completed: ['已完成', 'Done'],
  doneColumn: ['是否完成', 'Done?'],
  notCompleted: ['未完成', 'Not done'],
  total: ['共 {n} 人', '{n} in all'],
  clickHint: ['点击数字可查看背后的毕业生；点击地图或柱状图中的地区可进入下一级', 'Click a number to see the graduates behind it; click a region on the map or the bars to drill down'],
  regionHideEmpty: ['隐藏无数据地区', 'Hide regions without data'],
  regionHiddenCount: ['已隐藏 {n} 个无数据地区', '{n} regions without data hidden'],
  regionAllHidden: ['下级区划均无数据（可关闭“隐藏无数据地区”查看）', 'No child region has data (turn off “Hide regions without data” to list them)'],
  sortBy: ['按“{column}”排序', 'Sort by “{column}”'],
  sortedAsc: ['当前升序', 'ascending'],
  sortedDesc: ['当前降序', 'descending'],
  rateColumn: ['完成率', 'Rate'],
  numeratorColumn: ['分子', 'Numerator'],
  denominatorColumn: ['分母', 'Denominator'],
  countySchools: ['{county}的学校', 'Schools of {county}'],
  countySchoolsHint: ['本县（区）有毕业生的学校，完成率最低者在前；点击人数可查看名单。', 'Schools of this county with graduates, lowest completion first; click a number for the list.'],
  countySchoolsNone: ['本县（区）暂无有毕业生的学校', 'No school of this county has graduates yet'],
} as const satisfies Record<string, readonly [string, string]>;

export type MetricsMessage = keyof typeof M;

export function mt(key: MetricsMessage, params?: Record<string, string | number>): string {
  const text: string = M[key][locale.value === 'en' ? 1 : 0];
  return params ? text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? '')) : text;
}
