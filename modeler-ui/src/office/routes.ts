import type { RouteRecordRaw } from 'vue-router';

/** after the modeler in the navigation, so business owners still land on their process models; the service office lands here */
const roles: ('service-office' | 'business-owner')[] = ['service-office', 'business-owner'];
export const routes: RouteRecordRaw[] = [
  { path: '/office/items', component: () => import('./ItemsView.vue'), meta: { roles, nav: { label: 'nav.items', order: 60 }, homeFor: ['service-office'] } },
  { path: '/office/items/:code', component: () => import('./ItemView.vue'), meta: { roles } },
];
