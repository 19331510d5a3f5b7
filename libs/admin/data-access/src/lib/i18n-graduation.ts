/**
 * UI text of graduation work at class scale (issue 23): the graduation update import, a later-year
 * graduation date confirmed before it is saved, per-field form messages, and who decides a
 * transfer (§5); one catalogue per context (STYLE.md), merged into `t()` by i18n.ts.
 */
export const graduationZh = {
  // 批量导入 → 更新毕业时间和去向
  importKindLabel: '导入内容',
  importKindMembers: '新增团员',
  importKindGraduation: '更新毕业时间和去向',
  graduationImportTitle: '批量更新毕业信息',
  graduationImportHint: '按身份证号匹配本单位及下级组织已登记的团员，更新其毕业时间和（或）毕业去向，留空的项不修改。只有混合型支部的团员可以逐人设置毕业时间，其他支部的团员随支部毕业时间。',
  graduationImportReportOk: '全部 {total} 行校验通过：将更新 {changed} 名团员，{unchanged} 行与现有信息一致',
  graduationImportCommit: '确认更新 {n} 名团员',
  graduationImportCommitConfirm: '确定更新 {n} 名团员的毕业时间和毕业去向吗？全部成功或全部不修改。',
  graduationImportDone: '已更新 {n} 名团员的毕业信息',
  // A graduation date in a later year than the server's (issue 23 item 7)
  laterYearTitle: '确认毕业时间',
  laterYearConfirm: '毕业时间 {dates} 晚于今年（{year} 年）。请确认不是笔误后再保存。',
  laterYearKeep: '确认保存',
  backToEdit: '返回修改',
  memberOwnDateHint: '混合型支部的团员逐人设置毕业时间（Q11）',
  // Per-field form messages
  memberRequired: '请选择要转接的团员',
  externalOrgNameRequired: '请填写对方系统内转入团组织的全称',
  phoneInvalid: '手机号格式不正确（11 位手机号，或带区号的固定电话）',
  // Who decides a transfer (§5)
  decidesReceiving: '提交后由转入团组织或其上级团组织审核。',
  decidesReceivingOrg: '提交后由转入团组织「{org}」或其上级团组织审核。',
  decidesCommittee: '提交后由所选团委审核，并分配到其下属团支部。',
  decidesProvincial: '提交后由省级团委审核（参军、涉密单位，§2.3）。',
  decidesSchool: '提交后由学校团委审批，团员关系转入本校出国（境）学习研究团员团支部（§2.5）。',
  decidesExternal: '提交后在对方省（市）的系统中审核，审核结果由转出团组织登记。',
  awaitingReceiving: '等待转入团组织或其上级团组织审核',
  awaitingOutgoing: '等待你所在的团组织审核（由转入方发起）',
  awaitingProvincial: '等待省级团委审核',
  awaitingSchool: '等待学校团委审批',
  awaitingExternal: '等待对方省（市）系统审核',
  // 已毕业未转出的团员
  graduatesSelected: '已选 {n} 人',
};

export const graduationEn: Record<keyof typeof graduationZh, string> = {
  importKindLabel: 'What to import',
  importKindMembers: 'New members',
  importKindGraduation: 'Graduation dates and destinations',
  graduationImportTitle: 'Update graduation details',
  graduationImportHint: 'Members already registered in your org or under it are found by ID number; their graduation date and/or destination are updated, and empty cells change nothing. Only members of a mixed branch get a date of their own; the others follow their branch.',
  graduationImportReportOk: 'All {total} rows passed: {changed} members will be updated, {unchanged} rows match what is recorded',
  graduationImportCommit: 'Update {n} members',
  graduationImportCommitConfirm: 'Update the graduation date and destination of {n} members? Either all are changed or none.',
  graduationImportDone: 'Graduation details of {n} members updated',
  laterYearTitle: 'Check the graduation date',
  laterYearConfirm: 'The graduation date {dates} lies in a later year than this one ({year}). Make sure it is not a typo before saving.',
  laterYearKeep: 'Save anyway',
  backToEdit: 'Go back',
  memberOwnDateHint: 'Members of a mixed branch are dated one by one (Q11)',
  memberRequired: 'Choose the member to transfer',
  externalOrgNameRequired: 'Enter the receiving org’s full name in the other system',
  phoneInvalid: 'Enter an 11-digit mobile number or a landline with its area code',
  decidesReceiving: 'The receiving org, or an org above it, reviews it.',
  decidesReceivingOrg: '"{org}", or an org above it, reviews it.',
  decidesCommittee: 'The chosen committee reviews it and assigns a branch under it.',
  decidesProvincial: 'The provincial committee reviews it (military and classified units, §2.3).',
  decidesSchool: 'The school committee decides; your relationship moves to the school’s abroad-study branch (§2.5).',
  decidesExternal: 'The other province’s system reviews it; your school records its outcome.',
  awaitingReceiving: 'Waiting for the receiving org, or an org above it',
  awaitingOutgoing: 'Waiting for your own org (the receiving side asked)',
  awaitingProvincial: 'Waiting for the provincial committee',
  awaitingSchool: 'Waiting for the school committee',
  awaitingExternal: 'Waiting for the other province’s system',
  graduatesSelected: '{n} selected',
};
