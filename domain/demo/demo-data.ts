import type { ServiceItemInput } from '../service-item/service-item.schema.js';

/** A small city for the demo: the four levels (seed 003 §3), departments that design item rules, and communities. */
export const demoUnits = [
  { code: 'CITY-EZ', name: '鄂州市', level: 'city', kind: 'government', parentCode: null, stampId: null, line: null },
  { code: 'DIST-EC', name: '鄂城区', level: 'district', kind: 'government', parentCode: 'CITY-EZ', stampId: null, line: null },
  { code: 'TOWN-FH', name: '凤凰街道', level: 'township', kind: 'government', parentCode: 'DIST-EC', stampId: null, line: null },
  { code: 'TOWN-DS', name: '杜山镇', level: 'township', kind: 'government', parentCode: 'DIST-EC', stampId: null, line: null },
  { code: 'COM-BINHU', name: '滨湖社区', level: 'community', kind: 'community', parentCode: 'TOWN-FH', stampId: 'STAMP-BINHU-01', line: null },
  { code: 'COM-DUSHAN', name: '杜山村', level: 'community', kind: 'community', parentCode: 'TOWN-DS', stampId: 'STAMP-DUSHAN-01', line: null },
  { code: 'DEPT-PSB', name: '市公安局', level: 'city', kind: 'department', parentCode: 'CITY-EZ', stampId: null, line: 'public-security' },
  { code: 'DEPT-HEALTH', name: '区卫生健康局', level: 'district', kind: 'department', parentCode: 'DIST-EC', stampId: null, line: 'health' },
  { code: 'DEPT-CIVIL', name: '区民政局', level: 'district', kind: 'department', parentCode: 'DIST-EC', stampId: null, line: 'civil-affairs' },
  { code: 'DEPT-HRSS', name: '区人力资源和社会保障局', level: 'district', kind: 'department', parentCode: 'DIST-EC', stampId: null, line: 'human-resources' },
  { code: 'DEPT-DPF', name: '区残疾人联合会', level: 'district', kind: 'department', parentCode: 'DIST-EC', stampId: null, line: 'disabled-persons' },
] as const;

const days = (value: number) => ({ value, unit: 'working-days' as const });
const hours = (value: number) => ({ value, unit: 'working-hours' as const });
const idCard = { name: '居民身份证', form: 'original-and-copy' as const, count: 1, required: true };
const hukou = { name: '户口簿', form: 'original-and-copy' as const, count: 1, required: true };
const photo = { name: '近期免冠一寸照片', form: 'original' as const, count: 2, required: true };

/**
 * Six items across both categories, with real legal bases; limits are the demo city's choices. An online item's
 * `accept` is its online pre-review (网上预审): the process caps it at 1 working day (seed 001 §4(4)).
 */
