import type { EsbCall } from '../call.js';
import { resourceWatchCall } from './watch.js';
import { findAuditByIdCall, listOperationAuditCall, searchInstAuditCall } from './audit.js';
import {
  createBusinessCall,
  deleteBusinessCall,
  searchBusinessCall,
  updateBusinessCall,
  updateBusinessEnableStatusCall,
} from './business.js';
import { createCloudAreaCall, deleteCloudAreaCall, searchCloudAreaCall, updateCloudAreaCall } from './cloud-area.js';
import {
  createObjectAttributeCall,
  deleteObjectAttributeCall,
  searchClassificationsCall,
  searchObjectAttributeCall,
  countObjectInstancesCall,
  searchInstByObjectCall,
  searchObjectInstancesCall,
  searchObjectsCall,
  updateObjectAttributeCall,
} from './model.js';
import { createModuleCall, deleteModuleCall, findModuleWithRelationCall, searchModuleCall, updateModuleCall } from './module.js';
import { findModuleBatchCall, findSetBatchCall } from './find-batch.js';
import { batchDeleteSetCall, createSetCall, deleteSetCall, searchSetCall, updateSetCall } from './set.js';
import { findBizTreeBriefInfoCall, findBriefBizTopoNodeRelationCall, findTopoNodePathsCall, getBizBriefCacheTopoCall, getBizInternalModuleCall, getMainlineObjectTopoCall, searchBizInstTopoCall } from './tree.js';
import { TEMPLATE_CALLS } from './templates.js';
import { DYNAMIC_GROUP_CALLS } from './dynamic-groups.js';
import { HOST_CALLS } from './hosts.js';
import { HOST_LOCK_CALLS } from './host-locks.js';
import { BIZ_SET_CALLS } from './biz-sets.js';
import { SERVICE_INSTANCE_CALLS } from './service-instances.js';
import { PROC_TEMPLATE_CALLS } from './proc-templates.js';

/** Every ESB component Topograph answers. */
export const ALL_CALLS: EsbCall[] = [
  createCloudAreaCall,
  searchCloudAreaCall,
  updateCloudAreaCall,
  deleteCloudAreaCall,
  createBusinessCall,
  searchBusinessCall,
  updateBusinessCall,
  updateBusinessEnableStatusCall,
  deleteBusinessCall,
  createSetCall,
  searchSetCall,
  updateSetCall,
  deleteSetCall,
  batchDeleteSetCall,
  findSetBatchCall,
  createModuleCall,
  searchModuleCall,
  updateModuleCall,
  deleteModuleCall,
  findModuleBatchCall,
  findModuleWithRelationCall,
  searchBizInstTopoCall,
  getBizInternalModuleCall,
  getMainlineObjectTopoCall,
  findTopoNodePathsCall,
  findBriefBizTopoNodeRelationCall,
  getBizBriefCacheTopoCall,
  findBizTreeBriefInfoCall,
  createObjectAttributeCall,
  searchObjectAttributeCall,
  searchClassificationsCall,
  searchObjectsCall,
  updateObjectAttributeCall,
  deleteObjectAttributeCall,
  countObjectInstancesCall,
  searchObjectInstancesCall,
  searchInstByObjectCall,
  listOperationAuditCall,
  searchInstAuditCall,
  findAuditByIdCall,
  ...TEMPLATE_CALLS,
  ...DYNAMIC_GROUP_CALLS,
  resourceWatchCall,
  ...HOST_CALLS,
  ...HOST_LOCK_CALLS,
  ...BIZ_SET_CALLS,
  ...SERVICE_INSTANCE_CALLS,
  ...PROC_TEMPLATE_CALLS,
];
