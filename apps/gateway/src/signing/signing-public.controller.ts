import { X509Certificate } from 'node:crypto';
import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AppError,
  crlNameSchema,
  OCSP_REQUEST_MAX_BYTES,
  parseOrThrow,
  Patterns,
  sha256Schema,
  validationReportSchema,
} from '@app/contracts';
import { documentWorkAllowanceMs } from '@app/blob-store';
import { AppConfig } from '@app/config';
import { CONFIG, ServiceClient } from '@app/messaging';
import { Public } from '../auth/auth.decorators';
import { ApiContract } from '../openapi/api-docs';
import { PdfUploads } from '../uploads/pdf-uploads';

const byHash = z.object({ sha256: sha256Schema });
const OCSP_GET_PREFIX = '/api/signing/ocsp/';
const OCSP_DESCRIPTION =
  'RFC 6960 responder for the platform CAs: the issuing CA answers for signers’ and the TSA’s certificates (good, revoked with its time and reason, or unknown if not issued by us), the root for the issuing CA. Responses are signed by the CA itself, fresh for each request (the nonce is echoed; nextUpdate is an hour ahead). A request that cannot be answered gets an OCSP error status inside a 200 application/ocsp-response: malformedRequest (not DER, cut short, no CertID or more than 32), unauthorized (a CA not ours, or CertIDs of two CAs), tryLater (our records unreachable).';

/** The DER inside the URL of an RFC 6960 GET (url-encoded base64); empty, hence malformedRequest, when it is not base64. */
function ocspGetRequest(url: string): Buffer {
  const encoded = url.slice(OCSP_GET_PREFIX.length).split('?')[0] ?? '';
  let base64: string;
  try {
    base64 = decodeURIComponent(encoded);
  } catch {
    return Buffer.alloc(0);
  }
  const der = /^[A-Za-z0-9+/]*={0,2}$/.test(base64) ? Buffer.from(base64, 'base64') : Buffer.alloc(0);
  return der.length > OCSP_REQUEST_MAX_BYTES ? Buffer.alloc(0) : der;
}

/**
 * What standard tools talk to: the RFC 3161 time-stamp authority, the CRL
 * named in every certificate, the OCSP responder (RFC 6960), the CA
 * certificates to trust, and validation.
 */
@ApiTags('signing')
@Controller('api/signing')
export class SigningPublicController {
  constructor(
    private readonly services: ServiceClient,
    private readonly uploads: PdfUploads,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('tsa')
  @Public()
  @HttpCode(200)
  @Header('content-type', 'application/timestamp-reply')
  @ApiOperation({
    summary: 'タイムスタンプ / RFC 3161 time-stamp authority',
    description: 'Body: a DER TimeStampReq (application/timestamp-query).',
  })
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiProduces('application/timestamp-reply')
  @ApiResponse({ status: 200, description: 'A DER TimeStampResp.' })
  @ApiContract({ errors: [400, 415] })
  async timestamp(@Req() request: FastifyRequest) {
    const query = request.body;
    if (!Buffer.isBuffer(query) || request.headers['content-type'] !== 'application/timestamp-query') {
      throw new AppError({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        status: 415,
        message: { ja: 'application/timestamp-query で送信してください。', en: 'Send a DER TimeStampReq as application/timestamp-query.' },
      });
    }
    const { replyBase64 } = await this.services.send(Patterns.signing.timestamp, { queryBase64: query.toString('base64') });
    return Buffer.from(replyBase64, 'base64');
  }

  @Get('crl/issuing-ca.crl')
  @Public()
  @Header('content-type', 'application/pkix-crl')
  @ApiOperation({
    summary: '失効リスト / CRL of the issuing CA',
    description: 'DER; the URL every user certificate names as its CRL distribution point.',
  })
  @ApiContract({ errors: [] })
  async crl() {
    const { derBase64 } = await this.services.send(Patterns.signing.crl, {});
    return Buffer.from(derBase64, 'base64');
  }

  @Get('crl/:file')
  @Public()
  @ApiOperation({
    summary: '失効リスト（世代別） / CRL by name',
    description:
      'DER (application/pkix-crl). `root-ca.crl`: the root’s CRL, named by every issuing CA certificate. `issuing-ca-g<n>.crl`: the CRL of the n-th issuing CA, after a CA rollover; each issuing CA keeps publishing its CRL until what it issued has expired. Any other name: 404.',
  })
  @ApiProduces('application/pkix-crl')
  @ApiContract({ errors: [404] })
  async crlByName(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const name = /^(.+)\.crl$/.exec(file)?.[1];
    if (!name || !crlNameSchema.safeParse(name).success) {
      throw AppError.of('NOT_FOUND');
    }
    const { derBase64 } = await this.services.send(Patterns.signing.crl, { name });
    void reply.header('content-type', 'application/pkix-crl');
    return Buffer.from(derBase64, 'base64');
  }

  @Post('ocsp')
  @Public()
  @HttpCode(200)
  @Header('content-type', 'application/ocsp-response')
  @ApiOperation({
    summary: '証明書状態 (OCSP) / Certificate status (OCSP)',
    description: `Body: a DER OCSPRequest (application/ocsp-request, at most 16 KiB). ${OCSP_DESCRIPTION}`,
  })
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiProduces('application/ocsp-response')
  @ApiResponse({ status: 200, description: 'A DER OCSPResponse.' })
  @ApiContract({ errors: [413, 415] })
  async ocspPost(@Req() request: FastifyRequest) {
    return this.ocsp(Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));
  }

