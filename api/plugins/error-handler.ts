import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorKind, type Bilingual } from '../../domain/shared/domain-error.js';
import { requestFaults, type AjvError } from './request-faults.js';

const STATUS: Record<string, number> = {
  [ErrorKind.NotFound]: 404,
  [ErrorKind.Conflict]: 409,
  [ErrorKind.Validation]: 422,
  [ErrorKind.Forbidden]: 403,
  [ErrorKind.Unauthenticated]: 401,
  [ErrorKind.RateLimited]: 429,
  [ErrorKind.TooLarge]: 413,
  [ErrorKind.Unavailable]: 503,
};

/** Fastify's and its plugins' own refusals, under codes of ours. */
const FRAMEWORK_CODES: Record<string, string> = {
  FST_ERR_BAD_URL: 'URL_INVALID', FST_ERR_MAX_PARAM_LENGTH: 'URL_TOO_LONG', FST_ERR_CTP_INVALID_MEDIA_TYPE: 'MEDIA_TYPE_UNSUPPORTED',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BODY_NOT_JSON', FST_ERR_CTP_INVALID_JSON_BODY: 'BODY_NOT_JSON', FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'CONTENT_LENGTH_INVALID',
};
/** The multipart plugin's refusals of an upload, in Chinese (its English is its own message). */
const MULTIPART_ZH: Record<string, string> = {
  FST_REQ_FILE_TOO_LARGE: '上传的文件超过大小上限', FST_PARTS_LIMIT: '一次只能上传一个文件，表单不能有其他部分', FST_FILES_LIMIT: '一次只能上传一个文件',
  FST_FIELDS_LIMIT: '上传表单只接受字段 file 中的文件，不接受其他字段', FST_PROTO_VIOLATION: '上传表单的字段名不可用（如 __proto__）',
  FST_INVALID_MULTIPART_CONTENT_TYPE: '请求不是 multipart/form-data 格式', FST_MP_PREMATURE_CLOSE: '连接在上传表单读完之前就关闭了，请重新上传',
};
const ZH_BY_STATUS: Record<number, string> = { 400: '请求格式不正确', 401: '请先登录', 403: '无权访问', 404: '资源不存在', 405: '不支持此请求方法', 406: '不接受此请求', 409: '状态冲突', 413: '提交内容过大', 414: '地址过长', 415: '不支持的内容类型', 422: '内容不符合业务规则', 429: '请求过于频繁' };

/** The driver's words for a store it cannot reach (down, frozen, or the network between). */
const STORE_DOWN = new Set(['MongoServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoNotConnectedError', 'MongoTopologyClosedError', 'MongoPoolClearedError']);
function storeUnreachable(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name ?? '';
  return STORE_DOWN.has(name) || /buffering timed out|connection .* (closed|timed out)|ECONNREFUSED/i.test(String((err as Error | null)?.message ?? ''));
}

/** A refusal of ours made outside the domain (the rate limit, an unreadable upload) may carry its Chinese along. */
const ownZh = (err: unknown) => (typeof (err as { zh?: unknown }).zh === 'string' ? (err as { zh: string }).zh : undefined);
/** the part of a framework message in quotes: the URL piece it could not read */
const quoted = (message: string) => /'(.*)'/s.exec(message)?.[1] ?? '';

