import { ReactNode } from 'react';
import { Routes } from '../shell/router';

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
    <a href={`#${Routes.contract(contractId, from)}`} onClick={onOpen}>
      {children}
    </a>
  );
}