  @Get('ocsp/*')
  @Public()
  @Header('content-type', 'application/ocsp-response')
  @ApiOperation({
    summary: '証明書状態 (OCSP, GET) / Certificate status (OCSP, GET)',
    description: `Path after /api/signing/ocsp/: the url-encoded base64 of a DER OCSPRequest (RFC 6960 A.1). ${OCSP_DESCRIPTION}`,
  })
  @ApiProduces('application/ocsp-response')
  @ApiResponse({ status: 200, description: 'A DER OCSPResponse.' })
  @ApiContract({ errors: [] })
  async ocspGet(@Req() request: FastifyRequest) {
    return this.ocsp(ocspGetRequest(request.url));
  }

  private async ocsp(der: Buffer): Promise<Buffer> {
    const { responseBase64 } = await this.services.send(Patterns.signing.ocsp, { requestBase64: der.toString('base64') });
    return Buffer.from(responseBase64, 'base64');
  }

  @Get('ca/root-ca.pem')
  @Public()
  @Header('content-type', 'application/x-pem-file')
  @ApiOperation({
    summary: 'ルート証明書 / Root CA certificate',
    description: 'PEM: trust it in pdfsig, Acrobat or openssl to validate inkan signatures.',
  })
  @ApiContract({ errors: [] })
  async root() {
    return (await this.services.send(Patterns.signing.caCertificates, {})).rootPem;
  }

  @Get('ca/issuing-ca.pem')
  @Public()
  @Header('content-type', 'application/x-pem-file')
  @ApiOperation({ summary: '中間証明書 / Issuing CA certificate', description: 'PEM.' })
  @ApiContract({ errors: [] })
  async issuing() {
    return (await this.services.send(Patterns.signing.caCertificates, {})).issuingPem;
  }

  @Get('ca/:file')
  @Public()
  @ApiOperation({
    summary: 'CA 証明書（世代別） / CA certificate by name',
    description:
      '`root-ca`, `issuing-ca` (the first issuing CA) or `issuing-ca-g<n>` (after a CA rollover), as `.pem` (application/x-pem-file) or `.cer` (DER, application/pkix-cert: what the caIssuers URL in a certificate’s Authority Information Access names). Any other name: 404.',
  })
  @ApiProduces('application/x-pem-file', 'application/pkix-cert')
  @ApiContract({ errors: [404] })
  async caCertificate(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const [, name, extension] = /^(.+)\.(pem|cer)$/.exec(file) ?? [];
    const certificates = await this.services.send(Patterns.signing.caCertificates, {});
    const pem =
      name === 'root-ca'
        ? certificates.rootPem
        : (certificates.issuing ?? [{ name: 'issuing-ca', pem: certificates.issuingPem }]).find((issuing) => issuing.name === name)?.pem;
    if (!pem) {
      throw AppError.of('NOT_FOUND');
    }
    if (extension === 'pem') {
      void reply.header('content-type', 'application/x-pem-file');
      return pem;
    }
    void reply.header('content-type', 'application/pkix-cert');
    return new X509Certificate(pem).raw;
  }

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({
    summary: '署名検証 / Validate the signatures of a PDF',
    description:
      'Body: the PDF itself (application/pdf, at most the stored-PDF limit: BLOB_MAX_BYTES + 2 MiB; a larger Content-Length is 413 before a byte is read, and the body is read only after authentication) or `{ "sha256": "…" }` of a stored document. Per signature: signer, integrity, chain to our root, revocation at signing time, timestamp, coverage and later changes. Signatures in BER (as NSS writes them) are read like DER. The PDF is read in the signing service’s sandbox: 422 PDF_TOO_COMPLEX past its memory or time limit, 503 PDF_SANDBOX_BUSY when too many PDFs are being read (retry shortly).',
  })
  @ApiContract({ body: byHash, ok: validationReportSchema, errors: [400, 401, 404, 408, 413, 415, 422] })
  async validate(@Body() body: unknown) {
    if (Buffer.isBuffer(body)) {
      const pdf = this.uploads.fromBody(body, this.uploads.validationLimit);
      return this.uploads.staged(pdf, (upload) =>
        this.services.send(
          Patterns.signing.validateDocument,
          { upload },
          { timeoutMs: this.config.RPC_TIMEOUT_MS + documentWorkAllowanceMs(pdf.bytes.length) },
        ),
      );
    }
    return this.services.send(Patterns.signing.validateDocument, parseOrThrow(byHash, body));
  }
}
