import type { TemplateView } from '@app/contracts';
import { EMPTY_ROUTE, RouteDraft, routeProblem } from '../contracts/route-editor';

/** 契約文書登録's form as typed (strings, as inputs hold them). */
export interface RegistrationDraft {
  templateId: string;
  name: string;
  counterpartyCompanyId: string;
  recipientUserId: string;
  senderSide: '' | 'ORDERER' | 'CONTRACTOR';
  signatureMode: 'BOTH' | 'SENDER_ONLY';
  transactionDate: string;
  amount: string;
  matterId: string;
  route: RouteDraft;
}

export const EMPTY_REGISTRATION: RegistrationDraft = {
  templateId: '',
  name: '',
  counterpartyCompanyId: '',
  recipientUserId: '',
  senderSide: '',
  signatureMode: 'BOTH',
  transactionDate: '',
  amount: '',
  matterId: '',
  route: EMPTY_ROUTE,
};

/** A template's contract info and route copied into the form (the person may still change any of it). */
export function fromTemplate(draft: RegistrationDraft, template: TemplateView): RegistrationDraft {
  return {
    ...draft,
    templateId: template.templateId,
    name: template.contractName ?? draft.name,
    counterpartyCompanyId: template.counterpartyCompanyId ?? draft.counterpartyCompanyId,
    recipientUserId: template.recipientUserId ?? draft.recipientUserId,
    senderSide: template.senderSide ?? draft.senderSide,
    signatureMode: template.signatureMode ?? draft.signatureMode,
    route: template.route ? { approvers: [...template.route.approvers], signer: template.route.signer } : draft.route,
  };
}

/**
 * The registration as the API takes it, or the key of the sentence saying
 * what is wrong. Fields left empty are left out (with a template the API
 * fills them; without, it names each missing one).
 */
export function registrationFields(draft: RegistrationDraft): { fields?: Record<string, unknown>; problem?: string } {
  const amount = draft.amount.trim().replaceAll(',', '');
  if (amount !== '' && !/^\d+$/.test(amount)) {
    return { problem: 'contract-register:amountInvalid' };
  }
  const hasRoute = draft.route.signer.trim() !== '' || draft.route.approvers.some((id) => id.trim() !== '');
  const checked = hasRoute ? routeProblem(draft.route) : {};
  if (checked.problem) {
    return { problem: checked.problem };
  }
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const fields: Record<string, unknown> = {
    templateId: text(draft.templateId),
    name: text(draft.name),
    counterpartyCompanyId: text(draft.counterpartyCompanyId)?.toUpperCase(),
    recipientUserId: text(draft.recipientUserId)?.toUpperCase(),
    senderSide: draft.senderSide || undefined,
    signatureMode: draft.signatureMode,
    transactionDate: text(draft.transactionDate),
    amount: amount === '' ? undefined : Number(amount),
    matterId: text(draft.matterId),
    route: checked.route,
  };
  return { fields: Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) };
}
