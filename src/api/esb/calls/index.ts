import type { EsbCall } from '../call.js';
import {
  createObjectAttributeCall,
  deleteObjectAttributeCall,
  searchObjectAttributeCall,
  updateObjectAttributeCall,
} from './model.js';
import { createBusinessCall, createCloudAreaCall, createModuleCall, createSetCall, searchBusinessCall } from './topology.js';

/** Every ESB component Topograph answers. */
export const ALL_CALLS: EsbCall[] = [
  createCloudAreaCall,
  createBusinessCall,
  searchBusinessCall,
  createSetCall,
  createModuleCall,
  createObjectAttributeCall,
  searchObjectAttributeCall,
  updateObjectAttributeCall,
  deleteObjectAttributeCall,
];
