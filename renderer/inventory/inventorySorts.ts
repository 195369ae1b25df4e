import type { InventorySort } from '../../shared/contract';

/** The inventory's orders as the sort menu names them; the engine does the sorting. */
export const sortKeys: { id: InventorySort; label: string }[] = [
  { id: 'actions', label: 'actions' },
  { id: 'failures', label: 'failures' },
  { id: 'label', label: 'name' },
  { id: 'kind', label: 'kind' },
  { id: 'firstSeen', label: 'first seen' },
  { id: 'lastSeen', label: 'last seen' },
  { id: 'credentialsUsed', label: 'credentials used' },
  { id: 'credentialsIssued', label: 'credentials issued' },
  { id: 'targets', label: 'targets' },
  { id: 'addresses', label: 'addresses' },
  { id: 'secondsToFirstUse', label: 'time to first use' },
  { id: 'workSeconds', label: 'work span' },
  { id: 'actionsPerMinute', label: 'actions a minute' },
  { id: 'secretReads', label: 'secret reads' },
];
