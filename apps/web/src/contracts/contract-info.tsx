import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractView } from '../api/api-types';
import { formatAmount, formatDate, formatDay } from '../ui/format';

/**
 * ■ 契約文書情報: the list's columns (DOMAIN.md) first, then what only this
 * screen shows (発信者, 受信者, 取引年月日, 取引金額, 登録日, 締結日 — decided here).
 */
export function ContractInfo({ contract }: { contract: ContractView }) {
  const { t } = useTranslation('contracts');
  const fields: [string, string][] = [
    [t('fields.documentNumber'), contract.documentNumber],
    [t('fields.name'), contract.name],
    [t('fields.signatureMode'), t(`common:signatureMode.${contract.signatureMode}`)],
    [t('fields.counterpartyName'), contract.counterparty.companyName],
    [t('fields.counterpartySide'), t(`common:side.${contract.counterparty.side}`)],
    [t('fields.status'), t(`common:status.${contract.status}`)],
    [t('fields.sender'), contract.sender.companyName],
    [t('fields.receiver'), contract.receiver.companyName],
    [t('fields.transactionDate'), formatDay(contract.transactionDate)],
    [t('fields.amount'), t('common:yen', { amount: formatAmount(contract.amount) })],
    [t('fields.createdAt'), formatDate(contract.createdAt)],
    [t('fields.updatedAt'), formatDate(contract.updatedAt)],
  ];
  if (contract.concludedAt) {
    fields.push([t('fields.concludedAt'), formatDate(contract.concludedAt)]);
  }
  return (
    <section aria-labelledby="contract-info-heading">
      <h2 id="contract-info-heading">{t('info')}</h2>
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
