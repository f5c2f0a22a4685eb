import { Type, type TProperties, type TSchema } from '@sinclair/typebox';
import type { CallContext, Deps } from '../../domain/context.js';

/** What a call handler gets: the authenticated caller, the domain's dependencies, a way to report dropped fields. */
export interface EsbCallContext extends CallContext {
  deps: Deps;
  /** names input fields the model does not define (answered in X-Topograph-Ignored-Fields and logged) */
  ignore(fields: string[]): void;
  /** aborts when the client goes away (long-polling calls stop waiting) */
  signal: AbortSignal;
}

/** One ESB component: its name, its own parameters (the general ones are added), and its handler. */
export interface EsbCall {
  name: string;
  summary: string;
  /** tag in the OpenAPI document */
  group: string;
  /** the call's own parameters; those not wrapped in Type.Optional are required */
  params: TProperties;
  /**
   * The answer depends only on the call's own parameters and the stored data (not on who asks, nor on the
   * clock), so the read cache may keep it.
   */
  cacheable?: boolean;
  /**
   * The call's other top-level keys are the record's own fields (create_cloud_area, update_cloud_area,
   * update_object_attribute), which the model checks and reports: they are not unknown parameters.
   */
  fieldsAtTopLevel?: boolean;
  /** the largest body the call reads, in bytes, when it is not the server's 1 MiB (bulk host imports) */
  bodyLimit?: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handle(ctx: EsbCallContext, body: any): Promise<unknown>;
}

export const GENERAL_PARAMS = {
  // Required, but checked by the authentication step (which also reads the X-Bkapi-Authorization header).
  bk_app_code: Type.Optional(Type.String({ description: 'application ID (required, here or in X-Bkapi-Authorization)' })),
  bk_app_secret: Type.Optional(
    Type.String({ description: 'the application secret (required; never logged, never echoed)' }),
  ),
  bk_username: Type.Optional(Type.String({ description: 'acting user; honoured for whitelisted apps' })),
  bk_token: Type.Optional(Type.String({ description: "the acting user's access token" })),
  bk_supplier_account: Type.Optional(Type.String({ description: 'supplier account; always "0"' })),
};

/**
 * A documented field inside a model-validated object (`data`, `condition`): it appears in the OpenAPI
 * document, while its type and rules are checked by the attribute validator, which answers bk-cmdb's codes.
 */
export const modelField = (type: string, description: string) =>
  Type.Optional(Type.Unknown({ description: `${type} — ${description}` }));

export const modelData = (description: string, fields: TProperties): TSchema =>
  Type.Object(fields, { additionalProperties: true, description });

/** An id or count: a JSON integer the store's 32-bit id columns can hold. */
export const intParam = (description: string) => Type.Integer({ description, minimum: 0, maximum: 2147483647 });

export const defineCall = (call: EsbCall): EsbCall => call;

const CREDENTIALS = ['bk_app_code', 'bk_app_secret', 'bk_username', 'bk_token'];

/** The call's own fields: the body without the general parameters. */
export function withoutGeneralParams(body: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...body };
  for (const k of CREDENTIALS) delete rest[k];
  return rest;
}

/**
 * The call and its own parameters as one string (the read cache's key): the credentials are never part of it.
 * Undefined for parameters too deep to serialise, which the call itself refuses.
 */
export function paramsKey(callName: string, body: unknown): string | undefined {
  try {
    return `${callName}\n${JSON.stringify(body, function (this: unknown, k, v: unknown) {
      return this === body && CREDENTIALS.includes(k) ? undefined : v;
    })}`;
  } catch {
    return undefined;
  }
}

/** bk-cmdb's search parameters, shared by every search call. */
export const searchParams = {
  condition: Type.Optional(Type.Unknown({ description: 'field → value, or {"$in": [...]} style operators ($eq $ne $in $nin $lt $lte $gt $gte $regex)' })),
  fields: Type.Optional(Type.Unknown({ description: 'fields to return; empty = all' })),
  page: Type.Optional(Type.Unknown({ description: '{start, limit, sort}; sort is a field, "-" before it for descending' })),
};

/** The search parameters of a call that also takes a QueryBuilder filter (named `filterParam`) and time_condition. */
export const filteredSearchParams = (filterParam: string) => ({
  ...searchParams,
  [filterParam]: Type.Optional(
    Type.Unknown({
      description:
        'QueryBuilder {condition: "AND" | "OR", rules: [{field, operator, value} | group]}, as host_property_filter; condition or this filter, not both',
    }),
  ),
  time_condition: Type.Optional(
    Type.Unknown({ description: '{oper: "and", rules: [{field: "create_time" | "last_time", start, end}]}, times "YYYY-MM-DD hh:mm:ss" in the server\'s zone, both ends included' }),
  ),
});
