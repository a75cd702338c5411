import { randomBytes } from 'node:crypto';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

// Typed settings, read from the environment once and validated before anything starts.
const LogLevel = Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)));
const Port = Type.Integer({ minimum: 1, maximum: 65535 });
const Url = Type.String({ pattern: '^[a-z][a-z0-9+.-]*://\\S+$' });
const Bool = Type.Union([Type.Literal('true'), Type.Literal('false')]);

export const EnvSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], { default: 'development' }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  LOG_LEVEL: Type.Unsafe<Static<typeof LogLevel>>({ ...LogLevel, default: 'info' }),
  DATA_DIR: Type.String({ minLength: 1, default: 'data' }),
  MONGODB_URI: Type.Optional(Type.String({ pattern: '^mongodb(\\+srv)?://\\S+$', description: 'a MongoDB connection string, mongodb://… or mongodb+srv://…' })),
  LOCAL_STORE_PORT: Type.Integer({ ...Port, default: 27017 }),
  ZEEBE_GRPC_ADDRESS: Type.Optional(Type.String({ minLength: 1 })),
  ZEEBE_REST_ADDRESS: Type.Optional(Url),
  CAMUNDA_CLIENT_ID: Type.Optional(Type.String({ minLength: 1 })),
  CAMUNDA_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  CAMUNDA_OAUTH_URL: Type.Optional(Url),
  CAMUNDA_TOKEN_AUDIENCE: Type.Optional(Type.String({ minLength: 1 })),
  CAMUNDA_BASIC_AUTH_USERNAME: Type.Optional(Type.String({ minLength: 1 })),
  CAMUNDA_BASIC_AUTH_PASSWORD: Type.Optional(Type.String({ minLength: 1 })),
  ENGINE_CLOCK_CONTROLLED: Type.Unsafe<'true' | 'false'>({ ...Bool, default: 'false' }),
  CAMUNDA_AUTH_STRATEGY: Type.Union([Type.Literal('NONE'), Type.Literal('OAUTH'), Type.Literal('BASIC')], { default: 'NONE' }),
  UI_DIST_DIR: Type.String({ minLength: 1, default: 'modeler-ui/dist' }),
  PASSWORD_MIN_LENGTH: Type.Integer({ minimum: 5, maximum: 20, default: 8 }),
  LOGIN_MAX_FAILURES: Type.Integer({ minimum: 1, maximum: 100, default: 5 }),
  LOGIN_LOCK_MINUTES: Type.Integer({ minimum: 1, maximum: 1440, default: 15 }),
  SESSION_IDLE_MINUTES: Type.Integer({ minimum: 1, maximum: 1440, default: 30 }),
  ACCESS_TOKEN_MINUTES: Type.Integer({ minimum: 1, maximum: 60, default: 15 }),
  REFRESH_TOKEN_HOURS: Type.Integer({ minimum: 1, maximum: 720, default: 12 }),
  JWT_KEYS: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}:[^,\\s]{32,}(,[A-Za-z0-9_-]{1,32}:[^,\\s]{32,})*$', description: 'signing keys as kid:secret pairs separated by commas, each secret at least 32 characters' })),
  JWT_CURRENT_KID: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$', description: 'the kid of JWT_KEYS that signs new tokens' })),
  UPLOAD_DIR: Type.Optional(Type.String({ minLength: 1 })),
  UPLOAD_MAX_BYTES: Type.Integer({ minimum: 1024, maximum: 104_857_600, default: 10_485_760 }),
  ENGINE_EVENTS_TOKEN: Type.Optional(Type.String({ minLength: 24, maxLength: 256, description: 'a shared secret of 24 to 256 characters' })),
  OFFICE_HOURS: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-3]):[0-5]\\d(,([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-3]):[0-5]\\d)*$', default: '09:00-12:00,13:30-17:30', description: 'office periods HH:MM-HH:MM separated by commas, e.g. 09:00-12:00,13:30-17:30' }),
  AUDIT_RETENTION_DAYS: Type.Integer({ minimum: 184, maximum: 36_500, default: 184, description: 'days audit entries are kept, at least 184 (six months, graded protection)' }),
  AUDIT_HEAD_LOG_MINUTES: Type.Integer({ minimum: 1, maximum: 1440, default: 60 }),
  AUDIT_MEND_AFTER_SECONDS: Type.Integer({ minimum: 5, maximum: 3600, default: 60, description: 'an action written down this long ago whose audit entry never followed counts as interrupted by a stop, and is mended' }),
  OFFICE_UTC_OFFSET_MINUTES: Type.Integer({ minimum: -720, maximum: 840, default: 480 }),
  APPOINTMENT_SLOT_MINUTES: Type.Integer({ minimum: 5, maximum: 240, default: 30, description: 'length of one bookable appointment slot at a community window, in minutes (5 to 240)' }),
  APPOINTMENT_SLOT_CAPACITY: Type.Integer({ minimum: 1, maximum: 100, default: 2, description: 'bookings one community window takes per slot (1 to 100)' }),
  APPOINTMENT_UNIT_CAPACITY: Type.Optional(Type.String({ pattern: '^[A-Z0-9-]{1,32}:([1-9]\\d?|100)(,[A-Z0-9-]{1,32}:([1-9]\\d?|100))*$', description: 'per-window capacity overriding APPOINTMENT_SLOT_CAPACITY, e.g. COM-BINHU:3,COM-DUSHAN:1' })),
  APPOINTMENT_DAYS_AHEAD: Type.Integer({ minimum: 1, maximum: 60, default: 14, description: 'how many calendar days ahead appointments can be booked (1 to 60)' }),
  APPOINTMENT_REMINDER_HOURS: Type.Integer({ minimum: 1, maximum: 168, default: 24, description: 'hours before the slot the reminder notice goes out (1 to 168); at once when the slot is nearer' }),
  PDF_FONT_PATH: Type.String({ minLength: 1, default: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', description: 'a font file with Chinese glyphs (.ttf, .otf, .ttc) for the printed notices; Debian: fonts-noto-cjk' }),
  CERT_KEY_DIR: Type.Optional(Type.String({ minLength: 1, description: 'a directory of Ed25519 keys in PEM: <keyId>.key.pem (private, PKCS#8) and <keyId>.pub.pem (public, SPKI)' })),
  CERT_SIGNING_KEY_ID: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$', description: 'the key id (file name before .key.pem) of CERT_KEY_DIR that signs new electronic certificates' })),
  PUBLIC_BASE_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$', description: 'the address the public reaches the platform at, e.g. https://zwfw.example.gov.cn (the QR codes of the certificates point there)' })),
  SMS_GATEWAY_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$', description: 'an SMS gateway that takes POST {to, text, ref} as JSON; without it, text messages are kept in the store (sms_outbox) and the log' })),
  SMS_GATEWAY_TOKEN: Type.Optional(Type.String({ minLength: 16, maxLength: 512, description: 'the bearer token the SMS gateway expects' })),
  ACCOUNTABILITY_RESET_MONTHS: Type.Integer({ minimum: 1, maximum: 60, default: 12, description: 'months after which the count of window violations starts again (1 to 60); seed 001 §31' }),
  PDF_FONT_NAME: Type.String({ pattern: '^[A-Za-z0-9_-]{1,63}$', default: 'NotoSansCJKsc-Regular', description: 'the PostScript name of the font to use when PDF_FONT_PATH is a collection (.ttc, .otc)' }),
});
export type Env = Static<typeof EnvSchema>;

