export { default as TransfersView } from './lib/TransfersView.vue';
export * from './lib/use-transfers';
