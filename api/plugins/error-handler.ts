import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorKind } from '../../domain/shared/domain-error.js';

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

/** Chinese wording of the codes people meet most; any other code falls back to its status. */
const ZH: Record<string, string> = {
  REQUEST_INVALID: '请求格式不正确', ROUTE_NOT_FOUND: '没有这个地址', INTERNAL_ERROR: '系统内部错误，请凭请求编号联系管理员',
  TOKEN_MISSING: '请先登录', TOKEN_INVALID: '登录凭证无效或已过期', SESSION_ENDED: '会话已结束，请重新登录',
  CREDENTIALS_INVALID: '用户名或密码错误', LOGIN_THROTTLED: '此处登录失败次数过多，请稍后再试', PASSWORD_CHANGE_REQUIRED: '首次登录须先修改初始密码',
  PASSWORD_TOO_WEAK: '密码须包含字母、数字和符号，长度符合要求', ROLE_FORBIDDEN: '当前角色无权执行此操作', RATE_LIMITED: '请求过于频繁，请稍后再试',
  TASK_NOT_FOUND: '任务不存在', TASK_NOT_OPEN: '任务已被他人认领或已办结', TASK_NOT_COMPLETABLE: '任务不能办结：未由本人认领或已办结',
  TASK_NOT_YOUR_POST: '该任务不属于本人岗位或单位', OPERATOR_NOT_ACTIVATED: '操作员尚未激活', STEP_BODY_INVALID: '提交内容与本环节要求不符',
  APPLICATION_NOT_FOUND: '办件不存在', ITEM_NOT_FOUND: '事项不存在', ITEM_NOT_OPEN: '该事项暂停或终止受理', PROGRESS_NOT_FOUND: '办件编号或查询密码不正确',
  NO_SUPPLEMENT_PENDING: '该办件没有待补正事项', BODY_TOO_LARGE: '提交内容过大', ENGINE_TOKEN_INVALID: '引擎事件凭证无效',
  FOUR_EYES_REQUIRED: '事项变更须由提出人以外的政务服务管理办公室人员审核', SERVICE_OFFICE_ONLY: '事项变更由政务服务管理办公室审核',
  CHANGE_REQUEST_NOT_FOUND: '事项变更申请不存在', ITEM_REQUEST_PENDING: '该事项已有待审核的变更申请，请待其审核后再提出',
  ITEM_NOT_YOUR_DEPARTMENT: '只能对本部门的事项提出申请', ITEM_UNCHANGED: '提交的事项要素与现行版本相同', ITEM_CODE_MISMATCH: '事项编码与地址不一致',
  ITEM_ELEMENTS_REQUIRED: '开通或变更事项须提交完整的事项要素', ITEM_ELEMENTS_NOT_EXPECTED: '暂停、恢复、终止事项无需提交事项要素',
  STEP_LIMITS_MISMATCH: '各环节时限须与事项类型的环节一一对应', STEP_UNITS_INVALID: '环节办理单位只能设置后台环节', DEPARTMENT_UNKNOWN: '办理部门不存在',
  UNIT_UNKNOWN: '办理单位不存在', EVALUATION_YEAR_IN_FUTURE: '评估年度尚未开始', GUIDE_NOT_FOUND: '没有这个已公开的事项',
  URL_INVALID: '地址格式不正确', URL_TOO_LONG: '地址过长', BODY_NOT_JSON: '提交内容不是有效的 JSON',
  MEDIA_TYPE_UNSUPPORTED: '不支持的内容类型：请以 JSON 提交（上传文件用 multipart/form-data）', CONTENT_LENGTH_INVALID: '提交内容的长度与声明不符',
  MULTIPART_INVALID: '上传内容不是有效的 multipart/form-data',
};
/** Fastify's and its plugins' own refusals, under codes of ours. */
const FRAMEWORK_CODES: Record<string, string> = {
  FST_ERR_BAD_URL: 'URL_INVALID', FST_ERR_MAX_PARAM_LENGTH: 'URL_TOO_LONG', FST_ERR_CTP_INVALID_MEDIA_TYPE: 'MEDIA_TYPE_UNSUPPORTED',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BODY_NOT_JSON', FST_ERR_CTP_INVALID_JSON_BODY: 'BODY_NOT_JSON', FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'CONTENT_LENGTH_INVALID',
};
const ZH_BY_STATUS: Record<number, string> = { 503: '数据存储暂时无法访问，未作任何更改，请稍后再试', 400: '请求格式不正确', 401: '请先登录', 403: '无权访问', 404: '资源不存在', 409: '状态冲突', 413: '提交内容过大', 414: '地址过长', 415: '不支持的内容类型', 422: '内容不符合业务规则', 429: '请求过于频繁' };

