import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../api/api-client';
import type { ContractPage, ContractView } from '../api/api-types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DOCUMENT_NUMBER = /^\d{10}$/;

const NOT_FOUND = new ApiError('NOT_FOUND', 404, '対象が見つかりません。', 'Not found.');

/**
 * A contract named in the URL: by its ID (lists link so), or by its
 * 文書管理番号 (mails link so: `/contracts/0000000283`), looked up among the
 * contracts of the viewer's company. Anything else, or a number the company
 * has no contract under, is the API's 404.
 */
async function loadContract(reference: string): Promise<ContractView> {
  if (UUID.test(reference)) {
    return api<ContractView>('GET', `/api/contracts/${reference}`);
  }
  if (DOCUMENT_NUMBER.test(reference)) {
    const found = await api<ContractPage>('GET', `/api/contracts?scope=COMPANY&documentNumber=${reference}&pageSize=1`);
    const contract = found.items[0];
    if (contract) {
      return contract;
    }
  }
  throw NOT_FOUND;
}

export function useContract(reference: string) {
  return useQuery({ queryKey: ['contracts', 'one', reference], queryFn: () => loadContract(reference) });
}
