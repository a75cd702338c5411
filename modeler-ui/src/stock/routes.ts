import type { RouteRecordRaw } from 'vue-router';
import type { Role } from '../shared/session';

// community staff keep the stock (seed 000 §23–25); the secretary, the issuing departments, auditors and
// supervisors read it as the API lets them; after the modeler, so no role lands here instead of its own page
const roles: Role[] = ['window-staff', 'department-staff', 'department-leader', 'auditor', 'supervisor'];
export const routes: RouteRecordRaw[] = [
  { path: '/stock', component: () => import('./StockView.vue'), meta: { roles, nav: { label: 'nav.stock', order: 55 } } },
  { path: '/stock/requisitions/:requisitionNumber', component: () => import('./RequisitionView.vue'), meta: { roles } },
];
