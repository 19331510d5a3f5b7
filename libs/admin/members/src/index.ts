export { default as MemberListView } from './lib/MemberListView.vue';
export { default as MemberHome } from './lib/MemberHome.vue';
export { default as ResetCodeDialog } from './lib/ResetCodeDialog.vue';
export { useMemberList } from './lib/use-member-list';
export { useTransferHistory } from './lib/use-transfer-history';
export { default as OverdueListsView } from './lib/OverdueListsView.vue';
export { useOverdueLists } from './lib/use-overdue-lists';
