import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AppConfig } from '@app/config';
import { acceptInvitationSchema, AppError, createInvitationSchema, requireCompanyPermission, SealedSecret } from '@app/contracts';
import { DatabaseHandle, inTransaction } from '@app/db';
import { CONFIG, currentActor, DATABASE } from '@app/messaging';
import { CompaniesRepository } from '../companies/companies.repository';
import { CompaniesService } from '../companies/companies.service';
import { identityError } from '../identity.errors';
import { IdentityMails } from '../mails/identity-mails';
import { IdentitySecrets, sha256Hex } from '../secrets/identity-secrets';
import { InvitationRow, InvitationsRepository } from './invitations.repository';

/** Where the invitation link leads; the token rides in the fragment, so it never reaches a server log. */
export const PARTNER_APPLICATION_PATH = '/partner-application';

/**
 * 取引先の招待: an administrator of a one-side-pays company invites a partner
 * by mail (利用申請サイトのお知らせ); the partner applies online with the
 * single-use link, which creates a partner-only company and its 管理用ID.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly invitations: InvitationsRepository,
    private readonly companies: CompaniesRepository,
    private readonly companiesService: CompaniesService,
    private readonly secrets: IdentitySecrets,
    private readonly mails: IdentityMails,
  ) {}

  async create(input: z.output<typeof createInvitationSchema>) {
    const actor = currentActor();
    const companyId = requireCompanyPermission(actor, 'invitations:write');
    if (actor.kind !== 'user' || !actor.userId) {
      throw AppError.of('FORBIDDEN');
    }
    const invitedBy = actor.userId;
    const token = randomBytes(32).toString('base64url');
    const link = `${this.config.PUBLIC_BASE_URL.replace(/\/$/, '')}${PARTNER_APPLICATION_PATH}#token=${token}`;
    const expiresAt = new Date(Date.now() + this.config.INVITATION_TTL_HOURS * 3_600_000);
    return inTransaction(this.database.db, async (tx) => {
      const company = await this.companies.findById(companyId, tx);
      if (!company) {
        throw AppError.of('NOT_FOUND');
      }
      if (company.plan !== 'ONE_SIDE') {
        throw identityError('INVITATION_NOT_ALLOWED');
      }
      const invitation = await this.invitations.insert(tx, {
        invitingCompanyId: companyId,
        invitedBy,
        email: input.email,
        tokenHash: sha256Hex(token),
        expiresAt,
      });
      await this.mails.invitation(tx, input.email, input.language, company.name, link, expiresAt);
      return toInvitationView({ ...invitation, invitingCompanyName: company.name });
    });
  }

  async inspect(sealedToken: SealedSecret) {
    const invitation = await this.invitations.findOpen(this.tokenHash(sealedToken));
    if (!invitation) {
      throw identityError('INVITATION_INVALID');
    }
    return toInvitationView(invitation);
  }

  /** The application: one transaction creates the company, its administrator and the mails, and uses up the link. */
  async accept(input: z.output<typeof acceptInvitationSchema>) {
    const tokenHash = this.tokenHash(input.token);
    return inTransaction(this.database.db, async (tx) => {
      const invitation = await this.invitations.findOpen(tokenHash, tx, true);
      if (!invitation) {
        throw identityError('INVITATION_INVALID');
      }
      const created = await this.companiesService.createWithAdministrator(
        tx,
        { name: input.companyName, plan: 'PARTNER_ONLY', options: [] },
        input.administrator,
      );
      await this.invitations.markAccepted(tx, invitation.id, created.company.companyId);
      return created;
    });
  }

  private tokenHash(sealed: SealedSecret): string {
    return sha256Hex(this.secrets.open(sealed, 'invitation', 'partner-application'));
  }
}

function toInvitationView(invitation: InvitationRow & { invitingCompanyName: string }) {
  return {
    invitationId: invitation.id,
    email: invitation.email,
    invitingCompanyId: invitation.invitingCompanyId,
    invitingCompanyName: invitation.invitingCompanyName,
    expiresAt: invitation.expiresAt.toISOString(),
  };
}
