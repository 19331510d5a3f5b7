/**
 * UI text of where an org is (issue 23 items 3 and 6): choosing a receiving org by place —
 * province → city → county → that county's org tree — beside the search by name. Merged into
 * `t()` by i18n.ts.
 */
export const placesZh = {
  targetByName: '按名称查找',
  targetByPlace: '按地区选择',
  targetHow: '查找方式',
  targetPlace: '所在地区（省 / 市 / 县）',
  targetPlacePick: '请依次选择省、市、县',
  targetPlaceTree: '该地区的团组织',
  targetPlaceTreeHint: '点击可转入的组织即选中；灰色的团委（工委）请展开后选择其下级组织。',
  targetPlaceEmpty: '该地区没有可转入的团组织',
  targetPlaceSeparate: '北京、广东、福建使用各自的系统：请勾选“转往北京、广东、福建（独立系统）”并填写组织全称。',
  targetChosen: '已选择：{org}',
  targetOpenOnly: '仅可展开',
};

export const placesEn: Record<keyof typeof placesZh, string> = {
  targetByName: 'By name',
  targetByPlace: 'By place',
  targetHow: 'Find by',
  targetPlace: 'Place (province / city / county)',
  targetPlacePick: 'Choose the province, city and county',
  targetPlaceTree: 'League orgs of the place',
  targetPlaceTreeHint: 'Click an org that may receive to choose it; open a grey committee to choose an org below it.',
  targetPlaceEmpty: 'No org of this place may receive',
  targetPlaceSeparate: 'Beijing, Guangdong and Fujian run their own systems: tick “To Beijing, Guangdong or Fujian” and enter the org’s full name.',
  targetChosen: 'Chosen: {org}',
  targetOpenOnly: 'open only',
};
