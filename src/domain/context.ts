import type { Store } from '../store/store.js';
import type { Actor } from '../store/write-session.js';

/** Who is calling, once the protocol adapter has authenticated them. */
export interface Principal {
  username: string;
  isAdmin: boolean;
  appCode: string;
  enterpriseId: string;
}

export interface CallContext {
  principal: Principal;
  requestId: string;
}

/** What the domain needs from the outside world. */
export interface Deps {
  store: Store;
  timeZone: string;
  strictFields: boolean;
  /** how long resource_watch holds a call open when there is nothing to answer */
  watchWaitMs: number;
}

export const actorOf = (ctx: CallContext): Actor => ({
  user: ctx.principal.username,
  appCode: ctx.principal.appCode,
  requestId: ctx.requestId,
});

/** A domain result and the input keys that were dropped because the model does not define them. */
export interface WithIgnored<T> {
  result: T;
  ignored: string[];
}
