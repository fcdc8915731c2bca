import { RouteObject } from 'react-router';
import { LoginPage } from './auth/login-page';
import { BulkSignSelectPage } from './bulk-sign/bulk-sign-select-page';
import { BulkSignSessionPage } from './bulk-sign/bulk-sign-session-page';
import { ContractRegisterPage } from './contract-register/contract-register-page';
import { ContractListPage } from './contracts/contract-list-page';
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
import { HomePage } from './top/home-page';
import { CertificateActivationPage } from './certificates/certificate-activation-page';
import { CertificateListPage } from './certificates/certificate-list-page';
import { InvitationPage } from './invitations/invitation-page';
import { PartnerApplicationPage } from './invitations/partner-application-page';
import { CompanyCreatePage } from './operator/company-create-page';
import { CompanyListPage } from './operator/company-list-page';
import { CompanyPage } from './operator/company-page';
import { PasswordResetPage } from './password-reset/password-reset-page';
import { PasswordResetRequestPage } from './password-reset/password-reset-request-page';
import { EmailPage } from './settings/email-page';
import { UserDetailPage } from './users/user-detail-page';
import { UserListPage } from './users/user-list-page';
import { UserRegisterPage } from './users/user-register-page';

/**
 * Every screen's URL, one line each: to build a screen, replace its
 * placeholder line; to add one, add a line. Mails link to `/login`,
 * `/certificates` and `/contracts/<文書管理番号>`: those paths must stay.
 */
export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  { path: '/password-reset', element: <PasswordResetRequestPage /> },
  { path: '/password-reset/:token', element: <PasswordResetPage /> },
  { path: '/partner-application', element: <PartnerApplicationPage /> },
  { path: '/health-status', element: <HealthPage /> },
  {
    element: <AppShell />,
    children: [
      { index: true, element: <HomePage /> },
      // 契約締結
      { path: '/contracts/new', element: <ContractRegisterPage /> },
      { path: '/contracts/sent', element: <ContractListPage direction="SENT" /> },
      { path: '/contracts/received', element: <ContractListPage direction="RECEIVED" /> },
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
      { path: '/certificates', element: <CertificateListPage /> },
      { path: '/certificates/activate', element: <CertificateActivationPage /> },
      // 管理用ID
      { path: '/users', element: <UserListPage /> },
      { path: '/users/new', element: <UserRegisterPage /> },
      { path: '/users/:userId', element: <UserDetailPage /> },
      { path: '/invitations', element: <InvitationPage /> },
      { path: '/notices/manage', element: <NoticesManagePage /> },
      // 個人設定
      { path: '/settings/password', element: <PasswordChangePage /> },
      { path: '/settings/language', element: <LanguagePage /> },
      { path: '/settings/email', element: <EmailPage /> },
      // operator console
      { path: '/operator/companies', element: <CompanyListPage /> },
      { path: '/operator/companies/new', element: <CompanyCreatePage /> },
      { path: '/operator/companies/:companyId', element: <CompanyPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
