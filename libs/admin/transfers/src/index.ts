export { default as TransfersView } from './lib/TransfersView.vue';
export * from './lib/use-transfers';
export { default as MyTransferPanel } from './lib/MyTransferPanel.vue';
export { default as SeasonBanner } from './lib/SeasonBanner.vue';
export { default as BulkInitiateDialog } from './lib/BulkInitiateDialog.vue';
