/**
 * UI text of the console's chrome (issue 23 item 8): the breadcrumb, the tabs of open pages, the
 * table toolbar (refresh, density, columns); merged into `t()` by i18n.ts.
 */
export const chromeZh = {
  breadcrumbLabel: '当前位置',
  openPages: '已打开的页面',
  closeTab: '关闭“{title}”',
  closeOtherTabs: '关闭其他',
  metricsGraduatesTitle: '毕业生名单',
  tableToolbar: '表格设置',
  tableRefresh: '刷新',
  tableDensity: '密度',
  densityLarge: '宽松',
  densityDefault: '默认',
  densitySmall: '紧凑',
  tableColumns: '列设置',
  tableColumnsReset: '恢复默认',
} as const;

export const chromeEn: Record<keyof typeof chromeZh, string> = {
  breadcrumbLabel: 'You are here',
  openPages: 'Open pages',
  closeTab: 'Close “{title}”',
  closeOtherTabs: 'Close others',
  metricsGraduatesTitle: 'Graduates',
  tableToolbar: 'Table settings',
  tableRefresh: 'Refresh',
  tableDensity: 'Density',
  densityLarge: 'Roomy',
  densityDefault: 'Default',
  densitySmall: 'Compact',
  tableColumns: 'Columns',
  tableColumnsReset: 'Reset',
};
