import type { RouteRecordRaw } from 'vue-router';

// after the modeler for business owners, so they still land on their process models
const roles: ('service-office' | 'business-owner')[] = ['service-office', 'business-owner'];
export const routes: RouteRecordRaw[] = [
  { path: '/office/items', component: () => import('./ItemsView.vue'), meta: { roles, nav: { label: 'nav.items', order: 60 } } },
  { path: '/office/items/:code', component: () => import('./ItemView.vue'), meta: { roles } },
];
