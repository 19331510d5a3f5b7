export { default as TransfersView } from './lib/TransfersView.vue';
export * from './lib/use-transfers';
export { default as MyTransferPanel } from './lib/MyTransferPanel.vue';
