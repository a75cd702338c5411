import type { RouteRecordRaw } from 'vue-router';

// 在线咨询 (seed 001 §4(2)): applicants and proxy agents ask about an item; the item's department answers
// within 1 working day and may publish the answer on the guide.
export const routes: RouteRecordRaw[] = [
  { path: '/consult', component: () => import('./MyConsultView.vue'), meta: { roles: ['applicant', 'proxy-agent'], nav: { label: 'consult.nav.mine', order: 15 } } },
  { path: '/consult/answer', component: () => import('./AnswerView.vue'), meta: { roles: ['department-staff', 'department-leader'], nav: { label: 'consult.nav.answer', order: 25 } } },
];
