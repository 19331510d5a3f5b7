export { default as GraduationManager } from './lib/GraduationManager.vue';
export * from './lib/use-graduation';
export { confirmGraduationYear, inLaterYear } from './lib/later-year';
export { default as DestinationSelect } from './lib/DestinationSelect.vue';
