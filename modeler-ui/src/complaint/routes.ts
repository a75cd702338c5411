import type { RouteRecordRaw } from 'vue-router';

// 投诉建议 (seed 004 §28–34): applicants and proxy agents file and follow their cases in the portal; the
// receiving unit's staff accept, handle and follow up, and its leader decides on an extension.
export const routes: RouteRecordRaw[] = [
  { path: '/complaints', component: () => import('./MyComplaintView.vue'), meta: { roles: ['applicant', 'proxy-agent', 'window-staff', 'service-office'], nav: { label: 'complaint.nav.mine', order: 16 } } },
  { path: '/complaints/unit', component: () => import('./UnitComplaintView.vue'), meta: { roles: ['department-staff', 'department-leader'], nav: { label: 'complaint.nav.unit', order: 26 } } },
];
