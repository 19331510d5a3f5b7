import type * as zh from '../zh/layout';
import type { Translation } from '../types';

/** The console's shell: its title, menu, breadcrumb, tabs of open pages, account and language. */
export const messages: Translation<typeof zh.messages> = {
  appTitle: 'League Transfer & Monitoring Platform',
  skipToContent: 'Skip to main content',
  home: 'Home',
  myHome: 'My membership',
  account: 'Account',
  welcome: 'Welcome',
  currentOrg: 'Organization',
  role: 'Role',
  systemStatus: 'System status',
  language: '中文',
  mainMenu: 'Main menu',
  notFound: 'Page not found',
  backHome: 'Back to home',
  openMenu: 'Open menu',
  closeMenu: 'Close menu',
  siteHeader: 'Site header',
  accountInfo: 'Signed in as',
  breadcrumbLabel: 'You are here',
  openPages: 'Open pages',
  closeTab: 'Close “{title}”',
  closeOtherTabs: 'Close others',
};
