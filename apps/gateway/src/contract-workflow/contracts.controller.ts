import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { BLOB_STORE, BlobStore, documentWorkAllowanceMs, storedPdfLimit } from '@app/blob-store';
import { AppConfig } from '@app/config';
import {
  ActorContext,
  AppError,
  commentCommandSchema,
  contractIdSchema,
  contractPageSchema,
  contractViewSchema,
  listContractsSchema,
  parseOrThrow,
  Patterns,
  receiveContractSchema,
  idempotencyKeySchema,
  registerContractFieldsSchema,
  registerContractJsonSchema,
  rerouteContractSchema,
  seal,
  sealPublicKey,
  signingSecretContext,
} from '@app/contracts';
import { CONFIG, ServiceClient } from '@app/messaging';
import { Actor } from '../auth/auth.decorators';
import { asObject } from '../identity/companies.controller';
import { ValidQuery } from '../openapi/valid-query';
import { pdfDownload } from '../http/pdf-download';
import { ApiContract, openApiSchema } from '../openapi/api-docs';
import { PdfUploads } from '../uploads/pdf-uploads';
import { ReadUpload } from '../uploads/upload-reader';

const commentBody = commentCommandSchema.omit({ contractId: true });
const routeBody = rerouteContractSchema.omit({ contractId: true });
const receiveBody = receiveContractSchema.omit({ contractId: true });
export const signBody = z.object({ serialNumber: z.string().regex(/^[0-9A-F]{2,64}$/), signingPassword: z.string().min(1).max(200) });
const ERRORS = [400, 401, 403, 404, 409];

/** 契約締結: registration, the circulation on both sides, signatures, マイリスト and search. */
@ApiTags('contracts')
@Controller('api/contracts')
export class ContractsController {
  private readonly signingKey: KeyObject;

