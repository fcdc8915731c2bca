import { QueryClient, useQueryClient } from '@tanstack/react-query';
import { BulkSignSelection, BulkSignSelectMemory } from './bulk-sign-types';

/**
 * What the bulk screens hand each other, kept in the query cache under
 * `memory` (see query-client.ts): it lives as long as the session does and
 * goes with it at logout, like every cached answer.
 */
const SELECT_MEMORY = ['memory', 'bulk-sign', 'select'] as const;
const selectionKey = (sessionId: string) => ['memory', 'bulk-sign', 'selection', sessionId] as const;

export function useBulkSignMemory() {
  const client: QueryClient = useQueryClient();
  return {
    remembered: () => client.getQueryData<BulkSignSelectMemory>(SELECT_MEMORY) ?? null,
    remember: (memory: BulkSignSelectMemory | null) => client.setQueryData(SELECT_MEMORY, memory),
    selection: (sessionId: string) => client.getQueryData<BulkSignSelection>(selectionKey(sessionId)),
    keepSelection: (selection: BulkSignSelection) => client.setQueryData(selectionKey(selection.sessionId), selection),
  };
}
