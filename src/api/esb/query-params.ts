import type { FastifyRequest } from 'fastify';
import type { TProperties, TSchema } from '@sinclair/typebox';

/** {"__proto__": …} and {"constructor": …} keys are dropped, as the JSON body parser drops them. */
const parseJson = (text: string): unknown =>
  JSON.parse(text, (key, value: unknown) => (key === '__proto__' || key === 'constructor' ? undefined : value));

function fromText(text: string, schema: TSchema | undefined): unknown {
  const type = schema?.type as string | undefined;
  if (type === 'integer' || type === 'number') return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  if (type !== 'string' && /^\s*[[{]/.test(text)) {
    try {
      return parseJson(text);
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * A GET call's parameters, from its query string. Everything there is text, so each value is read as the
 * type its parameter declares: a number where an integer is expected, true/false for a boolean, JSON for an
 * object or a list (`condition={"bk_biz_name":"demo"}`, `bk_host_ids=[1,2]`). A value that does not read
 * as its type stays text, and the parameter's validation then names it.
 */
export function paramsFromQuery(query: Record<string, unknown>, properties: TProperties): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (key === '__proto__' || key === 'constructor') continue;
    const schema = properties[key];
    params[key] = Array.isArray(value) ? value.map((v) => fromText(String(v), schema?.items as TSchema | undefined)) : fromText(String(value), schema);
  }
  return params;
}

/** A call's parameters: the JSON body of a POST, or the query string of a GET (read by paramsFromQuery). */
export const paramsOf = (req: FastifyRequest): unknown => (req.method === 'GET' ? req.query : req.body);
