import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { CertificateView } from '../api/api-types';
import { formatDateTime } from '../ui/format';
import { plainCertificate } from './certificate-subject';

/** A certificate's contents in plain words: holder, company, issuer, validity, serial number. */
export function CertificateDetails({ certificate }: { certificate: CertificateView }) {
  const { t } = useTranslation('certificates');
  const plain = plainCertificate(certificate);
  const rows: Array<[string, string]> = [
    [t('columns.holderName'), plain.holderName],
    [t('columns.companyName'), plain.companyName],
    [t('columns.issuer'), plain.issuer],
    [t('columns.validity'), t('validity', { from: formatDateTime(certificate.notBefore), to: formatDateTime(certificate.notAfter) })],
    [t('columns.serialNumber'), certificate.serialNumber],
    [t('columns.status'), t(`status.${certificate.status}`)],
    [t('activation.keyAlgorithm'), certificate.keyAlgorithm],
    [t('activation.fingerprint'), certificate.fingerprintSha256],
  ];
  return (
    <dl className="counts certificate-details" data-testid="certificate-details">
      {rows.map(([label, value]) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
