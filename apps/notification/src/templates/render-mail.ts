import { MailTemplate, mailTemplateParams } from '@app/contracts';
import { enFrame, enTemplates } from './en.templates';
import { jaFrame, jaTemplates } from './ja.templates';
import { Block, Frame, Links, MailContent, MailLanguage, ParamsOf, TemplateSet } from './mail-content';

const languages: Record<MailLanguage, { templates: TemplateSet; frame: Frame }> = {
  ja: { templates: jaTemplates, frame: jaFrame },
  en: { templates: enTemplates, frame: enFrame },
};

export interface RenderInput {
  template: MailTemplate;
  language: MailLanguage;
  recipientName: string;
  /** The template's parameters as stored; validated again here, so a template only ever sees typed values. */
  params: unknown;
  secret?: string;
  links: Links;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export function renderMail(input: RenderInput): RenderedMail {
  const { templates, frame } = languages[input.language];
  const content = contentOf(templates, input);
  return {
    subject: content.subject,
    text: renderText(frame, input.recipientName, content),
    html: renderHtml(frame, input.recipientName, content, input.language),
  };
}

function contentOf<T extends MailTemplate>(templates: TemplateSet, input: RenderInput & { template: T }): MailContent {
  const params = mailTemplateParams[input.template].parse(input.params) as ParamsOf<T>;
  const render = templates[input.template] as (params: ParamsOf<T>, context: { secret?: string; links: Links }) => MailContent;
  return render(params, { secret: input.secret, links: input.links });
}

function renderText(frame: Frame, name: string, content: MailContent): string {
  const sections = [frame.greeting(name), ...content.blocks.map(blockText), frame.closing.join('\n')];
  return `${sections.join('\n\n')}\n`;
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'text':
      return block.text;
    case 'fields':
      return block.fields.map(([label, value]) => `■ ${label}: ${value}`).join('\n');
    case 'list':
      return [`■ ${block.title}`, ...block.items.map((item) => `  - ${item}`)].join('\n');
    case 'link':
      return `${block.label}:\n${block.url}`;
    case 'secret':
      return `■ ${block.label}: ${block.value}`;
  }
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function renderHtml(frame: Frame, name: string, content: MailContent, language: MailLanguage): string {
  const body = [
    `<p>${escapeHtml(frame.greeting(name))}</p>`,
    ...content.blocks.map(blockHtml),
    `<hr><p style="color:#666;font-size:12px">${frame.closing.map(escapeHtml).join('<br>')}</p>`,
  ];
  return [
    '<!doctype html>',
    `<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="font-family:sans-serif;line-height:1.6;color:#222">',
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'text':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'fields':
      return `<table>${block.fields
        .map(
          ([label, value]) => `<tr><th align="left" style="padding-right:1em">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
        )
        .join('')}</table>`;
    case 'list':
      return `<p><strong>${escapeHtml(block.title)}</strong></p><ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
    case 'link':
      return `<p><a href="${escapeHtml(block.url)}">${escapeHtml(block.label)}</a><br><span style="font-size:12px">${escapeHtml(block.url)}</span></p>`;
    case 'secret':
      return `<p>${escapeHtml(block.label)}: <code style="font-size:16px">${escapeHtml(block.value)}</code></p>`;
  }
}
