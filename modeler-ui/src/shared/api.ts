/**
 * The platform API as the web app calls it. The tokens live only in this tab (sessionStorage); the access
 * token is renewed with the refresh token before it expires, and once more when a call answers 401.
 */
export interface Bilingual { zh: string; en: string }
export interface Problem { status: number; code: string; message: Bilingual; detail?: string; requestId?: string }

/** An API answer that was not a success, with the platform's problem document when there is one. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.message.en);
  }
}

interface Tokens { accessToken: string; refreshToken: string; expiresIn: number; mustChangePassword: boolean }

const store = {
  get access() { return sessionStorage.getItem('accessToken') ?? ''; },
  get refresh() { return sessionStorage.getItem('refreshToken') ?? ''; },
  get expiresAt() { return Number(sessionStorage.getItem('accessExpiresAt') ?? 0); },
  save(t: Tokens) {
    sessionStorage.setItem('accessToken', t.accessToken);
    sessionStorage.setItem('refreshToken', t.refreshToken);
    sessionStorage.setItem('accessExpiresAt', String(Date.now() + t.expiresIn * 1000));
  },
  clear() {
    for (const k of ['accessToken', 'refreshToken', 'accessExpiresAt']) sessionStorage.removeItem(k);
  },
};

/** Called when the session is gone for good (refresh refused): the shell shows the login page. */
let onSessionLost: (reason: Problem) => void = () => undefined;
export function whenSessionLost(fn: (reason: Problem) => void) { onSessionLost = fn; }

const OFFLINE: Problem = { status: 0, code: 'NETWORK', message: { zh: '无法连接服务器，请检查网络后重试', en: 'The server cannot be reached; check the network and try again' } };

async function problemOf(res: Response): Promise<Problem> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as Partial<Problem>;
    if (body.message?.zh) return { ...body, status: res.status, code: body.code ?? String(res.status), message: body.message } as Problem;
  } catch { /* not a problem document */ }
  return { status: res.status, code: String(res.status), message: { zh: `服务器返回 ${res.status}`, en: `The server answered ${res.status}` } };
}

let refreshing: Promise<boolean> | undefined;
/** Swaps the refresh token for new tokens; one swap at a time, since each refresh token works once. */
export function refreshTokens(): Promise<boolean> {
  refreshing ??= (async () => {
    if (!store.refresh) return false;
    try {
      const res = await fetch('/api/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: store.refresh }) });
      if (!res.ok) return false;
      store.save(await res.json() as Tokens);
      return true;
    } catch {
      return false;
    }
  })().finally(() => { refreshing = undefined; });
  return refreshing;
}

export interface CallOptions { body?: unknown; form?: FormData; raw?: boolean }

/** One API call; a problem answer becomes an ApiError carrying the platform's bilingual message. */
export async function call<T>(method: string, url: string, options: CallOptions = {}, retried = false): Promise<T> {
  const headers: Record<string, string> = {};
  if (store.access) headers.authorization = `Bearer ${store.access}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)) });
  } catch {
    throw new ApiError(0, OFFLINE);
  }
  if (res.status === 401 && store.access && !retried && !url.startsWith('/api/auth/')) {
    if (await refreshTokens()) return call<T>(method, url, options, true);
    const problem = await problemOf(res);
    store.clear();
    onSessionLost(problem);
    throw new ApiError(401, problem);
  }
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  if (options.raw) return res as unknown as T;
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export const tokens = {
  get present() { return Boolean(store.access); },
  get expiresAt() { return store.expiresAt; },
  async login(username: string, password: string) {
    const t = await call<Tokens>('POST', '/api/auth/login', { body: { username, password } });
    store.save(t);
    return t;
  },
  async logout() {
    try {
      if (store.access) await call<void>('POST', '/api/auth/logout', {}, true);
    } finally {
      store.clear();
    }
  },
  clear: () => store.clear(),
};

/** Downloads an API answer (PDF, CSV, JSON export) as a file, with the session's token. */
export async function download(url: string, filename: string) {
  const res = await call<Response>('GET', url, { raw: true });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await res.blob());
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}
