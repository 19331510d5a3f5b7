export { default as GraduationManager } from './lib/GraduationManager.vue';
export * from './lib/use-graduation';
