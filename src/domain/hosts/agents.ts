import { actorOf, type CallContext, type Deps } from '../context.js';
import { DomainError, MAX_ID, invalidParameter, isDomainError, required } from '../errors.js';
import { tooMany } from '../id-list.js';
import { isPlainObject, shown } from '../json-shape.js';
import { validateForUpdate } from '../model/validator.js';
import { duplicateInBatch, duplicateInStore } from './errors.js';
import { assertMaintainsHosts, hostsOf } from './guards.js';
import { relabel } from './add.js';
import { bizMap, loadHosts, writeChanges } from './update.js';

/** bk-cmdb's cap on bind_host_agent / unbind_host_agent items. */
export const MAX_AGENT_ITEMS = 200;

type Item = { hostId: number; agentId: string; at: string };

/** list [{bk_host_id, bk_agent_id}]: each host and each agent once, the agent id checked by the host model. */
function parseList(attrs: Parameters<typeof validateForUpdate>[0], list: unknown): Item[] {
  if (list === undefined || list === null) throw required('list');
  if (!Array.isArray(list)) throw invalidParameter('list', 'must be an array of {bk_host_id, bk_agent_id}');
  if (list.length === 0) throw required('list');
  if (list.length > MAX_AGENT_ITEMS) throw tooMany('list', list.length, MAX_AGENT_ITEMS);
  const hosts = new Map<number, string>();
  const agents = new Map<string, string>();
  return list.map((item: unknown, i) => {
    const at = `list[${i}]`;
    if (!isPlainObject(item)) throw invalidParameter(at, 'must be an object {bk_host_id, bk_agent_id}');
    const hostId = item.bk_host_id;
    if (hostId === undefined || hostId === null) throw required(`${at}.bk_host_id`);
    if (typeof hostId !== 'number' || !Number.isInteger(hostId) || hostId <= 0 || hostId > MAX_ID) {
      throw invalidParameter(`${at}.bk_host_id`, `must be a host id (got ${shown(hostId)})`);
    }
    if (hosts.has(hostId)) throw invalidParameter(`${at}.bk_host_id`, `repeats ${hosts.get(hostId)}.bk_host_id (host ${hostId})`);
    hosts.set(hostId, at);
    let agent: unknown;
    try {
      // the model's rule and normal form (trimmed), as any write of bk_agent_id
      agent = validateForUpdate(attrs, { bk_agent_id: item.bk_agent_id }, { strict: true }).values.bk_agent_id;
    } catch (err) {
      throw isDomainError(err) ? relabel(err, at) : err;
    }
    if (typeof agent !== 'string' || agent === '') throw required(`${at}.bk_agent_id`);
    const first = agents.get(agent);
    if (first !== undefined) throw duplicateInBatch(at, first, ['bk_agent_id'], `agent ${agent}`);
    agents.set(agent, at);
    return { hostId, agentId: agent, at };
  });
}

/**
 * bind_host_agent / unbind_host_agent (bk-cmdb v3.10.25+): up to 200 {bk_host_id, bk_agent_id}, all checked
 * before any is written, in one transaction. Binding sets a host's bk_agent_id: a host bound to another agent is
 * refused (unbind it first), one bound to this agent already is left as it is, and an agent bound to another host
 * is refused (1199014; the unique index holds it too). Unbinding clears it: the host must be bound to that agent.
 * Each host changed gets an audit record and an event, as any host update.
 */
export async function setHostAgents(deps: Deps, ctx: CallContext, p: { list?: unknown }, bind: boolean): Promise<void> {
  await deps.store.write(actorOf(ctx), async (w) => {
    const items = parseList(await w.attributes('host'), p.list);
    const { hosts, rels } = await loadHosts(w, 'list[].bk_host_id', items.map((x) => x.hostId));
    await assertMaintainsHosts(w, ctx.principal, rels);
    const current = new Map(hosts.map((h) => [h.bk_host_id as number, typeof h.bk_agent_id === 'string' ? h.bk_agent_id : '']));
    for (const { hostId, agentId, at } of items) {
      const held = current.get(hostId)!;
      if (bind && held !== '' && held !== agentId) {
        throw new DomainError('invalid_value', `'${at}.bk_host_id' host ${hostId} is bound to agent ${held} already; unbind it first`, { field: `${at}.bk_host_id` });
      }
      if (!bind && held !== agentId) {
        throw new DomainError('invalid_value', `'${at}.bk_agent_id' host ${hostId} is not bound to agent ${agentId} (${held ? `it is bound to ${held}` : 'it has none'})`, {
          field: `${at}.bk_agent_id`,
        });
      }
    }
    if (bind) {
      for (const taken of await hostsOf(w).hostsByAgentIds(items.map((x) => x.agentId))) {
        const item = items.find((x) => x.agentId === taken.bk_agent_id)!;
        if (taken.bk_host_id !== item.hostId) throw duplicateInStore(item.at, ['bk_agent_id'], `agent ${item.agentId}`, taken.bk_host_id);
      }
    }
    const byId = new Map(hosts.map((h) => [h.bk_host_id as number, h]));
    const changing = items.filter((x) => (bind ? current.get(x.hostId) !== x.agentId : true));
    await writeChanges(w, changing.map((x) => ({ host: byId.get(x.hostId)!, changes: { bk_agent_id: bind ? x.agentId : '' } })), bizMap(rels));
  });
}
