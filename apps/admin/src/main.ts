import { createPinia } from 'pinia';
import { createApp } from 'vue';
import 'element-plus/theme-chalk/base.css';
// Service components (ElMessage, ElMessageBox, v-loading) are called from scripts, which the
// on-demand style import does not see: their styles are loaded here, so a page opened directly
// (refresh, shared link) styles them as well as one reached through the menu.
import 'element-plus/theme-chalk/el-overlay.css';
import 'element-plus/theme-chalk/el-button.css';
import 'element-plus/theme-chalk/el-input.css';
import 'element-plus/theme-chalk/el-icon.css';
import 'element-plus/theme-chalk/el-message.css';
import 'element-plus/theme-chalk/el-message-box.css';
import 'element-plus/theme-chalk/el-loading.css';
import './theme.css';
import { locale } from '@zhtj/admin/data-access';
import App from './App.vue';
import { router } from './router';

document.documentElement.lang = locale.value;
createApp(App).use(createPinia()).use(router).mount('#app');
