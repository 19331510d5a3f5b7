import type * as zh from '../zh/home';
import type { Translation } from '../types';

/** 首页: an admin's work of the day and the numbers of its region. */
export const messages: Translation<typeof zh.messages> = {
  homeReturned: 'Returned transfers',
  homeReturnedHint: 'Shown until sent again or closed',
  todayWork: 'Work to do',
  homeMemberTotal: 'Members',
  homeOrgTotal: 'Sub-orgs',
  homePendingMine: 'Transfers awaiting my approval',
  homeNearExpiry: 'Transfers about to be returned',
  homeNearExpiryHint: 'A transfer not reviewed within 10 days is returned automatically; these have less than 3 days left.',
  homeGraduatesNotTransferred: 'Graduates not yet transferred',
  homeOverdue: 'Overdue lists',
  homeOverdueAge: 'Over age, not yet left',
  homeOverdueStay: 'Graduated, not transferred in time',
  homeRates: 'Rates of my region',
  homeRemindersReceived: 'Reminders received',
  homeNoWork: 'Nothing to do',
  homeViewAll: 'View all',
  homeDaysLeft: '{days} days left',
  homeDaysWaiting: 'waiting {days} days',
  homeYear: 'Class of {year}',
  homeSx: 'Further-study rate (SX)',
  homeXs: 'Study-to-work rate (XS)',
  homeOpenGraduates: 'Graduates not yet transferred',
  homeQuickLinks: 'Shortcuts',
};
