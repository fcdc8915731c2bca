import { RouteObject } from 'react-router';
import { LoginPage } from './auth/login-page';
import { BulkSignSelectPage } from './bulk-sign/bulk-sign-select-page';
import { BulkSignSessionPage } from './bulk-sign/bulk-sign-session-page';
import { ContractRegisterPage } from './contract-register/contract-register-page';
import { ContractPage } from './contracts/contract-page';
import { HealthPage } from './health/health-page';
import { LanguagePage } from './settings/language-page';
import { PasswordChangePage } from './settings/password-change-page';
import { AppShell } from './shell/app-shell';
import { ArchivePage } from './archive/archive-page';
import { MatterPage } from './matters/matter-page';
import { MatterCreatePage, MattersPage } from './matters/matters-page';
import { NoticesManagePage } from './notices/notices-manage-page';
import { TemplateCreatePage, TemplateEditPage } from './templates/template-edit-page';
import { TemplatesPage } from './templates/templates-page';
import { NotFoundPage } from './shell/not-found-page';
import { Placeholder, PublicPlaceholder } from './shell/placeholders';
import { HomePage } from './top/home-page';

/**
 * Every screen's URL, one line each: to build a screen, replace its
 * placeholder line; to add one, add a line. Mails link to `/login`,
 * `/certificates` and `/contracts/<文書管理番号>`: those paths must stay.
 */
export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  { path: '/password-reset', element: <PublicPlaceholder title="shell:passwordReset.title" /> },
  { path: '/health-status', element: <HealthPage /> },
  {
    element: <AppShell />,
    children: [
      { index: true, element: <HomePage /> },
      // 契約締結
      { path: '/contracts/new', element: <ContractRegisterPage /> },
      { path: '/contracts/sent', element: <Placeholder title="shell:menu.contractsSent" /> },
      { path: '/contracts/received', element: <Placeholder title="shell:menu.contractsReceived" /> },
      { path: '/contracts/:reference', element: <ContractPage /> },
      { path: '/bulk-sign', element: <BulkSignSelectPage /> },
      { path: '/bulk-sign/sessions/:sessionId', element: <BulkSignSessionPage /> },
      // テンプレート管理, 案件, 長期保管文書
      { path: '/templates', element: <TemplatesPage /> },
      { path: '/templates/new', element: <TemplateCreatePage /> },
      { path: '/templates/:templateId', element: <TemplateEditPage /> },
      { path: '/matters', element: <MattersPage /> },
      { path: '/matters/new', element: <MatterCreatePage /> },
      { path: '/matters/:matterId', element: <MatterPage /> },
      { path: '/archive', element: <ArchivePage /> },
      // 証明書管理
      { path: '/certificates', element: <Placeholder title="shell:menu.certificateList" /> },
      { path: '/certificates/activate', element: <Placeholder title="shell:menu.certificateActivation" /> },
      // 管理用ID
      { path: '/users', element: <Placeholder title="shell:menu.users" /> },
      { path: '/notices/manage', element: <NoticesManagePage /> },
      // 個人設定
      { path: '/settings/password', element: <PasswordChangePage /> },
      { path: '/settings/language', element: <LanguagePage /> },
      { path: '/settings/email', element: <Placeholder title="shell:menu.email" /> },
      // operator console
      { path: '/operator/companies', element: <Placeholder title="shell:menu.companies" /> },
      { path: '/operator/invitations', element: <Placeholder title="shell:menu.invitations" /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
