import { ElMessage } from 'element-plus';
import { ApiError } from './api';
import { pick, tr } from './i18n';

/** The user-facing text of a failed call: the platform's own message in the user's language, with its cause. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return pick(err.problem.message);
  return err instanceof Error ? err.message : String(err);
}

/** Shows a failed call as an error toast; returns the text for pages that also show it inline. */
export function showError(err: unknown): string {
  const text = messageOf(err);
  ElMessage({ type: 'error', message: text, showClose: true, duration: 6000 });
  return text;
}

export const conflictOf = (err: unknown) => err instanceof ApiError && err.status === 409;
export const notice = (key: string, vars?: Record<string, unknown>) => ElMessage({ type: 'success', message: tr(key, vars), showClose: true });
