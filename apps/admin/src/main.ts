import { createPinia } from 'pinia';
import { createApp } from 'vue';
import 'element-plus/theme-chalk/base.css';
import './theme.css';
import { locale } from '@zhtj/admin/data-access';
import App from './App.vue';
import { router } from './router';

document.documentElement.lang = locale.value;
createApp(App).use(createPinia()).use(router).mount('#app');
