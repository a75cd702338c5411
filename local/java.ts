import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function majorVersion(javaHome: string): number | undefined {
  const release = join(javaHome, 'release');
  if (!existsSync(release) || !existsSync(join(javaHome, 'bin', 'java'))) return undefined;
  const match = /JAVA_VERSION="(\d+)(?:\.(\d+))?/.exec(readFileSync(release, 'utf8'));
  if (!match) return undefined;
  // Java 8 and older report "1.8"
  return match[1] === '1' ? Number(match[2]) : Number(match[1]);
}

/**
 * Finds a JDK of at least the given major version: the explicit home first, then JAVA_HOME,
 * then the newest one installed under /usr/lib/jvm.
 */
export function findJava(minimum: number, explicitHome?: string): { home: string; bin: string; version: number } {
  const candidates = [explicitHome, process.env.JAVA_HOME].filter((h): h is string => Boolean(h));
  const jvmRoot = '/usr/lib/jvm';
  if (existsSync(jvmRoot)) {
    candidates.push(...readdirSync(jvmRoot).map((d) => join(jvmRoot, d)));
  }
  const found = candidates
    .map((home) => ({ home, version: majorVersion(home) }))
    .filter((c): c is { home: string; version: number } => c.version !== undefined && c.version >= minimum);
  if (explicitHome && !found.some((c) => c.home === explicitHome)) {
    throw new Error(`LOCAL_ENGINE_JAVA_HOME=${explicitHome} is not a JDK ${minimum} or newer`);
  }
  const best = explicitHome ? found.find((c) => c.home === explicitHome) : found.sort((a, b) => b.version - a.version)[0];
  if (!best) {
    throw new Error(`No JDK ${minimum}+ found (looked at JAVA_HOME and ${jvmRoot}). Install one, or set LOCAL_ENGINE_JAVA_HOME.`);
  }
  return { ...best, bin: join(best.home, 'bin', 'java') };
}
