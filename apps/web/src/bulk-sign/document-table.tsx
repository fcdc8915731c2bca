import { ContractLink } from '../contracts/contract-link';
import { ContractView } from '../contracts/contract-types';
import { formatDate, SIGNATURE_MODE_LABELS } from '../shell/labels';
import { BulkItemView } from './bulk-sign-types';

/** One row of the seed's document lists (選択 / 一括署名（受取）一覧). */
export interface DocumentRow {
  contractId: string;
  documentNumber: string;
  name: string;
  signatureModeLabel: string;
  counterpartyName: string;
  counterpartySideLabel: string;
  updated: string;
}

export function rowOfContract(contract: ContractView): DocumentRow {
  return {
    contractId: contract.contractId,
    documentNumber: contract.documentNumber,
    name: contract.name,
    signatureModeLabel: SIGNATURE_MODE_LABELS[contract.signatureMode],
    counterpartyName: contract.counterparty.companyName,
    counterpartySideLabel: contract.counterparty.sideLabel,
    updated: formatDate(contract.updatedAt),
  };
}

/** A session's item, when the screen was reloaded and the search result is gone. */
export function rowOfItem(item: BulkItemView): DocumentRow {
  return {
    contractId: item.contractId,
    documentNumber: item.documentNumber,
    name: item.name,
    signatureModeLabel: SIGNATURE_MODE_LABELS[item.signatureMode],
    counterpartyName: item.counterpartyName,
    counterpartySideLabel: item.counterpartySideLabel,
    updated: formatDate(item.updatedAt),
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
  const linked = (row: DocumentRow, text: string) =>
    links ? (
      <ContractLink contractId={row.contractId} from={links.from} onOpen={links.onOpen}>
        {text}
      </ContractLink>
    ) : (
      text
    );
  return (
    <table aria-label={label}>
      <thead>
        <tr>
          {selection && <th scope="col">選択</th>}
          <th scope="col">No</th>
          <th scope="col">文書管理番号</th>
          <th scope="col">契約文書名称</th>
          <th scope="col">署名有無</th>
          <th scope="col">取引先企業名</th>
          <th scope="col">取引先受発注区分</th>
          <th scope="col">更新日</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={row.contractId}>
            {selection && (
              <td>
                <input
                  type="checkbox"
                  aria-label={`${row.documentNumber} を選択`}
                  checked={selection.selected.has(row.contractId)}
                  onChange={() => selection.toggle(row.contractId)}
                />
              </td>
            )}
            <td>{index + 1}</td>
            <td>{linked(row, row.documentNumber)}</td>
            <td>{linked(row, row.name)}</td>
            <td>{row.signatureModeLabel}</td>
            <td>{row.counterpartyName}</td>
            <td>{row.counterpartySideLabel}</td>
            <td>{row.updated}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
