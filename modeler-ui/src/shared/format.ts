import { currentLang } from './i18n';

/** A time as the service hall reads it (Beijing time), whatever the machine showing it is set to. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(currentLang() === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false, timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

/** A resident ID (or any long identifier) as the screen may show it: the first three and the last four kept. */
export const maskId = (id: string) => (id.length <= 7 ? '*'.repeat(id.length) : `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`);
