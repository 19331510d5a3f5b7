import { ref } from 'vue';

/** UI text: Chinese by default, with an English catalogue beside it. */
const messages = {
  'zh-CN': {
    appTitle: '团关系转接与监测平台',
    login: '登录',
    logout: '退出登录',
    username: '用户名 / 身份证号',
    password: '密码',
    usernameRequired: '请输入用户名或身份证号',
    passwordRequired: '请输入密码',
    home: '首页',
    welcome: '欢迎',
    currentOrg: '所属组织',
    role: '角色',
    systemStatus: '系统状态',
    language: 'English',
  },
  en: {
    appTitle: 'League Transfer & Monitoring Platform',
    login: 'Log in',
    logout: 'Log out',
    username: 'Username / ID number',
    password: 'Password',
    usernameRequired: 'Enter your username or ID number',
    passwordRequired: 'Enter your password',
    home: 'Home',
    welcome: 'Welcome',
    currentOrg: 'Organization',
    role: 'Role',
    systemStatus: 'System status',
    language: '中文',
  },
} as const;

export type Locale = keyof typeof messages;
export type MessageKey = keyof (typeof messages)['zh-CN'];

const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('locale') : null;
export const locale = ref<Locale>(stored === 'en' ? 'en' : 'zh-CN');

export function t(key: MessageKey): string {
  return messages[locale.value][key];
}

export function toggleLocale(): void {
  locale.value = locale.value === 'zh-CN' ? 'en' : 'zh-CN';
  localStorage.setItem('locale', locale.value);
}

export const ROLE_LABELS: Record<string, { 'zh-CN': string; en: string }> = {
  national_admin: { 'zh-CN': '团中央管理员', en: 'National admin' },
  provincial_admin: { 'zh-CN': '省级管理员', en: 'Provincial admin' },
  city_admin: { 'zh-CN': '市级管理员', en: 'City admin' },
  county_admin: { 'zh-CN': '县级管理员', en: 'County admin' },
  township_admin: { 'zh-CN': '乡镇街道管理员', en: 'Township admin' },
  school_admin: { 'zh-CN': '学校管理员', en: 'School admin' },
  base_admin: { 'zh-CN': '基层团委管理员', en: 'Base committee admin' },
  branch_admin: { 'zh-CN': '团支部管理员', en: 'Branch admin' },
  member: { 'zh-CN': '团员', en: 'Member' },
};
