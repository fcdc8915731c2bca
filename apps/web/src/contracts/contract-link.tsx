import { ReactNode } from 'react';
import { Link } from 'react-router';

/** The URL of 契約文書情報; 戻る there returns to `from`. */
export function contractPath(contractId: string, from: string): string {
  return `/contracts/${contractId}?from=${encodeURIComponent(from)}`;
}

/** A way from a list to 契約文書情報; 戻る there returns to `from`. */
export function ContractLink({
  contractId,
  from,
  onOpen,
  children,
}: {
  contractId: string;
  from: string;
  onOpen?: () => void;
  children: ReactNode;
}) {
  return (
    <Link to={contractPath(contractId, from)} onClick={onOpen}>
      {children}
    </Link>
  );
}