export type Config = ReturnType<typeof toConfig>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

function describe(schema: TSchema): string {
  if (schema.description) return schema.description;
  if (Array.isArray(schema.anyOf)) return `one of ${schema.anyOf.map((s: TSchema) => s.const).join(', ')}`;
  if (schema.type === 'integer') return `a whole number from ${schema.minimum ?? '-∞'} to ${schema.maximum ?? '∞'}`;
  if (schema.pattern) return `a value matching ${schema.pattern}`;
  return 'a non-empty string';
}

/** Reads only the variables the schema names, fills defaults, converts numbers, and reports every bad one by name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const converted = Value.Convert(EnvSchema, Value.Default(EnvSchema, { ...raw }));
  const problems = [...Value.Errors(EnvSchema, converted)].map((e) => {
    const name = e.path.replace(/^\//, '');
    const schema = (EnvSchema.properties as Record<string, TSchema>)[name];
    return schema ? `${name}=${JSON.stringify(env[name])} is not accepted: expected ${describe(schema)}` : `${name}: ${e.message}`;
  });
  const given = converted as Partial<Env>;
  if (given.NODE_ENV === 'production' && !given.JWT_KEYS) problems.push('JWT_KEYS is required in production: the keys that sign access tokens (kid:secret,...)');
  if (given.JWT_KEYS && given.JWT_CURRENT_KID && !given.JWT_KEYS.split(',').some((p) => p.split(':')[0] === given.JWT_CURRENT_KID)) {
    problems.push(`JWT_CURRENT_KID=${JSON.stringify(given.JWT_CURRENT_KID)} is not one of the kids in JWT_KEYS`);
  }
  const camunda = given.ZEEBE_GRPC_ADDRESS !== undefined || given.ZEEBE_REST_ADDRESS !== undefined;
  if (camunda && (given.ZEEBE_GRPC_ADDRESS === undefined || given.ZEEBE_REST_ADDRESS === undefined)) problems.push('a Camunda 8 cluster needs both ZEEBE_GRPC_ADDRESS and ZEEBE_REST_ADDRESS');
  if (camunda && given.NODE_ENV === 'production' && !given.ENGINE_EVENTS_TOKEN) problems.push('ENGINE_EVENTS_TOKEN is required in production with a Camunda 8 cluster: the secret its engine-records exporter sends');
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  return toConfig(converted as Env);
}

function toConfig(env: Env) {
  const camunda8 = env.ZEEBE_GRPC_ADDRESS !== undefined && env.ZEEBE_REST_ADDRESS !== undefined;
  return {
    env: env.NODE_ENV,
    http: { host: env.HOST, port: env.PORT },
    logLevel: env.LOG_LEVEL,
    dataDir: env.DATA_DIR,
    uiDistDir: env.UI_DIST_DIR,
    /** the secret a Camunda 8 cluster's engine-records exporter sends (Self-Managed only); unused by the embedded engine */
    engineEventsToken: env.ENGINE_EVENTS_TOKEN,
    security: {
      passwordMinLength: env.PASSWORD_MIN_LENGTH,
      maxFailures: env.LOGIN_MAX_FAILURES,
      lockMinutes: env.LOGIN_LOCK_MINUTES,
      idleMinutes: env.SESSION_IDLE_MINUTES,
      accessTokenMinutes: env.ACCESS_TOKEN_MINUTES,
      refreshHours: env.REFRESH_TOKEN_HOURS,
      jwt: jwtKeys(env.JWT_KEYS, env.JWT_CURRENT_KID),
    },
    audit: { retentionDays: env.AUDIT_RETENTION_DAYS, headLogMinutes: env.AUDIT_HEAD_LOG_MINUTES, mendAfterSeconds: env.AUDIT_MEND_AFTER_SECONDS },
    uploads: { dir: env.UPLOAD_DIR ?? `${env.DATA_DIR}/uploads`, maxBytes: env.UPLOAD_MAX_BYTES },
    /**
     * electronic certificates (电子证照, seed 004 §40): the Ed25519 key directory and the key that signs; without a
     * directory, a development key pair is generated under DATA_DIR once and kept
     */
    certificates: {
      keyDir: env.CERT_KEY_DIR ?? `${env.DATA_DIR}/certificate-keys`,
      keyDirConfigured: env.CERT_KEY_DIR !== undefined,
      signingKeyId: env.CERT_SIGNING_KEY_ID ?? null,
      publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://${env.HOST}:${env.PORT}`).replace(/\/+$/, ''),
    },
    /** text messages to applicants (seed 001 §4): a real gateway when configured, else the local outbox */
    sms: { url: env.SMS_GATEWAY_URL ?? null, token: env.SMS_GATEWAY_TOKEN ?? null },
    /** the printed notices (receipt, supplement notice, refusal notice) are PDF in Chinese: they need a CJK font */
    documents: { fontPath: env.PDF_FONT_PATH, fontName: env.PDF_FONT_NAME },
    office: {
      hours: env.OFFICE_HOURS.split(',').map((p) => {
        const [start, end] = p.split('-') as [string, string];
        return { start, end };
      }),
      utcOffsetMinutes: env.OFFICE_UTC_OFFSET_MINUTES,
    },
    /** 问责 (seed 001 §31): confirmed violations inside this many months walk the ladder; older ones no longer count */
    accountability: { resetMonths: env.ACCOUNTABILITY_RESET_MONTHS },
    /** online appointments at the community windows (在线预约, seed 001 §4(3)): slots inside office hours on working days */
    appointments: {
      slotMinutes: env.APPOINTMENT_SLOT_MINUTES,
      capacity: env.APPOINTMENT_SLOT_CAPACITY,
      /** a window's own capacity where it differs */
      capacityByUnit: Object.fromEntries((env.APPOINTMENT_UNIT_CAPACITY ?? '').split(',').filter(Boolean).map((p) => [p.split(':')[0]!, Number(p.split(':')[1])])) as Record<string, number>,
      daysAhead: env.APPOINTMENT_DAYS_AHEAD,
      reminderHours: env.APPOINTMENT_REMINDER_HOURS,
    },
    store: {
      uri: env.MONGODB_URI ?? `mongodb://127.0.0.1:${env.LOCAL_STORE_PORT}/gov_services`,
      /** true when no MONGODB_URI is given: the local MongoDB-wire server is started */
      local: env.MONGODB_URI === undefined,
      localPort: env.LOCAL_STORE_PORT,
    },
    engine: {
      /** the embedded engine unless a Camunda 8 cluster's addresses are given */
      kind: camunda8 ? 'camunda8' as const : 'embedded' as const,
      /** the engine's clock moves only when a test moves it (embedded engine only) */
      clockControlled: env.ENGINE_CLOCK_CONTROLLED === 'true',
      camunda8: camunda8 ? {
        grpcAddress: env.ZEEBE_GRPC_ADDRESS!,
        restAddress: env.ZEEBE_REST_ADDRESS!,
        authStrategy: env.CAMUNDA_AUTH_STRATEGY,
        clientId: env.CAMUNDA_CLIENT_ID, clientSecret: env.CAMUNDA_CLIENT_SECRET, oauthUrl: env.CAMUNDA_OAUTH_URL, tokenAudience: env.CAMUNDA_TOKEN_AUDIENCE,
        basicUsername: env.CAMUNDA_BASIC_AUTH_USERNAME, basicPassword: env.CAMUNDA_BASIC_AUTH_PASSWORD,
      } : null,
    },
  } as const;
}

/** The signing keys by key id; without JWT_KEYS (development, tests) one random key per process. */
function jwtKeys(keys: string | undefined, currentKid: string | undefined) {
  if (!keys) return { keys: { local: randomBytes(32).toString('base64url') } as Record<string, string>, currentKid: 'local' };
  const parsed = Object.fromEntries(keys.split(',').map((p) => {
    const i = p.indexOf(':');
    return [p.slice(0, i), p.slice(i + 1)];
  }));
  return { keys: parsed as Record<string, string>, currentKid: currentKid ?? Object.keys(parsed).at(-1)! };
}
