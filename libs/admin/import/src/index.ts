export { default as ImportWizard } from './lib/ImportWizard.vue';
export { useImport, useMemberImport } from './lib/use-member-import';
export type { ImportKindName } from './lib/use-member-import';
export { IMPORT_COLUMNS, GRADUATION_IMPORT_COLUMNS } from './lib/columns';
