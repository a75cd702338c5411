export default {
  zh: { nav: { audit: '审计' } },
  en: { nav: { audit: 'Audit' } },
};
