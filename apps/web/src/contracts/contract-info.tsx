import { Fragment } from 'react';
import { formatDate, SIGNATURE_MODE_LABELS } from '../shell/labels';
import { ContractDetail } from './contract-types';

const yen = new Intl.NumberFormat('ja-JP');

/**
 * ■ 契約文書情報: the list's columns (DOMAIN.md) first, then what only this
 * screen shows (発信者, 受信者, 取引年月日, 取引金額, 登録日, 締結日 — decided here).
 */
export function ContractInfo({ contract }: { contract: ContractDetail }) {
  const fields: [string, string][] = [
    ['文書管理番号', contract.documentNumber],
    ['契約文書名称', contract.name],
    ['署名有無', SIGNATURE_MODE_LABELS[contract.signatureMode]],
    ['取引先企業名', contract.counterparty.companyName],
    ['取引先受発注区分', contract.counterparty.sideLabel],
    ['ステータス', contract.statusLabel],
    ['発信者', contract.sender.companyName],
    ['受信者', contract.receiver.companyName],
    ['取引年月日', contract.transactionDate.replaceAll('-', '/')],
    ['取引金額', `${yen.format(contract.amount)}円`],
    ['登録日', formatDate(contract.createdAt)],
    ['更新日', formatDate(contract.updatedAt)],
  ];
  if (contract.concludedAt) {
    fields.push(['締結日', formatDate(contract.concludedAt)]);
  }
  return (
    <section aria-labelledby="contract-info-heading">
      <h2 id="contract-info-heading">■ 契約文書情報</h2>
      <dl className="counts" data-testid="contract-info">
        {fields.map(([label, value]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}
