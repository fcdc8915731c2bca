import { z } from 'zod';
import { MailTemplate, mailTemplateParams } from '@app/contracts';

export type MailLanguage = 'ja' | 'en';

/**
 * The body of a mail as a few kinds of blocks, so that the plain-text and the
 * HTML part are both derived from one definition and can never say different
 * things. Every string here is a value, escaped by the HTML renderer.
 */
export type Block =
  | { kind: 'text'; text: string }
  | { kind: 'fields'; fields: Array<[label: string, value: string]> }
  | { kind: 'list'; title: string; items: string[] }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'secret'; label: string; value: string };

export interface MailContent {
  subject: string;
  blocks: Block[];
}

export type ParamsOf<T extends MailTemplate> = z.output<(typeof mailTemplateParams)[T]>;

export interface TemplateContext {
  /** The secret in clear, for the secret templates only; it lives in memory for the time of one rendering. */
  secret?: string;
  /** Absolute links, each starting with PUBLIC_BASE_URL. */
  links: Links;
}

export interface Links {
  login: string;
  top: string;
  certificates: string;
  document(documentNumber: string): string;
}

/** One language's text for every template: adding a template to the contracts fails the build until it has both languages. */
export type TemplateSet = { [T in MailTemplate]: (params: ParamsOf<T>, context: TemplateContext) => MailContent };

/** Salutation and closing around every mail of a language. */
export interface Frame {
  greeting(name: string): string;
  closing: string[];
}

export function requireSecret(context: TemplateContext): string {
  if (context.secret === undefined) {
    throw new Error('this template needs its secret');
  }
  return context.secret;
}
