import { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A list with nothing in it says so; by default 「該当する契約文書はありません」. */
export function EmptyState({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <p className="empty-state" data-testid="empty-state">
      {children ?? t('emptyContracts')}
    </p>
  );
}
