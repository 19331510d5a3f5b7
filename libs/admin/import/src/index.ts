export { default as ImportWizard } from './lib/ImportWizard.vue';
export { useMemberImport } from './lib/use-member-import';
export { IMPORT_COLUMNS } from './lib/columns';
