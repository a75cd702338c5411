import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorKind } from '../../domain/shared/domain-error.js';

const STATUS: Record<string, number> = {
  [ErrorKind.NotFound]: 404,
  [ErrorKind.Conflict]: 409,
  [ErrorKind.Validation]: 422,
  [ErrorKind.Forbidden]: 403,
  [ErrorKind.Unauthenticated]: 401,
};

/** Every error leaves as application/problem+json with a stable code; a stack trace never does. */
export function errorHandler(err: FastifyError | DomainError, req: FastifyRequest, reply: FastifyReply) {
  let status: number;
  let code: string;
  let detail: string;
  if (err instanceof DomainError) {
    status = STATUS[err.kind] ?? 400;
    code = err.code;
    detail = err.message;
  } else if (err.validation) {
    status = 400;
    code = 'REQUEST_INVALID';
    detail = `${err.validationContext ?? 'request'}${err.message.replace(/^[a-z]+/, '')}`;
  } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    status = err.statusCode;
    code = err.code ?? 'REQUEST_REFUSED';
    detail = err.message;
  } else {
    req.log.error({ err }, 'request failed');
    status = 500;
    code = 'INTERNAL_ERROR';
    detail = 'An internal error occurred; quote the request id when reporting it.';
  }
  void reply.code(status).type('application/problem+json').send({
    type: 'about:blank', title: reply.statusCode >= 500 ? 'Internal Server Error' : code, status, code, detail, requestId: req.id,
  });
}
