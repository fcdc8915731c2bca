import { PadesSigner } from '@apps/signing/src/pades/pades.signer';
import { preparePdfForSigning } from '@apps/signing/src/pades/pdf-preparation';
import { createTestPki, samplePdf } from '@apps/signing/test/signing-fixtures';
import { laterChanges } from './revision-changes';

/** An incremental update as another writer would append it: new objects, an xref section and a trailer. */
function appendUpdate(pdf: Buffer, objects: string[]): Buffer {
  const body = objects.map((object) => `\n${object}\n`).join('');
  return Buffer.concat([
    pdf,
    Buffer.from(`${body}xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 99 >>\nstartxref\n${pdf.length}\n%%EOF`),
  ]);
}

describe('laterChanges', () => {
  let signed: Buffer;
  let catalog: { id: string; body: string };

  beforeAll(async () => {
    const pki = await createTestPki();
    const original = (await preparePdfForSigning(await samplePdf(1))).pdf;
    signed = await new PadesSigner(pki.identity(pki.sender), pki.timestamps).sign(original);
    const text = signed.toString('latin1');
    const matches = [...text.matchAll(/(\d+ \d+) obj\s*(<<(?:(?!endobj)[^])*?\/Type \/Catalog(?:(?!endobj)[^])*?)endobj/g)];
    const last = matches[matches.length - 1];
    catalog = { id: last[1], body: last[2].trim() };
  });

  it('is none when nothing follows the signed revision', () => {
    expect(laterChanges(signed, signed.length)).toEqual({ verdict: 'none', addedObjects: [] });
  });

  it('accepts a DSS update (catalog gains /DSS, a DSS dictionary and its streams) as validation data', () => {
    const withDss = catalog.body.replace(/>>\s*$/, '/DSS 90 0 R\n>>');
    const updated = appendUpdate(signed, [
      `${catalog.id} obj\n${withDss}\nendobj`,
      '90 0 obj\n<< /Type /DSS /Certs [ 91 0 R ] >>\nendobj',
      '91 0 obj\n<< /Length 3 >>\nstream\nabc\nendstream\nendobj',
    ]);
    const result = laterChanges(updated, signed.length);
    expect(result.verdict).toBe('signatures-and-validation-data');
    expect(result.addedObjects.map((entry) => entry.kind)).toEqual(['catalog-signature-entries', 'validation-data', 'validation-data']);
  });

  it('flags a catalog change beyond signature entries, and stray bytes, as other changes', () => {
    const withAction = catalog.body.replace(/>>\s*$/, '/OpenAction [ 3 0 R /Fit ]\n>>');
    expect(laterChanges(appendUpdate(signed, [`${catalog.id} obj\n${withAction}\nendobj`]), signed.length).verdict).toBe('other-changes');
    expect(laterChanges(Buffer.concat([signed, Buffer.from('\n% a comment added later\n')]), signed.length).verdict).toBe('other-changes');
  });
});