  constructor(
    private readonly services: ServiceClient,
    private readonly uploads: PdfUploads,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {
    this.signingKey = sealPublicKey(config.SIGNING_SEAL_PUBLIC_KEY);
  }

  @Post()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Any 1–128 visible ASCII characters, new for each registration. A retry with the same key by the same user (a reply lost to a cut connection or a timeout) answers the contract the first request made — never a second one; the same key with a different registration is 422 IDEMPOTENCY_KEY_REUSED. Keys are kept 7 days.',
  })
  @ApiOperation({
    summary: '契約文書の登録 / Register a contract',
    description:
      'Registrant. Send the PDF as multipart/form-data — a `contract` field with the registration as JSON and a `pdf` file part, streamed and refused (413 PDF_TOO_LARGE) at the first byte over BLOB_MAX_BYTES — or as JSON with the PDF in `pdfBase64` (that body may be 4/3 of the PDF limit plus 1 MiB). The body is read only after the caller is authenticated; a Content-Length over the limit is refused before a byte is read. ' +
      'The uploaded bytes are staged in the blob store and only their hash crosses to the services; the PDF is normalised and stored, and the contract keeps both hashes (`uploadSha256`: the bytes uploaded; `originalSha256`: the normalised PDF). The plan pair, counterparty, recipient and route are checked before anything is stored. Status 登録中 (DRAFT); submit to start the route. ' +
      'The PDF is read in the signing service’s sandbox (docs/security.md) and refused, nothing stored, when it cannot be read or lacks its catalog or page tree (400 PDF_MALFORMED, the defect named in `details`), already carries a signature (400 PDF_ALREADY_SIGNED), holds active content — JavaScript, Launch, SubmitForm or ImportData actions, embedded files, XFA (422 PDF_ACTIVE_CONTENT, naming what was found) — or exceeds the sandbox’s limits on decompressed size, nesting, memory or time (422 PDF_TOO_COMPLEX); 503 PDF_SANDBOX_BUSY asks to retry shortly. ' +
      'With templateId (テンプレート, GET /api/templates) the template’s contract name, counterparty, recipient, side, 署名有無 and route fill what the body leaves out (a field given wins; name, counterpartyCompanyId, recipientUserId, senderSide and route are required only without a template); the result is checked exactly as any registration. Another company’s template is 404.',
    requestBody: {
      required: true,
      content: {
        'application/json': { schema: openApiSchema(registerContractJsonSchema, 'input') },
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['contract', 'pdf'],
            properties: {
              contract: {
                ...openApiSchema(registerContractFieldsSchema, 'input'),
                description: 'The registration (JSON), without the PDF',
              },
              pdf: { type: 'string', format: 'binary', description: 'The PDF file' },
            },
          },
          encoding: { contract: { contentType: 'application/json' }, pdf: { contentType: 'application/pdf' } },
        },
      },
    },
  })
  @ApiContract({ ok: contractViewSchema, okStatus: 201, errors: [400, 401, 403, 404, 408, 409, 413, 415, 422] })
  async register(@Req() request: FastifyRequest, @Body() body: unknown, @Headers('idempotency-key') key: string | undefined) {
    const idempotencyKey = key === undefined ? undefined : parseOrThrow(idempotencyKeySchema, key);
    const { fields, pdf } = request.isMultipart() ? await this.uploads.fromForm(request) : this.jsonRegistration(body);
    const registration = parseOrThrow(registerContractFieldsSchema, fields);
    return this.uploads.staged(pdf, (upload) =>
      this.services.send(
        Patterns.contractWorkflow.registerContract,
        { ...registration, upload, ...(idempotencyKey ? { idempotencyKey } : {}) },
        // Twice what signing may take for the document: contract-workflow asks it within its own deadline.
        { timeoutMs: 2 * (this.config.RPC_TIMEOUT_MS + documentWorkAllowanceMs(pdf.bytes.length)) },
      ),
    );
  }

  /** The JSON form: the fields checked, then the base64 PDF decoded (refused unread when it says it is too large). */
  private jsonRegistration(body: unknown): { fields: unknown; pdf: ReadUpload } {
    const given = asObject(body).pdfBase64;
    if (typeof given === 'string') {
      // A PDF over the limit is refused by its length, before the whole body is validated.
      this.uploads.assertBase64Size(given);
    }
    const { pdfBase64, ...fields } = parseOrThrow(registerContractJsonSchema, body);
    return { fields, pdf: this.uploads.fromBase64(pdfBase64) };
  }

  @Get()
  @ApiOperation({
    summary: 'マイリスト・検索 / My list and search',
    description:
      'scope MY_LIST (default) or COMPANY; direction SENT (the caller’s company sent it: 送信済み) or RECEIVED (受信); filters, sorting and paging (from/to for "N件中 a～b件目を表示").',
  })
  @ApiContract({ ok: contractPageSchema, errors: [400, 401, 403] })
  list(@ValidQuery(listContractsSchema) query: z.output<typeof listContractsSchema>) {
    return this.services.send(Patterns.contractWorkflow.listContracts, query);
  }

  @Get(':contractId')
  @ApiOperation({ summary: '契約文書 / A contract', description: 'A party company only; any other gets 404.' })
  @ApiContract({ ok: contractViewSchema, errors: [400, 401, 403, 404] })
  get(@Param('contractId') contractId: string) {
    return this.services.send(Patterns.contractWorkflow.getContract, { contractId: parseOrThrow(contractIdSchema, contractId) });
  }

  @Get(':contractId/pdf')
  @ApiOperation({
    summary: '契約文書PDF / The PDF',
    description:
      'As it stands now: after the last signature, the signed PDF, read from the blob store (only its hash crosses the broker). X-Content-SHA256 names its hash.',
  })
  @ApiProduces('application/pdf')
  @ApiContract({ ok: z.string().meta({ format: 'binary' }), errors: [400, 401, 403, 404] })
  async pdf(@Param('contractId') contractId: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const file = await this.services.send(Patterns.contractWorkflow.getContractPdf, {
      contractId: parseOrThrow(contractIdSchema, contractId),
    });
    return pdfDownload(reply, file, this.blobs);
  }

  @Post(':contractId/submit')
  @HttpCode(200)
  @ApiOperation({ summary: '回覧開始 / Submit', description: 'Registrant: starts the sender route (approvers, then the signer).' })
  @ApiContract({ ok: contractViewSchema, errors: ERRORS })
  submit(@Param('contractId') contractId: string) {
    return this.services.send(Patterns.contractWorkflow.submitContract, { contractId: parseOrThrow(contractIdSchema, contractId) });
  }

  @Post(':contractId/approve')
  @HttpCode(200)
  @ApiOperation({ summary: '承認 / Approve', description: 'The current approver.' })
  @ApiContract({ body: commentBody, ok: contractViewSchema, errors: ERRORS })
  approve(@Param('contractId') contractId: string, @Body() body: unknown) {
    return this.services.send(
      Patterns.contractWorkflow.approveContract,
      parseOrThrow(commentCommandSchema, { ...asObject(body), contractId }),
    );
  }

  @Post(':contractId/return')
  @HttpCode(200)
  @ApiOperation({
    summary: '差戻し / Return',
    description: 'The current approver or signer: back to the registrant (sender side) or the recipient (receiver side).',
  })
  @ApiContract({ body: commentBody, ok: contractViewSchema, errors: ERRORS })
  returnContract(@Param('contractId') contractId: string, @Body() body: unknown) {
    return this.services.send(
      Patterns.contractWorkflow.returnContract,
      parseOrThrow(commentCommandSchema, { ...asObject(body), contractId }),
    );
  }

  @Post(':contractId/reroute')
  @HttpCode(200)
  @ApiOperation({ summary: '再回覧 / Re-route after 差戻し', description: 'The owner of the returned side sets its route again.' })
  @ApiContract({ body: routeBody, ok: contractViewSchema, errors: ERRORS })
  reroute(@Param('contractId') contractId: string, @Body() body: unknown) {
    return this.services.send(
      Patterns.contractWorkflow.rerouteContract,
      parseOrThrow(rerouteContractSchema, { ...asObject(body), contractId }),
    );
  }

  @Post(':contractId/receive')
  @HttpCode(200)
  @ApiOperation({
    summary: '受取確認 / Confirm receipt',
    description:
      'The recipient sets the receiver route (社内回覧先) and may link one of its company’s matters (案件; ONE_SIDE companies with the MATTER option, else 403). With 発信者のみ署名 the receipt concludes the contract.',
  })
  @ApiContract({ body: receiveBody, ok: contractViewSchema, errors: ERRORS })
  receive(@Param('contractId') contractId: string, @Body() body: unknown) {
    return this.services.send(
      Patterns.contractWorkflow.receiveContract,
      parseOrThrow(receiveContractSchema, { ...asObject(body), contractId }),
    );
  }

  @Post(':contractId/decline')
  @HttpCode(200)
  @ApiOperation({ summary: '受取拒否 / Decline', description: 'The recipient refuses the contract.' })
  @ApiContract({ body: commentBody, ok: contractViewSchema, errors: ERRORS })
  decline(@Param('contractId') contractId: string, @Body() body: unknown) {
    return this.services.send(
      Patterns.contractWorkflow.declineContract,
      parseOrThrow(commentCommandSchema, { ...asObject(body), contractId }),
    );
  }

  @Post(':contractId/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: '取消 / Withdraw', description: 'The registrant, before conclusion.' })
  @ApiContract({ body: commentBody, ok: contractViewSchema, errors: ERRORS })
  withdraw(@Param('contractId') contractId: string, @Body() body: unknown) {
    return this.services.send(
      Patterns.contractWorkflow.withdrawContract,
      parseOrThrow(commentCommandSchema, { ...asObject(body), contractId }),
    );
  }

  @Post(':contractId/signing-password')
  @HttpCode(200)
  @ApiOperation({
    summary: '署名用パスワード再発行 / New signing password',
    description:
      'The signer whose turn it is: a new one-time password by mail; the previous one is void, and its count of wrong entries carries over. At most SIGNING_PASSWORD_REISSUES_PER_HOUR (default 3) re-issues per contract side in any hour: beyond, 429 SIGNING_PASSWORD_REISSUE_LIMIT saying from when.',
  })
  @ApiContract({ ok: contractViewSchema, errors: [...ERRORS, 429] })
  reissueSigningPassword(@Param('contractId') contractId: string) {
    return this.services.send(Patterns.contractWorkflow.reissueSigningPassword, { contractId: parseOrThrow(contractIdSchema, contractId) });
  }

  @Post(':contractId/sign')
  @HttpCode(200)
  @ApiOperation({
    summary: '署名 / Sign',
    description: 'The current signer: its activated certificate and the signing password from 「署名用パスワード 発行のお知らせ」.',
  })
  @ApiContract({ body: signBody, ok: contractViewSchema, errors: [...ERRORS, 423, 503] })
  async sign(@Param('contractId') contractId: string, @Body() body: unknown, @Actor() actor: ActorContext) {
    const id = parseOrThrow(contractIdSchema, contractId);
    const input = parseOrThrow(signBody, body);
    const contract = await this.services.send(Patterns.contractWorkflow.getContract, { contractId: id });
    if (!contract.signingRequestId || !actor.userId) {
      throw AppError.of('CONFLICT');
    }
    return this.services.send(
      Patterns.contractWorkflow.signContract,
      {
        contractId: id,
        serialNumber: input.serialNumber,
        signingPassword: seal(
          this.signingKey,
          input.signingPassword,
          signingSecretContext('signing-password', `${contract.signingRequestId}:${actor.userId}`),
        ),
      },
      // contract-workflow gives signing a deadline by the document's size; this one covers the largest it may be.
      { timeoutMs: 2 * (this.config.RPC_TIMEOUT_MS + documentWorkAllowanceMs(storedPdfLimit(this.config.BLOB_MAX_BYTES))) },
    );
  }
}
