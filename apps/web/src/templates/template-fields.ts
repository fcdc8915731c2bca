import type { TemplateFields, TemplateView } from '@app/contracts';
import type { RouteDraft } from '../contracts/route-editor';

/** The template form as typed (text; '' = not given). */
export interface TemplateDraft {
  name: string;
  contractName: string;
  counterpartyCompanyId: string;
  recipientUserId: string;
  senderSide: '' | 'ORDERER' | 'CONTRACTOR';
  signatureMode: '' | 'BOTH' | 'SENDER_ONLY';
  /** The own route as picked in the route editor (no signer: no route). */
  route: RouteDraft;
}

export const EMPTY_TEMPLATE: TemplateDraft = {
  name: '',
  contractName: '',
  counterpartyCompanyId: '',
  recipientUserId: '',
  senderSide: '',
  signatureMode: '',
  route: { approvers: [], signer: '' },
};

export function draftOf(template: TemplateView): TemplateDraft {
  return {
    name: template.name,
    contractName: template.contractName ?? '',
    counterpartyCompanyId: template.counterpartyCompanyId ?? '',
    recipientUserId: template.recipientUserId ?? '',
    senderSide: template.senderSide ?? '',
    signatureMode: template.signatureMode ?? '',
    route: { approvers: [...(template.route?.approvers ?? [])], signer: template.route?.signer ?? '' },
  };
}

/**
 * The API's body for a draft: empty fields left out (PUT clears them). A
 * route needs its signer; approvers without one are a mistake the form
 * reports (`route` undefined and `routeIncomplete`).
 */
export function fieldsOf(draft: TemplateDraft): { fields: TemplateFields; routeIncomplete: boolean } {
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const approvers = draft.route.approvers;
  const signer = text(draft.route.signer);
  const fields: TemplateFields = {
    name: draft.name.trim(),
    contractName: text(draft.contractName),
    counterpartyCompanyId: text(draft.counterpartyCompanyId)?.toUpperCase(),
    recipientUserId: text(draft.recipientUserId)?.toUpperCase(),
    senderSide: draft.senderSide || undefined,
    signatureMode: draft.signatureMode || undefined,
    route: signer ? { approvers, signer } : undefined,
  };
  return { fields, routeIncomplete: !signer && approvers.length > 0 };
}
