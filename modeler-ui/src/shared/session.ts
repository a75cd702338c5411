import { reactive } from 'vue';
import { call, refreshTokens, tokens, whenSessionLost, type Problem } from './api';

export type Role =
  | 'applicant' | 'window-staff' | 'department-staff' | 'department-leader' | 'network-admin' | 'proxy-agent'
  | 'supervisor' | 'business-owner' | 'service-office' | 'auditor' | 'system-admin';
export const STAFF: Role[] = ['window-staff', 'department-staff'];

export interface Me {
  username: string; realName: string; role: Role; unitCode: string | null; unitName: string | null;
  posts: string[]; activated: boolean; mustChangePassword: boolean;
  session: { accessTokenMinutes: number; idleMinutes: number };
}

/** Who is logged in in this tab, and why the last session ended (shown on the login page). */
export const session = reactive({
  me: null as Me | null,
  endedBecause: '' as '' | 'idle' | 'lost' | 'logout' | 'password',
  lostProblem: null as Problem | null,
});

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/** Renews the access token a minute before it expires, as long as the tab is in use. */
function scheduleRefresh() {
  clearTimeout(refreshTimer);
  const wait = Math.max(5_000, tokens.expiresAt - Date.now() - 60_000);
  refreshTimer = setTimeout(async () => {
    if (await refreshTokens()) scheduleRefresh();
    else end('lost');
  }, wait);
}

function touch() {
  clearTimeout(idleTimer);
  const minutes = session.me?.session.idleMinutes ?? 30;
  idleTimer = setTimeout(() => void logout('idle'), minutes * 60_000);
}

function watchActivity(on: boolean) {
  for (const e of ACTIVITY) (on ? window.addEventListener : window.removeEventListener)(e, touch, { passive: true } as AddEventListenerOptions);
}

export function end(reason: typeof session.endedBecause) {
  clearTimeout(refreshTimer);
  clearTimeout(idleTimer);
  watchActivity(false);
  tokens.clear();
  session.me = null;
  session.endedBecause = reason;
}

whenSessionLost((problem) => {
  session.lostProblem = problem;
  end('lost');
});

/** Loads who is logged in from the token in this tab; false when there is none or it no longer works. */
export async function restore(): Promise<boolean> {
  if (!tokens.present) return false;
  try {
    session.me = await call<Me>('GET', '/api/me');
  } catch {
    end('lost');
    return false;
  }
  session.endedBecause = '';
  scheduleRefresh();
  watchActivity(true);
  touch();
  return true;
}

export async function login(username: string, password: string) {
  await tokens.login(username, password);
  await restore();
}

/** Ends the session on the server too, so the old token stops working at once. */
export async function logout(reason: typeof session.endedBecause = 'logout') {
  try {
    await tokens.logout();
  } finally {
    end(reason);
  }
}

export const hasRole = (...roles: Role[]) => Boolean(session.me && roles.includes(session.me.role));
