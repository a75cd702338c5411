import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/forecast', component: () => import('./BreachForecastView.vue'), meta: { roles: ['supervisor'], nav: { label: 'nav.forecast', order: 11 } } },
];
