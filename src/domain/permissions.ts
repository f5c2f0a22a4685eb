import type { Principal } from './context.js';
import { DomainError, type PermissionRequest } from './errors.js';
import type { InstanceRow } from '../store/store.js';

/**
 * Topograph's permission rule: the administrator may do everything; any other user may change a business's
 * topology only when listed in its bk_biz_maintainer. Global resources (businesses, cloud areas, the model)
 * are the administrator's.
 */
const deny = (p: PermissionRequest, who: string) =>
  new DomainError(
    'permission_denied',
    `no permissions: user '${who}' may not ${p.actionName}${p.resourceName ? ` of ${p.resourceTypeName} '${p.resourceName}'` : ''}`,
    { permission: p },
  );

export function isMaintainer(username: string, biz: InstanceRow): boolean {
  const list = String(biz.bk_biz_maintainer ?? '').split(',');
  return list.includes(username);
}

export function assertCanEditTopology(
  principal: Principal,
  biz: InstanceRow,
  action: 'create_biz_topology' | 'edit_biz_topology' | 'delete_biz_topology',
): void {
  if (principal.isAdmin || isMaintainer(principal.username, biz)) return;
  const names = {
    create_biz_topology: 'create business topology',
    edit_biz_topology: 'edit business topology',
    delete_biz_topology: 'delete business topology',
  };
  throw deny(
    {
      action,
      actionName: names[action],
      resourceType: 'biz',
      resourceTypeName: 'business',
      resourceId: biz.bk_biz_id as number,
      resourceName: String(biz.bk_biz_name),
    },
    principal.username,
  );
}

const GLOBAL_ACTIONS = {
  create_business: ['create business', 'biz', 'business'],
  edit_business: ['edit business', 'biz', 'business'],
  create_cloud_area: ['create cloud area', 'plat', 'cloud area'],
  edit_cloud_area: ['edit cloud area', 'plat', 'cloud area'],
  delete_cloud_area: ['delete cloud area', 'plat', 'cloud area'],
  edit_model: ['edit model attributes', 'sys_model', 'model'],
  create_business_set: ['create business set', 'biz_set', 'business set'],
  edit_business_set: ['edit business set', 'biz_set', 'business set'],
  delete_business_set: ['delete business set', 'biz_set', 'business set'],
} as const;

export function assertAdmin(principal: Principal, action: keyof typeof GLOBAL_ACTIONS, resourceName?: string): void {
  if (principal.isAdmin) return;
  const [actionName, resourceType, resourceTypeName] = GLOBAL_ACTIONS[action];
  throw deny({ action, actionName, resourceType, resourceTypeName, resourceName }, principal.username);
}
