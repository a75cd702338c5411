import { maskIdNumber } from '../account/account.service.js';
import type { ApplicationRecord } from '../application/application.repository.js';
import { statusWords } from '../application/application.service.js';

/** The written notices a case can have, each printed as one PDF. */
export const DocumentKind = {
  Receipt: 'receipt', // 受理回执
  SupplementNotice: 'supplement-notice', // 一次性告知书
  RefusalNotice: 'refusal-notice', // 不予受理通知书
} as const;
export type DocumentKind = (typeof DocumentKind)[keyof typeof DocumentKind];

/** A printed notice as words and parts, before it is laid out on the page. */
export interface DocumentContent {
  kind: DocumentKind;
  title: string;
  /** the full name of the unit that issues it, at the head and above the stamp */
  issuer: string;
  reference: string;
  addressee: string;
  paragraphs: string[];
  fields: [label: string, value: string][];
  list: { heading: string; items: string[] } | null;
  closing: string[];
  /** the date the notice bears, in Chinese */
  dated: string;
  footer: string;
}

type ItemMaterial = { name: string; form: string; count: number; required: boolean };
type Limit = { value: number; unit: string };
export interface ItemFacts { materials: ItemMaterial[]; totalLimit: Limit | null }

const FORM_ZH: Record<string, string> = { original: '原件', copy: '复印件', 'original-and-copy': '原件及复印件' };
const CHANNEL_ZH: Record<string, string> = { window: '窗口收件', online: '网上申请' };

export const maskPhone = (phone: string) => (phone.length <= 7 ? '*'.repeat(phone.length) : `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`);

/** Dates and times as the office reads them, in its own time zone. */
export function officeClock(utcOffsetMinutes: number) {
  const local = (d: Date) => new Date(d.getTime() + utcOffsetMinutes * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: (d: Date) => {
      const l = local(d);
      return `${l.getUTCFullYear()}年${l.getUTCMonth() + 1}月${l.getUTCDate()}日`;
    },
    dateTime: (d: Date) => {
      const l = local(d);
      return `${l.getUTCFullYear()}年${l.getUTCMonth() + 1}月${l.getUTCDate()}日 ${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}`;
    },
  };
}
type Clock = ReturnType<typeof officeClock>;

function materialWords(name: string, facts: ItemFacts): string {
  const m = facts.materials.find((x) => x.name === name);
  return m ? `${name}（${FORM_ZH[m.form] ?? m.form}，${m.count}份）` : name;
}
const limitWords = (l: Limit) => (l.unit === 'working-days' ? `${l.value}个工作日` : `${l.value}个工作小时`);

function common(app: ApplicationRecord, issuer: string, clock: Clock) {
  const a = app.applicant!;
  return {
    issuer, reference: `申请编号：${app.applicationNumber}`, addressee: `${a.name}：`,
    footer: `本文书由政务服务平台生成 · 申请编号 ${app.applicationNumber} · 证件号码与电话已作脱敏处理`,
    applicantFields: [['申请人', a.name], ['证件号码', maskIdNumber(a.idNumber)], ['联系电话', maskPhone(a.phone)]] as [string, string][],
    filed: clock.date(app.filedAt),
  };
}

/**
 * 受理回执: the written receipt for what the window took in (seed 001 §32 item 4: a written receipt or refusal
 * is due). It lists every material of the item and whether it was handed in.
 */
export function receiptText(app: ApplicationRecord, issuer: string, facts: ItemFacts, clock: Clock): DocumentContent {
  const c = common(app, issuer, clock);
  const scanned = new Set((app.files ?? []).map((f) => f.material));
  const provided = new Map(app.materials.map((m) => [m.name ?? '', m.provided === true]));
  const names = [...new Set([...facts.materials.map((m) => m.name), ...provided.keys()])].filter(Boolean);
  return {
    kind: DocumentKind.Receipt, title: '受理回执', issuer: c.issuer, reference: c.reference, addressee: c.addressee,
    paragraphs: [
      `您申请办理的「${app.itemName}」，本单位已于${clock.dateTime(app.filedAt)}登记收件，登记情况如下。`,
      '材料齐全、符合法定形式的，予以受理；材料不齐全或者不符合法定形式的，本单位将一次性告知需要补正的全部材料。',
    ],
    fields: [
      ['申请编号', app.applicationNumber], ['事项名称', app.itemName], ...c.applicantFields,
      ['收件方式', CHANNEL_ZH[app.channel] ?? app.channel], ['收件时间', clock.dateTime(app.filedAt)],
      ...(facts.totalLimit ? [['承诺时限', `自受理之日起${limitWords(facts.totalLimit)}`] as [string, string]] : []),
      ['当前状态', statusWords(app).zh],
    ],
    list: {
      heading: '申请材料',
      items: names.map((n) => `${materialWords(n, facts)}：${provided.get(n) ? '已提交' : '未提交'}${scanned.has(n) ? '，已上传扫描件' : ''}`),
    },
    closing: ['请妥善保管本回执。凭申请编号和申请人证件号码后六位，可随时查询办理进度。'],
    dated: clock.date(app.filedAt), footer: c.footer,
  };
}

/**
 * 一次性告知书: every missing material, told once and in full (seed 000 §26(2): the acceptor tells the
 * applicant at once what to supplement; seed 001 §32 item 3: all of it, in writing).
 */
export function supplementNoticeText(app: ApplicationRecord, issuer: string, facts: ItemFacts, notice: { missing: string[]; at: Date }, clock: Clock): DocumentContent {
  const c = common(app, issuer, clock);
  return {
    kind: DocumentKind.SupplementNotice, title: '一次性告知书', issuer: c.issuer, reference: c.reference, addressee: c.addressee,
    paragraphs: [
      `您于${c.filed}申请办理的「${app.itemName}」（申请编号 ${app.applicationNumber}），经形式审查，所提交的材料不齐全或者不符合法定形式，暂不予受理。`
      + `现将需要补正的全部材料一次性告知如下（共${notice.missing.length}项）：`,
    ],
    fields: [['申请编号', app.applicationNumber], ['事项名称', app.itemName], ...c.applicantFields],
    list: { heading: '需要补正的材料', items: notice.missing.map((m) => materialWords(m, facts)) },
    closing: [
      `请补齐上述全部材料后，携本告知书到${issuer}窗口办理。等待补正的时间不计入办理时限。`,
      '本告知书已列明需要补正的全部材料，补齐后不再要求提交其他材料。',
    ],
    dated: clock.date(notice.at), footer: c.footer,
  };
}

/** 不予受理通知书: the refusal in writing with its reasons (seed 001 §32 items 4 and 5). */
export function refusalNoticeText(app: ApplicationRecord, issuer: string, notice: { reasons: string[]; at: Date }, clock: Clock): DocumentContent {
  const c = common(app, issuer, clock);
  return {
    kind: DocumentKind.RefusalNotice, title: '不予受理通知书', issuer: c.issuer, reference: c.reference, addressee: c.addressee,
    paragraphs: [`您于${c.filed}申请办理的「${app.itemName}」（申请编号 ${app.applicationNumber}），经审查，决定不予受理。理由如下：`],
    fields: [['申请编号', app.applicationNumber], ['事项名称', app.itemName], ...c.applicantFields],
    list: { heading: '不予受理的理由', items: notice.reasons },
    closing: ['本通知书即为不予受理的书面凭证。', '如对本决定不服，可以依法申请行政复议或者提起行政诉讼。'],
    dated: clock.date(notice.at), footer: c.footer,
  };
}
