import { mayBulkSign } from '../auth/session';
import type { CompanyView, SessionView } from '../api/api-types';

/** Who is looking at the menu. */
export interface Viewer {
  session: SessionView;
  company: CompanyView | null;
}

/** One entry: a link, or a ▼ group of links (shown when at least one of its links is). */
export interface MenuItem {
  id: string;
  /** A key of the `shell` dictionary. */
  label: string;
  to?: string;
  children?: MenuItem[];
  visible?: (viewer: Viewer) => boolean;
}

const user = ({ session }: Viewer) => session.kind === 'user';
const role =
  (name: string) =>
  ({ session }: Viewer) =>
    session.kind === 'user' && session.roles.includes(name as SessionView['roles'][number]);
const option =
  (name: string) =>
  ({ company }: Viewer) =>
    company?.options.includes(name as CompanyView['options'][number]) ?? false;

/**
 * The seed's menu: トップページ / 契約締結▼ / テンプレート管理 / 長期保管文書 /
 * 証明書管理▼ / 個人設定▼ (ログアウト is the shell's own button), each entry
 * only for who may use it: the roles of DOMAIN.md, 一括署名 with its option
 * and flag, 案件 with the MATTER option (片方課金プラン, which the API enforces
 * when the option is granted). The 管理用ID also gets 利用者管理 and
 * お知らせ管理; the operator its console. The API checks every call again.
 */
export const USER_MENU: MenuItem[] = [
  { id: 'top', label: 'menu.top', to: '/' },
  {
    id: 'contracts',
    label: 'menu.contracts',
    children: [
      { id: 'contract-register', label: 'menu.contractRegister', to: '/contracts/new', visible: role('registrant') },
      { id: 'contracts-sent', label: 'menu.contractsSent', to: '/contracts/sent', visible: role('registrant') },
      { id: 'contracts-received', label: 'menu.contractsReceived', to: '/contracts/received', visible: role('recipient') },
      { id: 'bulk-sign', label: 'menu.bulkSign', to: '/bulk-sign', visible: ({ session, company }) => mayBulkSign(session, company) },
    ],
  },
  { id: 'templates', label: 'menu.templates', to: '/templates', visible: role('registrant') },
  { id: 'matters', label: 'menu.matters', to: '/matters', visible: (viewer) => user(viewer) && option('MATTER')(viewer) },
  { id: 'archive', label: 'menu.archive', to: '/archive', visible: user },
  {
    id: 'certificates',
    label: 'menu.certificates',
    children: [
      // The 管理用ID sees the company's certificates there (and releases PIN locks).
      {
        id: 'certificate-list',
        label: 'menu.certificateList',
        to: '/certificates',
        visible: (viewer) => role('signer')(viewer) || role('administrator')(viewer),
      },
      { id: 'certificate-activation', label: 'menu.certificateActivation', to: '/certificates/activate', visible: role('signer') },
    ],
  },
  { id: 'users', label: 'menu.users', to: '/users', visible: role('administrator') },
  // 取引先の招待: the API allows it to the 管理用ID of a 片方課金プラン company only.
  {
    id: 'invitations',
    label: 'menu.invitations',
    to: '/invitations',
    visible: (viewer) => role('administrator')(viewer) && viewer.company?.plan === 'ONE_SIDE',
  },
  { id: 'notices', label: 'menu.notices', to: '/notices/manage', visible: role('administrator') },
  {
    id: 'settings',
    label: 'menu.settings',
    children: [
      { id: 'password', label: 'menu.passwordChange', to: '/settings/password' },
      { id: 'language', label: 'menu.language', to: '/settings/language' },
      { id: 'email', label: 'menu.email', to: '/settings/email' },
    ],
  },
];

/** The operator's console. */
export const OPERATOR_MENU: MenuItem[] = [
  { id: 'top', label: 'menu.top', to: '/' },
  { id: 'companies', label: 'menu.companies', to: '/operator/companies' },
  { id: 'notices', label: 'menu.notices', to: '/notices/manage' },
  {
    id: 'settings',
    label: 'menu.settings',
    children: [
      { id: 'password', label: 'menu.passwordChange', to: '/settings/password' },
      { id: 'language', label: 'menu.language', to: '/settings/language' },
    ],
  },
];

/** The entries `viewer` sees: hidden links dropped, groups without a visible link dropped. */
export function menuFor(viewer: Viewer): MenuItem[] {
  const items = viewer.session.kind === 'operator' ? OPERATOR_MENU : USER_MENU;
  const shown = (item: MenuItem) => item.visible?.(viewer) ?? true;
  return items
    .filter(shown)
    .map((item) => (item.children ? { ...item, children: item.children.filter(shown) } : item))
    .filter((item) => !item.children || item.children.length > 0);
}
