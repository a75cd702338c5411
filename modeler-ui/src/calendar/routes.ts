import type { RouteRecordRaw } from 'vue-router';

/** 节假日安排: the service office records the State Council's yearly holiday notice. */
export const routes: RouteRecordRaw[] = [
  { path: '/office/calendar', component: () => import('./CalendarView.vue'), meta: { roles: ['service-office'], nav: { label: 'nav.calendar', order: 62 } } },
];
