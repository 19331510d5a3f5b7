export { default as OrgExplorer } from './lib/OrgExplorer.vue';
export { default as OrgSelect } from './lib/OrgSelect.vue';
export { useOrgExplorer } from './lib/use-org-explorer';
export { defaultChildLevel } from './lib/org-rules';
