export default {
  zh: { nav: { modeler: '流程建模' } },
  en: { nav: { modeler: 'Process models' } },
};
