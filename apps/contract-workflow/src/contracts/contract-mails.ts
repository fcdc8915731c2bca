import { Injectable } from '@nestjs/common';
import { Events, mailRecipientOf, MailTemplate, MailTemplates, NotificationRequested, UserContact } from '@app/contracts';
import { Executor } from '@app/db';
import { enqueueEvent, enqueueEvents } from '@app/messaging';
import { outbox } from '../database/contract-workflow.schema';
import { ContractRow } from './contracts.repository';

/** The workflow's mails, recorded in the transaction of the transition they announce. */
@Injectable()
export class ContractMails {
  /** 承認依頼, 署名依頼 or 受取依頼 to whoever acts next. */
  async nextActor(tx: Executor, contract: ContractRow, to: UserContact, kind: 'approval' | 'signature' | 'receipt'): Promise<void> {
    const template = {
      approval: MailTemplates.approvalRequest,
      signature: MailTemplates.signatureRequest,
      receipt: MailTemplates.receiptRequest,
    }[kind];
    await this.send(tx, contract, to, template, {});
  }

  async returned(tx: Executor, contract: ContractRow, to: UserContact, returnedBy: string, comment?: string): Promise<void> {
    await this.send(tx, contract, to, MailTemplates.returned, { returnedBy, ...(comment ? { comment } : {}) });
  }

  async declined(tx: Executor, contract: ContractRow, to: UserContact, comment?: string): Promise<void> {
    await this.send(tx, contract, to, MailTemplates.declined, comment ? { comment } : {});
  }

  /** 締結完了: both companies, each through the person who handled it (registrant, recipient). */
  async concluded(tx: Executor, contract: ContractRow, recipients: UserContact[], concludedAt: Date): Promise<void> {
    await enqueueEvents(
      tx,
      outbox,
      recipients.map((to) => ({
        event: Events.notificationRequested,
        payload: mailRequest(contract, to, MailTemplates.concluded, { concludedAt: concludedAt.toISOString() }),
      })),
    );
  }

  private async send(
    tx: Executor,
    contract: ContractRow,
    to: UserContact,
    template: MailTemplate,
    extra: Record<string, string>,
  ): Promise<void> {
    await enqueueEvent(tx, outbox, Events.notificationRequested, mailRequest(contract, to, template, extra));
  }
}

/** A mail about a contract to one person: the counterparty is the other company from that person's side. */
function mailRequest(contract: ContractRow, to: UserContact, template: MailTemplate, extra: Record<string, string>): NotificationRequested {
  const counterpartyName = to.companyId === contract.senderCompanyId ? contract.receiverCompanyName : contract.senderCompanyName;
  return {
    template,
    to: mailRecipientOf(to),
    params: { documentNumber: contract.documentNumber, contractName: contract.name, counterpartyName, ...extra },
  } as never;
}
