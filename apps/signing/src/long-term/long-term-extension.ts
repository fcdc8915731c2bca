import { createHash, X509Certificate } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { AppError } from '@app/contracts';
import { CONFIG } from '@app/messaging';
import { PlatformCaService } from '../platform/platform-ca.service';
import { TsaRequestError } from '../tsa/tsa-http.client';
import { extractSignatures } from '../validation/embedded-signature.extractor';
import { cmsParts, genTimeOf, signerCertificateIn } from './cms-certificates';
import { longTermStateOf, PdfLongTermState } from './long-term-state';
import {
  appendUpdate,
  byteRangeDigest,
  fillSignature,
  firstPageRef,
  LongTermPdfError,
  NewObject,
  objectBody,
  PdfTail,
  readTail,
  ref,
  refArray,
  refEntry,
  signatureEntries,
  streamData,
  withEntry,
} from './pdf-update';

export interface LongTermResult {
  pdf: Buffer;
  level: 'B-LTA';
  /** The new document timestamp's time (its genTime). */
  archiveTimestampAt: Date;
  /** Until when the file proves the document: the TSA certificate's end or the algorithm horizon, whichever is first. */
  proofUntil: Date;
}

/** The validation data a DSS holds, DER each. */
export interface ValidationData {
  readonly certs: Buffer[];
  readonly crls: Buffer[];
  readonly ocsps: Buffer[];
}

/** The document timestamp's /Contents to begin with: our TSA's token with its chain is ≈ 1.3 KB, an external one more. */
const FIRST_TOKEN_BYTES = 8_192;
/** How long a CRL or an OCSP response fetched for one document is reused for the next (a bulk session's many). */
const VALIDATION_DATA_TTL_MS = 5_000;

/** The end of a day given as YYYY-MM-DD, UTC. */
export function horizonEnd(day: string): Date {
  return new Date(`${day}T23:59:59.999Z`);
}

