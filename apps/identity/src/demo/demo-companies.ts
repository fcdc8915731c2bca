import type { CompanyOption, Plan, UserRole } from '@app/contracts';

/** The one password of every demo account (it meets the password rule). Local demo only. */
export const DEMO_PASSWORD = 'Demo-pass-2026';

export const DEMO_OPERATOR = { name: '運営 担当', email: 'operator@demo.inkan.jp' } as const;

export interface DemoUser {
  name: string;
  email: string;
  department: string;
  roles: UserRole[];
  bulkSign?: boolean;
  administrator?: boolean;
}

export interface DemoCompany {
  name: string;
  plan: Plan;
  options: CompanyOption[];
  users: DemoUser[];
}

/**
 * The seed manual's sender (発注建設株式会社, one-side-pays, so it may trade
 * with a partner-only company and keep matters) with a registrant, an
 * approver and a signer.
 */
export const DEMO_SENDER: DemoCompany = {
  name: '発注建設株式会社',
  plan: 'ONE_SIDE',
  options: ['MATTER'],
  users: [
    { name: '発注建設 管理者', email: 'admin@hatchu-kensetsu.demo.inkan.jp', department: '総務部', roles: [], administrator: true },
    { name: '山田 太郎', email: 'yamada@hatchu-kensetsu.demo.inkan.jp', department: '工事部', roles: ['registrant'] },
    { name: '鈴木 一郎', email: 'suzuki@hatchu-kensetsu.demo.inkan.jp', department: '工事部', roles: ['approver'] },
    { name: '田中 誠', email: 'tanaka@hatchu-kensetsu.demo.inkan.jp', department: '経営企画部', roles: ['signer'] },
  ],
};

/**
 * The seed manual's receiver (株式会社受注工務店, partner-only: ONE_SIDE ×
 * PARTNER_ONLY is allowed and charges the sender) with the bulk-sign option:
 * 佐藤 二郎 is recipient and signer with bulk signing, as in the manual.
 */
export const DEMO_RECEIVER: DemoCompany = {
  name: '株式会社受注工務店',
  plan: 'PARTNER_ONLY',
  options: ['BULK_SIGN'],
  users: [
    { name: '受注工務店 管理者', email: 'admin@juchu-komuten.demo.inkan.jp', department: '総務部', roles: [], administrator: true },
    {
      name: '佐藤 二郎',
      email: 'sato@juchu-komuten.demo.inkan.jp',
      department: '工務部',
      roles: ['recipient', 'signer'],
      bulkSign: true,
    },
    { name: '高橋 三郎', email: 'takahashi@juchu-komuten.demo.inkan.jp', department: '工務部', roles: ['recipient', 'approver'] },
  ],
};

/** In this order, so a fresh database issues C000001/U000001… to the sender first. */
export const DEMO_COMPANIES: readonly DemoCompany[] = [DEMO_SENDER, DEMO_RECEIVER];
