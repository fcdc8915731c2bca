import { useTranslation } from 'react-i18next';
import type { BulkItemView, ContractView } from '../api/api-types';
import { ContractLink } from '../contracts/contract-link';
import { Column, DataTable } from '../ui/data-table';
import { formatDate } from '../ui/format';

/** One row of the seed's document lists (選択 / 一括署名（受取）一覧). */
export interface DocumentRow {
  contractId: string;
  documentNumber: string;
  name: string;
  signatureMode: ContractView['signatureMode'];
  counterpartyName: string;
  counterpartySide: ContractView['counterparty']['side'];
  updatedAt: string;
}

export function rowOfContract(contract: ContractView): DocumentRow {
  return {
    contractId: contract.contractId,
    documentNumber: contract.documentNumber,
    name: contract.name,
    signatureMode: contract.signatureMode,
    counterpartyName: contract.counterparty.companyName,
    counterpartySide: contract.counterparty.side,
    updatedAt: contract.updatedAt,
  };
}

/** A session's item, when the screen was reloaded and the search result is gone. */
export function rowOfItem(item: BulkItemView): DocumentRow {
  return {
    contractId: item.contractId,
    documentNumber: item.documentNumber,
    name: item.name,
    signatureMode: item.signatureMode,
    counterpartyName: item.counterpartyName,
    counterpartySide: item.counterpartySide,
    updatedAt: item.updatedAt,
  };
}

interface Selection {
  selected: ReadonlySet<string>;
  toggle: (contractId: string) => void;
}

/** 文書管理番号 and 契約文書名称 open 契約文書情報, whose 戻る returns to `from`; `onOpen` runs first. */
interface DocumentLinks {
  from: string;
  onOpen?: () => void;
}

export function DocumentTable({
  label,
  rows,
  selection,
  links,
}: {
  label: string;
  rows: DocumentRow[];
  selection?: Selection;
  links?: DocumentLinks;
}) {
  const { t } = useTranslation('bulk-sign');
  const linked = (row: DocumentRow, text: string) =>
    links ? (
      <ContractLink contractId={row.contractId} from={links.from} onOpen={links.onOpen}>
        {text}
      </ContractLink>
    ) : (
      text
    );
  const columns: Column<DocumentRow>[] = [
    ...(selection
      ? [
          {
            key: 'select',
            header: t('columns.select'),
            cell: (row: DocumentRow) => (
              <input
                type="checkbox"
                aria-label={t('selectRow', { documentNumber: row.documentNumber })}
                checked={selection.selected.has(row.contractId)}
                onChange={() => selection.toggle(row.contractId)}
              />
            ),
          },
        ]
      : []),
    { key: 'no', header: t('columns.no'), cell: (_row, index) => index + 1 },
    { key: 'documentNumber', header: t('columns.documentNumber'), cell: (row) => linked(row, row.documentNumber) },
    { key: 'name', header: t('columns.name'), cell: (row) => linked(row, row.name) },
    { key: 'signatureMode', header: t('columns.signatureMode'), cell: (row) => t(`common:signatureMode.${row.signatureMode}`) },
    { key: 'counterpartyName', header: t('columns.counterpartyName'), cell: (row) => row.counterpartyName },
    { key: 'counterpartySide', header: t('columns.counterpartySide'), cell: (row) => t(`common:side.${row.counterpartySide}`) },
    { key: 'updated', header: t('columns.updated'), cell: (row) => formatDate(row.updatedAt) },
  ];
  return <DataTable label={label} columns={columns} rows={rows} rowKey={(row) => row.contractId} />;
}