export const demoItems: ServiceItemInput[] = [
  {
    code: 'DSZN', name: '独生子女父母光荣证', legalBasis: '《中华人民共和国人口与计划生育法》；《湖北省人口与计划生育条例》',
    category: 'onsite-certificate', handlingMode: 'direct',
    conditions: ['夫妻双方只生育一个子女', '子女未满十八周岁'],
    materials: [idCard, hukou, { name: '结婚证', form: 'original-and-copy', count: 1, required: true }, photo],
    stepLimits: { accept: hours(2), review: days(3), decide: days(2), close: days(1) }, totalLimit: days(10),
    departmentCode: 'DEPT-HEALTH', fees: '不收费', result: '发放《独生子女父母光荣证》', certificateType: 'DSZN-CERT',
    processId: 'onsite-certificate', deemedApproval: false,
  },
  {
    code: 'LNYD', name: '老年人优待证', legalBasis: '《中华人民共和国老年人权益保障法》第五十七条',
    category: 'onsite-certificate', handlingMode: 'direct',
    conditions: ['本市户籍或持本市居住证', '年满六十周岁'],
    materials: [idCard, photo],
    stepLimits: { accept: hours(1), review: days(2), decide: days(1), close: days(1) }, totalLimit: days(5),
    departmentCode: 'DEPT-CIVIL', fees: '不收费', result: '发放《老年人优待证》', certificateType: 'LNYD-CERT',
    processId: 'onsite-certificate', deemedApproval: true,
  },
  {
    code: 'JYSY', name: '就业失业登记证', legalBasis: '《中华人民共和国就业促进法》；《就业服务与就业管理规定》',
    category: 'onsite-certificate', handlingMode: 'accept-here-process-elsewhere',
    conditions: ['法定劳动年龄内', '有劳动能力和就业要求'],
    materials: [idCard, photo, { name: '解除或终止劳动关系证明', form: 'original', count: 1, required: false }],
    stepLimits: { accept: hours(2), review: days(3), decide: days(2), close: days(1) }, totalLimit: days(10),
    // 收办分离 (seed 002 §14): the township's labour office reviews, the department decides
    departmentCode: 'DEPT-HRSS', stepUnits: { review: '@township' }, fees: '不收费', result: '发放《就业失业登记证》', certificateType: 'JYSY-CERT',
    processId: 'onsite-certificate', deemedApproval: false,
  },
  {
    code: 'MPZM', name: '门牌号码证明', legalBasis: '《地名管理条例》（国务院令第753号）第二十八条',
    category: 'onsite-certificate', handlingMode: 'accept-here-process-elsewhere',
    conditions: ['房屋已编制门牌号码'],
    materials: [idCard, { name: '房屋权属证明', form: 'original-and-copy', count: 1, required: true }],
    stepLimits: { accept: hours(2), review: days(3), decide: days(2), close: days(1) }, totalLimit: days(10),
    // 收办分离 at city level (seed 002 §14, 003 §3): the community receives, the city's public security bureau reviews and decides
    departmentCode: 'DEPT-PSB', fees: '不收费', result: '出具《门牌号码证明》', certificateType: 'MPZM-CERT',
    processId: 'onsite-certificate', deemedApproval: false,
  },
  {
    code: 'JZZ', name: '居住证', legalBasis: '《居住证暂行条例》（国务院令第663号）第十条',
    category: 'online-application', handlingMode: 'accept-here-process-elsewhere',
    conditions: ['离开常住户口所在地到本市居住半年以上', '有合法稳定就业、合法稳定住所或连续就读之一'],
    materials: [idCard, photo, { name: '居住证明（房屋租赁合同或房产证明）', form: 'copy', count: 1, required: true }],
    stepLimits: { accept: hours(4), approve: days(10), verify: days(2), issue: days(2) }, totalLimit: days(15),
    departmentCode: 'DEPT-PSB', fees: '首次申领不收费', result: '核发《居住证》', certificateType: 'JZZ-CARD',
    processId: 'online-application', deemedApproval: true,
  },
  {
    code: 'DIBAO', name: '最低生活保障', legalBasis: '《社会救助暂行办法》（国务院令第649号）第十一条',
    category: 'online-application', handlingMode: 'accept-here-process-elsewhere',
    conditions: ['共同生活的家庭成员人均收入低于当地最低生活保障标准', '符合家庭财产状况规定'],
    materials: [idCard, hukou, { name: '家庭收入及财产状况声明', form: 'original', count: 1, required: true }, { name: '家庭经济状况核对授权书', form: 'original', count: 1, required: true }],
    stepLimits: { accept: days(1), approve: days(20), verify: days(3), issue: days(2) }, totalLimit: days(30),
    departmentCode: 'DEPT-CIVIL', fees: '不收费', result: '核发《最低生活保障金领取证》', certificateType: 'DIBAO-CERT',
    processId: 'online-application', deemedApproval: false,
  },
  {
    code: 'CJRZ', name: '残疾人证', legalBasis: '《中华人民共和国残疾人保障法》；《中华人民共和国残疾人证管理办法》',
    category: 'online-application', handlingMode: 'accept-here-process-elsewhere',
    conditions: ['经指定医疗机构评定符合残疾标准'],
    materials: [idCard, hukou, photo, { name: '残疾评定表', form: 'original', count: 1, required: true }],
    stepLimits: { accept: days(1), approve: days(10), verify: days(2), issue: days(2) }, totalLimit: days(20),
    departmentCode: 'DEPT-DPF', fees: '不收费', result: '核发《中华人民共和国残疾人证》', certificateType: 'CJRZ-CARD',
    processId: 'online-application', deemedApproval: false,
  },
  // 出生一件事 (seed 004 §19): three items of three departments that the demo package joins into one application
  {
    code: 'CSYX', name: '出生医学证明', legalBasis: '《中华人民共和国母婴保健法》第二十三条',
    category: 'online-application', handlingMode: 'accept-here-process-elsewhere',
    conditions: ['在本市医疗机构出生的新生儿'],
    materials: [idCard, { name: '新生儿出生信息登记表', form: 'original', count: 1, required: true }, { name: '父母结婚证', form: 'copy', count: 1, required: false }],
    stepLimits: { accept: days(1), approve: days(5), verify: days(2), issue: days(2) }, totalLimit: days(10),
    departmentCode: 'DEPT-HEALTH', fees: '不收费', result: '核发《出生医学证明》', certificateType: 'CSYX-CERT',
    processId: 'online-application', deemedApproval: false,
  },
  {
    code: 'XSRH', name: '新生儿入户登记', legalBasis: '《中华人民共和国户口登记条例》第七条',
    category: 'online-application', handlingMode: 'accept-here-process-elsewhere',
    conditions: ['父母一方为本市户籍'],
    materials: [idCard, hukou, { name: '新生儿出生信息登记表', form: 'copy', count: 1, required: true }, { name: '父母结婚证', form: 'original-and-copy', count: 1, required: true }],
    stepLimits: { accept: days(1), approve: days(5), verify: days(2), issue: days(2) }, totalLimit: days(10),
    departmentCode: 'DEPT-PSB', fees: '不收费', result: '办理新生儿户口登记', certificateType: 'XSRH-HUKOU',
    processId: 'online-application', deemedApproval: false,
  },
  {
    code: 'JMYB', name: '城乡居民医保参保登记', legalBasis: '《中华人民共和国社会保险法》第二十五条',
    category: 'online-application', handlingMode: 'accept-here-process-elsewhere',
    conditions: ['已办理本市户口登记的新生儿'],
    materials: [idCard, hukou],
    stepLimits: { accept: days(1), approve: days(3), verify: days(1), issue: days(1) }, totalLimit: days(5),
    departmentCode: 'DEPT-HRSS', fees: '按年度缴费标准', result: '办理城乡居民医保参保登记', certificateType: 'JMYB-CARD',
    processId: 'online-application', deemedApproval: true,
  },
];