/** The driver's words for a store it cannot reach (down, frozen, or the network between). */
const STORE_DOWN = new Set(['MongoServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoNotConnectedError', 'MongoTopologyClosedError', 'MongoPoolClearedError']);
function storeUnreachable(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name ?? '';
  return STORE_DOWN.has(name) || /buffering timed out|connection .* (closed|timed out)|ECONNREFUSED/i.test(String((err as Error | null)?.message ?? ''));
}

/** Every error leaves as application/problem+json with a stable code and words in Chinese and English; never a stack. */
export function errorHandler(err: FastifyError | DomainError, req: FastifyRequest, reply: FastifyReply) {
  let status: number;
  let code: string;
  let detail: string;
  let errors: { field: string; problem: string }[] | undefined;
  if (err instanceof DomainError) {
    status = STATUS[err.kind] ?? 400;
    code = err.code;
    detail = err.message;
  } else if (err.validation) {
    status = 400;
    code = 'REQUEST_INVALID';
    errors = err.validation.map((v) => ({
      field: `${err.validationContext ?? 'body'}${v.instancePath || ''}${v.keyword === 'additionalProperties' ? `/${String((v.params as { additionalProperty?: string }).additionalProperty)}` : ''}`,
      problem: v.keyword === 'additionalProperties' ? 'is not an accepted field' : v.message ?? 'is not valid',
    }));
    detail = errors.map((e) => `${e.field} ${e.problem}`).slice(0, 5).join('; ');
  } else if (err.statusCode === 429) {
    status = 429;
    code = 'RATE_LIMITED';
    detail = err.message;
  } else if (err.statusCode === 413) {
    status = 413;
    code = 'BODY_TOO_LARGE';
    detail = err.message;
  } else if (storeUnreachable(err)) {
    req.log.error({ err: (err as Error).message }, 'the store is unreachable');
    status = 503;
    code = 'STORE_UNAVAILABLE';
    detail = 'The data store cannot be reached just now; nothing was changed. Try again in a minute.';
    void reply.header('retry-after', '30');
  } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    status = err.statusCode;
    // the JSON parser's own errors are SyntaxErrors without a code
    code = FRAMEWORK_CODES[err.code] ?? (err.code || (err instanceof SyntaxError ? 'BODY_NOT_JSON' : 'REQUEST_REFUSED'));
    detail = err.message;
  } else {
    req.log.error({ err }, 'request failed');
    status = 500;
    code = 'INTERNAL_ERROR';
    detail = 'An internal error occurred; quote the request id when reporting it.';
  }
  if (status === 401 || status === 403) req.log.warn({ code, url: req.url }, 'access refused');
  // set here as well: a URL Fastify cannot read is answered before any hook runs
  void reply.code(status).type('application/problem+json').header('x-request-id', req.id).send({
    type: 'about:blank', title: code, status, code, detail,
    message: { zh: (err instanceof DomainError ? err.zh : undefined) ?? ZH[code] ?? ZH_BY_STATUS[status] ?? '请求未能完成', en: detail },
    requestId: req.id, ...(errors ? { errors } : {}),
  });
}
