import { DESTINATIONS } from '@zhtj/domain';
import type { Destination } from '@zhtj/domain';
import * as enAuth from './en/auth';
import * as enCommon from './en/common';
import * as enGraduation from './en/graduation';
import * as enHome from './en/home';
import * as enImport from './en/import';
import * as enLayout from './en/layout';
import * as enMembers from './en/members';
import * as enMetrics from './en/metrics';
import * as enOrgs from './en/orgs';
import * as enTransfers from './en/transfers';
import * as zhAuth from './zh/auth';
import * as zhCommon from './zh/common';
import * as zhGraduation from './zh/graduation';
import * as zhHome from './zh/home';
import * as zhImport from './zh/import';
import * as zhLayout from './zh/layout';
import * as zhMembers from './zh/members';
import * as zhMetrics from './zh/metrics';
import * as zhOrgs from './zh/orgs';
import * as zhTransfers from './zh/transfers';

// UI text, one file per context and language (locales/zh/<context>.ts, locales/en/<context>.ts);
// the English of each file is typed by its Chinese, so neither can miss a key.

const zh = {
  ...zhCommon.messages,
  ...zhLayout.messages,
  ...zhAuth.messages,
  ...zhHome.messages,
  ...zhOrgs.messages,
  ...zhMembers.messages,
  ...zhImport.messages,
  ...zhGraduation.messages,
  ...zhTransfers.messages,
  ...zhMetrics.messages,
};

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  ...enCommon.messages,
  ...enLayout.messages,
  ...enAuth.messages,
  ...enHome.messages,
  ...enOrgs.messages,
  ...enMembers.messages,
  ...enImport.messages,
  ...enGraduation.messages,
  ...enTransfers.messages,
  ...enMetrics.messages,
};

export const MESSAGES = { 'zh-CN': zh as Record<MessageKey, string>, en };

export type Locale = keyof typeof MESSAGES;

/** 毕业去向 are the transfer types a graduate leaves by: their labels are the types' own. */
const destinations = (transferType: Record<Destination, string>): Record<Destination, string> =>
  Object.fromEntries(DESTINATIONS.map((d) => [d, transferType[d]])) as Record<Destination, string>;

const zhLabels = {
  ...zhAuth.labels,
  ...zhOrgs.labels,
  ...zhMembers.labels,
  ...zhImport.labels,
  ...zhTransfers.labels,
  destination: destinations(zhTransfers.labels.transferType),
};

export type Labels = typeof zhLabels;
export type LabelGroup = keyof Labels;

/** Labels of the domain vocabulary (DOMAIN.md) in both languages, by group and value. */
export const LABELS: Record<Locale, { [G in LabelGroup]: Record<keyof Labels[G], string> }> = {
  'zh-CN': zhLabels,
  en: {
    ...enAuth.labels,
    ...enOrgs.labels,
    ...enMembers.labels,
    ...enImport.labels,
    ...enTransfers.labels,
    destination: destinations(enTransfers.labels.transferType),
  },
};