/**
 * The demo package (主题式/套餐式服务, seed 004 §19): 出生一件事, three items of three departments, led by the health
 * department, whose 10 working days are no longer than its longest item's legal limit.
 */
export const demoPackages = [
  { code: 'CSYJS', name: '出生一件事', itemCodes: ['CSYX', 'XSRH', 'JMYB'], leadDepartment: 'DEPT-HEALTH', totalLimit: days(10),
    description: '新生儿出生医学证明、入户登记、医保参保登记，一表申请、一窗受理、并联审批、统一反馈' },
];

/** The demo accounts' password (demo data only: `npm start` and the tests load it, production never does). */
export const DEMO_PASSWORD = 'Demo@2026gov';

/** Operators for every post: acceptors and closers in each community, back-office posts in each department. */
export const demoOperators = [
  { username: 'binhu.acceptor', realName: '李慧', unitCode: 'COM-BINHU', posts: ['acceptor'] },
  { username: 'binhu.closer', realName: '周敏', unitCode: 'COM-BINHU', posts: ['closer'] },
  { username: 'dushan.acceptor', realName: '陈刚', unitCode: 'COM-DUSHAN', posts: ['acceptor'] },
  { username: 'dushan.closer', realName: '刘芳', unitCode: 'COM-DUSHAN', posts: ['closer'] },
  { username: 'binhu.keeper', realName: '吴静', unitCode: 'COM-BINHU', posts: ['stock-keeper'] },
  { username: 'dushan.keeper', realName: '郑伟', unitCode: 'COM-DUSHAN', posts: ['stock-keeper'] },
  { username: 'fenghuang.reviewer', realName: '赵磊', unitCode: 'TOWN-FH', posts: ['reviewer'] },
  { username: 'dushanzhen.reviewer', realName: '孙丽', unitCode: 'TOWN-DS', posts: ['reviewer'] },
  ...['PSB', 'HEALTH', 'CIVIL', 'HRSS', 'DPF'].flatMap((d) => [
    { username: `${d.toLowerCase()}.reviewer`, realName: `${d}审核员`, unitCode: `DEPT-${d}`, posts: ['reviewer'] },
    { username: `${d.toLowerCase()}.decider`, realName: `${d}审批员`, unitCode: `DEPT-${d}`, posts: ['decider'] },
    { username: `${d.toLowerCase()}.approver`, realName: `${d}审批员（网办）`, unitCode: `DEPT-${d}`, posts: ['approver'] },
    { username: `${d.toLowerCase()}.verifier`, realName: `${d}核验员`, unitCode: `DEPT-${d}`, posts: ['verifier'] },
    { username: `${d.toLowerCase()}.issuer`, realName: `${d}证件发放员`, unitCode: `DEPT-${d}`, posts: ['issuer'] },
  ]),
].map((o) => ({ ...o, role: o.unitCode.startsWith('COM-') ? 'window-staff' as const : 'department-staff' as const }));