function fingerprint(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

/** Every certificate a signature or timestamp carries: the CMS's and its signature timestamp token's. */
function certificatesOf(cms: Buffer): Buffer[] {
  const parts = cmsParts(cms);
  return [...parts.certificates, ...parts.timestampTokens.flatMap((token) => cmsParts(token).certificates)];
}

/**
 * PAdES B-LTA (ETSI EN 319 142-1): one incremental update that adds or
 * extends the document security store (/DSS: every certificate of every
 * signature's and timestamp's chain, the issuing CA's CRL, an OCSP response
 * for each certificate our CAs issued) and a document timestamp
 * (/Type /DocTimeStamp, /SubFilter /ETSI.RFC3161, a bare RFC 3161 token over
 * the byte range) from the platform TSA. The same operation extends an
 * already B-LTA file: the DSS then also covers the latest document
 * timestamp, and the new timestamp covers everything before it.
 */
@Injectable()
export class LongTermExtender {
  private largestToken = 0;
  private readonly cached = new Map<string, { value: Buffer | undefined; until: number }>();
  private readonly horizon: Date;

  constructor(
    private readonly platform: PlatformCaService,
    @Inject(CONFIG) config: AppConfig,
  ) {
    this.horizon = horizonEnd(config.LONG_TERM_ALGORITHM_HORIZON);
  }

  /**
   * `now` is the caller's clock (a renewal job's injectable one): a file whose
   * new proof would end by then is refused rather than stored as renewed.
   */
  async extend(pdf: Buffer, now: Date = new Date()): Promise<LongTermResult> {
    const tail = readTail(pdf);
    const data = await this.validationDataFor(pdf);
    const contentsBytes = this.largestToken === 0 ? FIRST_TOKEN_BYTES : this.largestToken + 1_024;
    let extended = await this.withTimestamp(pdf, tail, data, contentsBytes);
    if (!extended.fits) {
      extended = await this.withTimestamp(pdf, tail, data, extended.token.length + 1_024);
    }
    if (!extended.fits) {
      throw new LongTermPdfError('the document timestamp does not fit its placeholder');
    }
    const token = cmsParts(extended.token);
    const tsaCertificate = signerCertificateIn(token) ?? new X509Certificate(this.platform.engine.tsaCertificate);
    const tsaEnd = new Date(tsaCertificate.validTo);
    const proofUntil = tsaEnd < this.horizon ? tsaEnd : this.horizon;
    if (proofUntil <= now) {
      throw new LongTermPdfError(`the new archive timestamp would prove the document only until ${proofUntil.toISOString()}`);
    }
    // The new timestamp's own validation data, made after it (an OCSP answer produced later proves the TSA certificate
    // was good at its time): a last update of validation data only, which the next renewal's timestamp covers.
    const after = await this.dataAfter(tsaCertificate);
    const final = appendUpdate(extended.pdf, readTail(extended.pdf), dssOnlyUpdate(extended.pdf, readTail(extended.pdf), after));
    return { pdf: final.pdf, level: 'B-LTA', archiveTimestampAt: genTimeOf(token), proofUntil };
  }

  /** An OCSP answer about the TSA certificate made now (never from the cache: it must postdate the timestamp). */
  private async dataAfter(tsaCertificate: X509Certificate): Promise<ValidationData> {
    const der = Buffer.from(tsaCertificate.raw);
    const ocsp = await this.platform.ocspResponseFor(der).catch(() => undefined);
    return { certs: [der], crls: [], ocsps: ocsp ? [ocsp] : [] };
  }

  /** The long-term level a PDF reaches and, for B-LTA, its latest archive timestamp and proof end (this platform's horizon). */
  stateOf(pdf: Buffer): PdfLongTermState {
    return longTermStateOf(pdf, this.horizon);
  }

  /** The certificates, CRLs and OCSP responses the file's signatures and timestamps need, from the platform. */
  async validationDataFor(pdf: Buffer): Promise<ValidationData> {
    const engine = this.platform.engine;
    const certificates = new Map<string, Buffer>();
    const add = (der: Buffer) => certificates.set(fingerprint(der), der);
    for (const signature of extractSignatures(pdf)) {
      certificatesOf(signature.cms).forEach(add);
    }
    add(engine.tsaCertificate);
    engine.ca.chainDer().forEach(add);
    const ocsps: Buffer[] = [];
    for (const der of certificates.values()) {
      const certificate = new X509Certificate(der);
      // OCSP for every certificate below a root (signers, TSA, the issuing CA when the root key is here).
      if (certificate.issuer !== certificate.subject) {
        // Made now, never cached: an answer produced after the signature's time is what proves the certificate good then.
        const answer = await this.platform.ocspResponseFor(der).catch(() => {
          // Not issued by our CAs (an external TSA): its own CRL/OCSP is not ours to make.
          return undefined;
        });
        if (answer) {
          ocsps.push(answer);
        }
      }
    }
    const crl = await this.cachedOr('crl:issuing', () => this.platform.currentCrl());
    return { certs: [...certificates.values()], crls: crl ? [crl] : [], ocsps };
  }

  private async cachedOr(key: string, make: () => Promise<Buffer | undefined>): Promise<Buffer | undefined> {
    const hit = this.cached.get(key);
    if (hit && hit.until > Date.now()) {
      return hit.value;
    }
    const value = await make();
    this.cached.set(key, { value, until: Date.now() + VALIDATION_DATA_TTL_MS });
    return value;
  }

  private async withTimestamp(
    pdf: Buffer,
    tail: PdfTail,
    data: ValidationData,
    contentsBytes: number,
  ): Promise<{ pdf: Buffer; token: Buffer; fits: boolean }> {
    const objects = buildUpdate(pdf, tail, data, contentsBytes);
    const update = appendUpdate(pdf, tail, objects);
    let token: Buffer;
    try {
      token = await this.platform.engine.timestamps.timestampSha256(byteRangeDigest(update.pdf, update.byteRange));
    } catch (error) {
      if (error instanceof TsaRequestError) {
        throw new AppError({
          code: 'TSA_UNAVAILABLE',
          status: 503,
          message: {
            ja: 'タイムスタンプ局に接続できないため長期署名を付与できませんでした。しばらくしてから再度お試しください。',
            en: 'The time-stamp authority is unavailable, so no long-term signature was added. Please try again shortly.',
          },
        });
      }
      throw error;
    }
    this.largestToken = Math.max(this.largestToken, token.length);
    return { pdf: update.pdf, token, fits: fillSignature(update, token) };
  }
}

/** The DSS's entries as they are (references), and the digests of the data they hold, to add only what is new. */
function existingDss(pdf: Buffer, tail: PdfTail, catalog: string) {
  const dssRef = refEntry(catalog, 'DSS');
  const dss = dssRef ? objectBody(pdf, tail, dssRef) : undefined;
  const listOf = (key: string): string[] => {
    if (!dss) {
      return [];
    }
    const inline = refArray(dss, key);
    if (inline) {
      return inline;
    }
    const indirect = refEntry(dss, key);
    const body = indirect ? objectBody(pdf, tail, indirect) : undefined;
    return body ? [...body.matchAll(/(\d+)\s+(\d+)\s+R/g)].map((m) => `${m[1]} ${m[2]} R`) : [];
  };
  const entries = { Certs: listOf('Certs'), CRLs: listOf('CRLs'), OCSPs: listOf('OCSPs') };
  const known = new Set<string>();
  for (const reference of [...entries.Certs, ...entries.CRLs, ...entries.OCSPs]) {
    const bytes = streamData(pdf, tail, reference);
    if (bytes) {
      known.add(fingerprint(bytes));
    }
  }
  const vri = dss ? refEntry(dss, 'VRI') : undefined;
  return { entries, known, ...(vri ? { vri } : {}) };
}

/** The DSS objects: new streams (only data the DSS lacks) and a DSS dictionary listing old and new, from `next` on. */
function dssObjects(
  pdf: Buffer,
  tail: PdfTail,
  catalog: string,
  data: ValidationData,
  first: number,
): { objects: NewObject[]; dssNumber: number; next: number } {
  let next = first;
  const objects: NewObject[] = [];
  const dss = existingDss(pdf, tail, catalog);
  const lists = { Certs: [...dss.entries.Certs], CRLs: [...dss.entries.CRLs], OCSPs: [...dss.entries.OCSPs] };
  const addStreams = (key: keyof typeof lists, items: Buffer[]) => {
    for (const der of items) {
      const digest = fingerprint(der);
      if (!dss.known.has(digest)) {
        dss.known.add(digest);
        objects.push({ number: next, stream: der });
        lists[key].push(ref(next));
        next += 1;
      }
    }
  };
  addStreams('Certs', data.certs);
  addStreams('CRLs', data.crls);
  addStreams('OCSPs', data.ocsps);
  const dssNumber = next++;
  objects.push({
    number: dssNumber,
    dictionary: [
      '<<',
      '/Type /DSS',
      `/Certs ${list(lists.Certs)}`,
      ...(lists.CRLs.length ? [`/CRLs ${list(lists.CRLs)}`] : []),
      ...(lists.OCSPs.length ? [`/OCSPs ${list(lists.OCSPs)}`] : []),
      ...(dss.vri ? [`/VRI ${dss.vri}`] : []),
      '>>',
    ].join('\n'),
  });
  return { objects, dssNumber, next };
}

function list(refs: string[]): string {
  return `[${refs.join(' ')}]`;
}

function catalogOf(pdf: Buffer, tail: PdfTail): string {
  const catalog = objectBody(pdf, tail, tail.rootRef);
  if (!catalog) {
    throw new LongTermPdfError('the catalog cannot be read');
  }
  return catalog;
}

/** An update holding only validation data: the merged DSS and the catalog pointing to it. */
function dssOnlyUpdate(pdf: Buffer, tail: PdfTail, data: ValidationData): NewObject[] {
  const catalog = catalogOf(pdf, tail);
  const { objects, dssNumber } = dssObjects(pdf, tail, catalog, data, tail.size);
  return [...objects, { number: Number(tail.rootRef.split(/\s+/)[0]), dictionary: withEntry(catalog, 'DSS', ref(dssNumber)) }];
}

/**
 * The objects of the update: new DSS streams, the DSS, the catalog pointing
 * to it, the AcroForm with the new field, the first page with its widget,
 * the field and the document timestamp's dictionary (its hole of
 * `contentsBytes`).
 */
function buildUpdate(pdf: Buffer, tail: PdfTail, data: ValidationData, contentsBytes: number): NewObject[] {
  const catalog = catalogOf(pdf, tail);
  const built = dssObjects(pdf, tail, catalog, data, tail.size);
  const objects = built.objects;
  const dssNumber = built.dssNumber;
  let next = built.next;

  const fieldNumber = next++;
  const signatureNumber = next++;
  const pageRef = firstPageRef(pdf);
  const timestamps = extractSignatures(pdf).filter((signature) => signature.type === 'DocTimeStamp').length;

  // The AcroForm gets the field (a new AcroForm for a file that has none).
  let catalogText = withEntry(catalog, 'DSS', ref(dssNumber));
  const acroFormRef = refEntry(catalog, 'AcroForm');
  if (acroFormRef) {
    const acroForm = objectBody(pdf, tail, acroFormRef);
    if (!acroForm) {
      throw new LongTermPdfError('the AcroForm cannot be read');
    }
    const fields = refArray(acroForm, 'Fields');
    if (!fields) {
      throw new LongTermPdfError('the AcroForm /Fields is not an array of references');
    }
    const updated = withEntry(withEntry(acroForm, 'Fields', list([...fields, ref(fieldNumber)])), 'SigFlags', '3');
    objects.push({ number: Number(acroFormRef.split(/\s+/)[0]), dictionary: updated });
  } else if (/\/AcroForm\s*<</.test(catalog)) {
    throw new LongTermPdfError('an inline AcroForm is not supported');
  } else {
    const acroFormNumber = next++;
    objects.push({ number: acroFormNumber, dictionary: `<<\n/Type /AcroForm\n/SigFlags 3\n/Fields [${ref(fieldNumber)}]\n>>` });
    catalogText = withEntry(catalogText, 'AcroForm', ref(acroFormNumber));
  }
  objects.push({ number: Number(tail.rootRef.split(/\s+/)[0]), dictionary: catalogText });

  // The widget on the first page's /Annots when that is an array here (an indirect one is left as it is).
  const page = objectBody(pdf, tail, pageRef);
  if (page) {
    const annots = refArray(page, 'Annots');
    if (annots) {
      objects.push({ number: Number(pageRef.split(/\s+/)[0]), dictionary: withEntry(page, 'Annots', list([...annots, ref(fieldNumber)])) });
    } else if (!/\/Annots\b/.test(page)) {
      objects.push({ number: Number(pageRef.split(/\s+/)[0]), dictionary: withEntry(page, 'Annots', list([ref(fieldNumber)])) });
    }
  }
  objects.push({
    number: fieldNumber,
    dictionary: [
      '<<',
      '/Type /Annot',
      '/Subtype /Widget',
      '/FT /Sig',
      `/T (inkan archive timestamp ${timestamps + 1})`,
      `/V ${ref(signatureNumber)}`,
      '/F 132',
      '/Rect [0 0 0 0]',
      `/P ${pageRef}`,
      '>>',
    ].join('\n'),
  });
  objects.push({
    number: signatureNumber,
    dictionary: [
      '<<',
      '/Type /DocTimeStamp',
      '/Filter /Adobe.PPKLite',
      '/SubFilter /ETSI.RFC3161',
      signatureEntries(contentsBytes),
      '>>',
    ].join('\n'),
  });
  return objects;
}
