import type { RouteRecordRaw } from 'vue-router';

/**
 * After the modeler in the navigation, so business owners still land on their process models; the service office
 * and network administrators (who maintain their unit's items, seed 001 §19) land here.
 */
const roles: ('service-office' | 'business-owner' | 'network-admin')[] = ['service-office', 'business-owner', 'network-admin'];
export const routes: RouteRecordRaw[] = [
  { path: '/office/items', component: () => import('./ItemsView.vue'), meta: { roles, nav: { label: 'nav.items', order: 60 }, homeFor: ['service-office', 'network-admin'] } },
  { path: '/office/items/:code', component: () => import('./ItemView.vue'), meta: { roles } },
];
