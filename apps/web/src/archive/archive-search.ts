import { isUpsideDown } from '../ui/range-inputs';
import { isDocumentNumber } from '../ui/format';

/** The conditions of 長期保管文書's search as the form holds them (text, '' = not given). Names as the API's query. */
export interface ArchiveConditions {
  transactionDateFrom: string;
  transactionDateTo: string;
  amountMin: string;
  amountMax: string;
  counterpartyName: string;
  documentNumber: string;
  name: string;
}

export const ARCHIVE_SORTS = ['transactionDate', 'amount', 'documentNumber', 'concludedAt', 'name', 'counterpartyName'] as const;
export type ArchiveSort = (typeof ARCHIVE_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

export const NO_ARCHIVE_CONDITIONS: ArchiveConditions = {
  transactionDateFrom: '',
  transactionDateTo: '',
  amountMin: '',
  amountMax: '',
  counterpartyName: '',
  documentNumber: '',
  name: '',
};

const FIELDS = Object.keys(NO_ARCHIVE_CONDITIONS) as (keyof ArchiveConditions)[];

/** The conditions a URL (`/archive?amountMin=…`) carries; 戻る and a reload keep the search. */
export function conditionsOf(params: URLSearchParams): ArchiveConditions {
  return Object.fromEntries(FIELDS.map((field) => [field, params.get(field) ?? ''])) as unknown as ArchiveConditions;
}

export function sortOf(params: URLSearchParams): { sort: ArchiveSort; order: SortOrder } {
  const sort = params.get('sort');
  return {
    sort: ARCHIVE_SORTS.find((known) => known === sort) ?? 'transactionDate',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
  };
}

/** An amount of yen as the API takes it: a whole number from 0, at most 10^13. */
export function isAmount(value: string): boolean {
  return /^\d{1,14}$/.test(value) && Number(value) <= 1e13;
}

/** What is wrong with the conditions before they are sent, as keys of the `archive` dictionary (none: send them). */
export function problemsOf(conditions: ArchiveConditions): { documentNumber?: string; amount?: string; upsideDown: boolean } {
  const amounts = [conditions.amountMin, conditions.amountMax].filter((value) => value.trim() !== '');
  return {
    documentNumber:
      conditions.documentNumber.trim() !== '' && !isDocumentNumber(conditions.documentNumber) ? 'common:documentNumber.invalid' : undefined,
    amount: amounts.some((value) => !isAmount(value.trim())) ? 'search.amountInvalid' : undefined,
    upsideDown:
      isUpsideDown({ from: conditions.transactionDateFrom, to: conditions.transactionDateTo }, 'date') ||
      isUpsideDown({ from: conditions.amountMin, to: conditions.amountMax }, 'amount'),
  };
}

/** The URL's query for these conditions, sort and page (empty conditions left out). */
export function searchParamsOf(
  conditions: ArchiveConditions,
  sorting: { sort: ArchiveSort; order: SortOrder },
  page: number,
): Record<string, string> {
  const params: Record<string, string> = {};
  for (const field of FIELDS) {
    const value = conditions[field].trim();
    if (value !== '') {
      params[field] = value;
    }
  }
  if (sorting.sort !== 'transactionDate') {
    params.sort = sorting.sort;
  }
  if (sorting.order !== 'desc') {
    params.order = sorting.order;
  }
  if (page > 1) {
    params.page = String(page);
  }
  return params;
}