/** One account for every other user type (seed 001 §15, §18–20), plus an operator still to be activated. */
export const demoPeople = [
  ...['PSB', 'HEALTH', 'CIVIL', 'HRSS', 'DPF'].map((d) => ({ username: `${d.toLowerCase()}.leader`, realName: `${d}负责人`, unitCode: `DEPT-${d}`, role: 'department-leader' as const })),
  { username: 'binhu.leader', realName: '滨湖社区书记', unitCode: 'COM-BINHU', role: 'department-leader' as const },
  { username: 'supervisor', realName: '效能监察员', unitCode: 'CITY-EZ', role: 'supervisor' as const },
  { username: 'owner.health', realName: '卫健业务主管', unitCode: 'DEPT-HEALTH', role: 'business-owner' as const },
  // two people, so an item change one of them proposes is approved by the other (four eyes, seed 004 §12)
  { username: 'office.zhang', realName: '政务服务管理办公室张', unitCode: 'CITY-EZ', role: 'service-office' as const },
  { username: 'office.li', realName: '政务服务管理办公室李', unitCode: 'CITY-EZ', role: 'service-office' as const },
  { username: 'auditor', realName: '审计员', unitCode: 'CITY-EZ', role: 'auditor' as const },
  { username: 'admin', realName: '系统管理员', unitCode: 'CITY-EZ', role: 'system-admin' as const },
  // maintains the published items of a department that owns some (seed 001 §19)
  { username: 'netadmin', realName: '卫健网络专管员', unitCode: 'DEPT-HEALTH', role: 'network-admin' as const },
  { username: 'proxy.li', realName: '李代办', unitCode: 'COM-BINHU', role: 'proxy-agent' as const },
  { username: 'citizen.wang', realName: '王小明', unitCode: null, role: 'applicant' as const, applicantType: 'individual' as const },
  { username: 'company.ezhou', realName: '鄂州示范有限公司', unitCode: null, role: 'applicant' as const, applicantType: 'enterprise' as const },
];

/** Registered but not yet activated: for the practice → approval → posts walk (seed 000 §19). */
export const demoNewcomer = { username: 'binhu.newcomer', realName: '新晋办事员', unitCode: 'COM-BINHU', role: 'window-staff' as const };

/** Blank certificates in stock at each community for every on-site certificate type. */
export const demoStock = ['COM-BINHU', 'COM-DUSHAN'].flatMap((community) =>
  demoItems.filter((i) => i.category === 'onsite-certificate').map((i) => ({
    communityCode: community,
    certificateType: i.certificateType,
    serials: Array.from({ length: 50 }, (_, n) => `${i.certificateType}-${community.slice(4)}-${String(n + 1).padStart(6, '0')}`),
  })),
);
