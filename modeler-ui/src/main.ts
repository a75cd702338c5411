import { createApp } from 'vue';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import App from './App.vue';
import { i18n, currentLang } from './shared/i18n';
import { router } from './shared/router';

document.documentElement.lang = currentLang() === 'zh' ? 'zh-CN' : 'en';
createApp(App).use(i18n).use(router).use(ElementPlus).mount('#app');
