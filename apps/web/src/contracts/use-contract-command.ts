import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/api-client';
import type { ContractView } from '../api/api-types';

/** The commands of 契約文書情報, each `POST /api/contracts/<id>/<command>`. */
export type ContractCommand =
  'submit' | 'approve' | 'return' | 'reroute' | 'receive' | 'decline' | 'withdraw' | 'sign' | 'signing-password';

export interface CommandRequest {
  command: ContractCommand;
  body?: Record<string, unknown>;
}

/**
 * One command on the contract. On success every contract query is refetched
 * (this screen, the lists, the PDF that a signature changed): the API's
 * answer is the truth, nothing is patched by hand.
 */
export function useContractCommand(contractId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ command, body }: CommandRequest) => api<ContractView>('POST', `/api/contracts/${contractId}/${command}`, body ?? {}),
    onSuccess: () => client.invalidateQueries({ queryKey: ['contracts'] }),
  });
}
