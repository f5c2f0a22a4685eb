/** The BlueKing ESB envelope, exactly as the seeds show it. */
export interface EsbEnvelope {
  result: boolean;
  code: number;
  message: string;
  permission: unknown;
  request_id: string;
  data: unknown;
}

export const ok = (data: unknown, requestId: string): EsbEnvelope => ({
  result: true,
  code: 0,
  message: 'success',
  permission: null,
  request_id: requestId,
  data,
});

export const fail = (code: number, message: string, requestId: string, permission: unknown = null): EsbEnvelope => ({
  result: false,
  code,
  message,
  permission,
  request_id: requestId,
  data: null,
});

const OK_HEAD = '{"result":true,"code":0,"message":"success","permission":null,"request_id":';
const CLOSE = Buffer.from('}');

/**
 * ok() as the bytes JSON.stringify would give, around data already serialised (the read cache's answers):
 * copying the cached bytes is cheaper than encoding the text again.
 */
export const okBytes = (data: Buffer, requestId: string): Buffer =>
  Buffer.concat([Buffer.from(`${OK_HEAD}${JSON.stringify(requestId)},"data":`), data, CLOSE]);
