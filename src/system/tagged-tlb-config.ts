/**
 * A host with the tagged TLB discipline (Intel VPID, AMD ASID): two logical
 * processors with two hardware tags each, the root's VP and three children
 * (p1 with two VPs, the others with one), so that four VMs contend for two
 * tags per LP and tags are recycled. Synthetic I/O and control messages are off: these runs are
 * about VM switches, TLB fills and unmaps. `examples/tagged-tlb.json` holds
 * the same configuration for `hvspec check --config`.
 */
import { type Config, DEFAULT_CONFIG } from './config.js';

/** Two LPs with two tags each, the root and three children. */
export const TAGGED_TLB_CONFIG: Config = {
  ...DEFAULT_CONFIG,
  tlbDiscipline: 'tagged',
  tlbTags: 2,
  maxIosInFlight: 0,
  maxMessagesOutstanding: 0,
  partitions: [
    { id: 'p1', vps: 2, gpaPages: 4 },
    { id: 'p2', vps: 1, gpaPages: 4 },
    { id: 'p3', vps: 1, gpaPages: 4 },
  ],
};
