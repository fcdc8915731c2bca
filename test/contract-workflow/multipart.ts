import { randomBytes } from 'node:crypto';

/** A registration as multipart/form-data, built by hand so a test can send it over a bare socket too. */
export function registrationForm(fields: Record<string, unknown>, pdf: Buffer): { body: Buffer; contentType: string } {
  const boundary = `inkan-${randomBytes(12).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="contract"\r\ncontent-type: application/json\r\n\r\n${JSON.stringify(fields)}\r\n` +
        `--${boundary}\r\ncontent-disposition: form-data; name="pdf"; filename="contract.pdf"\r\ncontent-type: application/pdf\r\n\r\n`,
    ),
    pdf,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
