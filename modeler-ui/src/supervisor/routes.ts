import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/supervision', component: () => import('./SupervisionView.vue'), meta: { roles: ['supervisor'], nav: { label: 'nav.supervision', order: 10 }, homeFor: ['supervisor'] } },
];