/** What a request the framework refused (a URL, a media type, a body it cannot read) did wrong, in both languages. */
function frameworkWords(code: string, err: FastifyError, req: FastifyRequest): Bilingual {
  const message = err.message;
  switch (code) {
    case 'URL_INVALID': return { zh: `地址无法解析：${quoted(message)} 不是有效的地址片段（须按 URL 编码）`, en: message };
    case 'URL_TOO_LONG': {
      const part = quoted(message);
      return { zh: `地址中的参数过长（${part.length} 个字符）：${part.slice(0, 40)}${part.length > 40 ? '…' : ''}`, en: message };
    }
    case 'MEDIA_TYPE_UNSUPPORTED': {
      const type = req.headers['content-type'] || 'none';
      return {
        zh: `不支持的内容类型 ${type === 'none' ? '（未声明）' : type}：请以 JSON（application/json）提交，上传文件用 multipart/form-data`,
        en: `unsupported media type ${type}: send JSON (application/json), or multipart/form-data for uploads`,
      };
    }
    case 'BODY_NOT_JSON': {
      if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return { zh: '提交内容为空，但内容类型声明为 application/json', en: message };
      // the parser's own words: at position 6, an unexpected '}', or an end too early
      const why = err.cause instanceof Error ? err.cause.message : err instanceof SyntaxError ? message : '';
      const position = /position (\d+)/.exec(why)?.[1];
      const token = /^Unexpected token '(.+?)'/.exec(why)?.[1];
      const where = position ? `第 ${Number(position) + 1} 个字符处有误` : token ? `有意外的字符 ${token}` : /end of JSON/.test(why) ? '内容不完整' : '';
      const en = err.cause instanceof Error ? `${message}: ${why}` : message;
      if (!why) return { zh: '提交内容不是有效的 JSON，或含有不允许的属性名（如 __proto__）', en };
      return { zh: `提交内容不是有效的 JSON${where ? `：${where}` : ''}（${why}）`, en };
    }
    case 'CONTENT_LENGTH_INVALID': {
      const declared = req.headers['content-length'] ?? '?';
      return { zh: `提交内容的长度与 Content-Length 声明的 ${declared} 字节不符`, en: `${message} (${declared} bytes declared)` };
    }
  }
  const zh = ownZh(err) ?? (err.code && MULTIPART_ZH[err.code]);
  return { zh: zh || `${ZH_BY_STATUS[err.statusCode ?? 400] ?? '请求未能完成'}（${message}）`, en: message };
}

/** Every error leaves as application/problem+json with a stable code and its cause in Chinese and English; never a stack. */
export function errorHandler(err: FastifyError | DomainError, req: FastifyRequest, reply: FastifyReply) {
  let status: number;
  let code: string;
  let words: Bilingual;
  let errors: { field: string; problem: string }[] | undefined;
  if (err instanceof DomainError) {
    status = STATUS[err.kind] ?? 400;
    code = err.code;
    words = { zh: err.zh, en: err.message };
  } else if (err.validation) {
    status = 400;
    code = 'REQUEST_INVALID';
    const faults = requestFaults(err.validation as AjvError[], err.validationContext ?? 'body', req);
    errors = faults.map((f) => ({ field: f.field, problem: f.en }));
    words = faults.length
      ? { zh: faults.slice(0, 5).map((f) => `${f.field} ${f.zh}`).join('；'), en: faults.slice(0, 5).map((f) => `${f.field} ${f.en}`).join('; ') }
      : { zh: `请求不符合接口要求（${err.message}）`, en: err.message };
  } else if (err.statusCode === 429) {
    status = 429;
    code = 'RATE_LIMITED';
    words = { zh: ownZh(err) ?? '请求过于频繁，请稍后再试', en: err.message };
  } else if (err.statusCode === 413) {
    status = 413;
    code = 'BODY_TOO_LARGE';
    const limit = req.routeOptions?.bodyLimit;
    words = err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' && limit
      ? { zh: `提交内容过大：不能超过 ${limit} 字节`, en: `${err.message}: at most ${limit} bytes` }
      : { zh: (err.code && MULTIPART_ZH[err.code]) || '提交内容过大', en: err.message };
  } else if (storeUnreachable(err)) {
    req.log.error({ err: (err as Error).message }, 'the store is unreachable');
    status = 503;
    code = 'STORE_UNAVAILABLE';
    words = { zh: '数据存储暂时无法访问，未作任何更改，请稍后再试', en: 'The data store cannot be reached just now; nothing was changed. Try again in a minute.' };
    void reply.header('retry-after', '30');
  } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    status = err.statusCode;
    // the JSON parser's own errors are SyntaxErrors without a code
    code = FRAMEWORK_CODES[err.code] ?? (err.code || (err instanceof SyntaxError ? 'BODY_NOT_JSON' : 'REQUEST_REFUSED'));
    words = frameworkWords(code, err, req);
  } else {
    req.log.error({ err }, 'request failed');
    status = 500;
    code = 'INTERNAL_ERROR';
    words = { zh: `系统内部错误，请凭请求编号 ${req.id} 联系管理员`, en: `An internal error occurred; quote the request id ${req.id} when reporting it.` };
  }
  if (status === 401 || status === 403) req.log.warn({ code, url: req.url }, 'access refused');
  // set here as well: a URL Fastify cannot read is answered before any hook runs
  void reply.code(status).type('application/problem+json').header('x-request-id', req.id).send({
    type: 'about:blank', title: code, status, code, detail: words.en, message: words, requestId: req.id, ...(errors ? { errors } : {}),
  });
}
