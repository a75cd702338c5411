import { call } from '../shared/api';

/** 在线咨询 (seed 001 §4(2)): a question about an item, answered by its department within 1 working day. */
export interface Consultation {
  consultationNumber: string; itemCode: string; itemName: string; departmentCode: string; question: string;
  state: 'asked' | 'answered'; answer: string | null; answeredBy: string | null; askedAt: string; answeredAt: string | null;
  dueAt: string | null; takenBy: string | null; faqPublished: boolean;
}
export interface Faq { consultationNumber: string; question: string; answer: string; answeredAt: string | null; publishedAt: string | null }

export const consultApi = {
  ask: (itemCode: string, question: string) => call<Consultation>('POST', '/api/consultations', { body: { itemCode, question } }),
  mine: async () => (await call<{ consultations: Consultation[] }>('GET', '/api/consultations/mine')).consultations,
  department: async (state: 'asked' | 'answered') => (await call<{ consultations: Consultation[] }>('GET', `/api/consultations/department?state=${state}`)).consultations,
  take: (n: string) => call<Consultation>('POST', `/api/consultations/${n}/take`),
  answer: (n: string, answer: string) => call<Consultation>('POST', `/api/consultations/${n}/answer`, { body: { answer } }),
  publish: (n: string) => call<Consultation>('POST', `/api/consultations/${n}/publish`),
  faq: async (itemCode: string) => (await call<{ faq: Faq[] }>('GET', `/api/guides/${encodeURIComponent(itemCode)}/faq`)).faq,
};
