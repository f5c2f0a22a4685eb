import type { FastifyError } from 'fastify';
import { isDomainError, type DomainError } from '../../domain/errors.js';
import { RegionFieldErrors, RegionUnreachable } from '../../domain/region/errors.js';

/** The failure body of every /openapi/v1 answer: Rainbond's "Fail" ({msg}) plus code, msg_show and err. */
export interface FailBody {
  msg: string;
  code: number;
  msg_show: string;
  err: Record<string, string[]>;
}

export interface Failure {
  status: number;
  body: FailBody;
}

/** Rainbond's validation business code (its serializer envelope answers 20400). */
export const CODE_INVALID = 20400;
export const CODE_INTERNAL = 10401;

const fail = (status: number, code: number, msg: string, msgShow: string, err: Record<string, string[]> = {}): Failure => ({
  status,
  body: { msg, code, msg_show: msgShow, err },
});

function fromDomain(e: DomainError): Failure {
  if (e instanceof RegionFieldErrors) return fail(400, CODE_INVALID, e.message, '参数错误', e.errors);
  if (e instanceof RegionUnreachable) {
    return fail(400, 400, e.message, `连接集群测试失败，请确认网络和集群状态: ${e.reason}`, { url: [e.message] });
  }
  switch (e.kind) {
    case 'unauthenticated':
      return fail(401, 401, e.message, '身份认证失败');
    case 'permission_denied':
      return fail(403, 403, e.message, '您没有执行该操作的权限。', e.details.field ? { [e.details.field]: [e.message] } : {});
    case 'not_found':
      return fail(404, 404, e.message, '数据中心不存在');
    case 'busy':
      return fail(503, 503, e.message, '系统繁忙，请稍后重试');
    default:
      return fail(400, CODE_INVALID, e.message, '参数错误', e.details.field ? { [e.details.field]: [e.message] } : {});
  }
}

/** The 400 for a body or parameter the framework refused before the domain saw it. */
function fromFramework(e: FastifyError): Failure | undefined {
  if (e.validation) {
    const v = e.validation[0];
    const field = (v?.instancePath.replace(/^\//, '').replace(/\//g, '.') || (v?.params as { missingProperty?: string })?.missingProperty) ?? 'body';
    const message = `${field}: ${v?.message ?? 'is invalid'}`;
    return fail(400, CODE_INVALID, `invalid parameters: ${message}`, '参数错误', { [field]: [v?.message ?? 'is invalid'] });
  }
  const body = (msg: string) => fail(400, CODE_INVALID, msg, '参数错误', { body: [msg] });
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return body('the request body is not valid JSON');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return body('the request body is empty: send a JSON object');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return fail(413, CODE_INVALID, 'the request body is larger than 1 MiB', '请求体过大', { body: ['the request body is larger than 1 MiB'] });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return fail(415, CODE_INVALID, 'send the body as application/json', '请求体须为 JSON', { body: ['send the body as application/json'] });
  }
  if (e instanceof SyntaxError) return body('the request body is not valid JSON');
  return undefined;
}

/** Maps any error to its answer; undefined means unexpected (the caller logs it and answers 500). */
export function failureOf(err: unknown): Failure | undefined {
  if (isDomainError(err)) return fromDomain(err);
  return fromFramework(err as FastifyError);
}

export const internalFailure = (requestId: string): Failure =>
  fail(500, CODE_INTERNAL, `internal error: see the server log for request ${requestId}`, '服务器内部错误');

/** A URL the router could not read (see api/framework-errors.ts). */
export const badUrl = (status: number, reason: string): Failure => fail(status, CODE_INVALID, `the URL is not valid: ${reason}`, '请求地址无效', { url: [reason] });

export const routeNotFound = (method: string, url: string): Failure =>
  fail(404, 404, `no such call: ${method} ${url.split('?')[0]!.slice(0, 200)}`, '接口不存在');
