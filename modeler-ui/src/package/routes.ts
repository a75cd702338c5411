import type { RouteRecordRaw } from 'vue-router';

// 主题式/套餐式服务 (seed 004 §19): the window accepts one package application, each department approves its item
// on the case page, the lead department sees every branch, the applicant follows the departments in the portal,
// and the service office defines packages through four-eyes change requests.
export const routes: RouteRecordRaw[] = [
  { path: '/packages/window', component: () => import('./PackageWindowView.vue'), meta: { roles: ['window-staff'], nav: { label: 'package.nav.window', order: 14 } } },
  { path: '/packages/unit', component: () => import('./PackageUnitView.vue'), meta: { roles: ['window-staff', 'department-staff', 'department-leader'], nav: { label: 'package.nav.unit', order: 27 } } },
  { path: '/packages/cases/:n', component: () => import('./PackageCaseView.vue'), meta: { roles: ['window-staff', 'department-staff', 'department-leader', 'applicant', 'proxy-agent', 'supervisor', 'service-office', 'auditor'] } },
  { path: '/packages/mine', component: () => import('./MyPackagesView.vue'), meta: { roles: ['applicant', 'proxy-agent'], nav: { label: 'package.nav.mine', order: 17 } } },
  { path: '/packages/definitions', component: () => import('./PackageDefinitionsView.vue'), meta: { roles: ['service-office', 'business-owner'], nav: { label: 'package.nav.definitions', order: 41 } } },
];
