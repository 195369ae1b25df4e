import type { FindingRule } from './rule.js';
import { agentToPrivileged } from './rules/agentToPrivileged.js';
import { deniedBurst } from './rules/deniedBurst.js';
import { longLivedKeyInWorkload } from './rules/longLivedKeyInWorkload.js';
import { newAddress } from './rules/newAddress.js';
import { nhiInteractiveSignin } from './rules/nhiInteractiveSignin.js';
import { roleChain } from './rules/roleChain.js';
import { secretThenOtherWorkload } from './rules/secretThenOtherWorkload.js';
import { usedAfterRevoke } from './rules/usedAfterRevoke.js';

/**
 * Every finding rule, in the order findings are listed when their severity is equal. A new rule
 * is a new file in rules/ and one line here; docs/findings.md describes each.
 */
export const rules: FindingRule[] = [
  usedAfterRevoke,
  agentToPrivileged,
  secretThenOtherWorkload,
  roleChain,
  newAddress,
  longLivedKeyInWorkload,
  nhiInteractiveSignin,
  deniedBurst,
];
