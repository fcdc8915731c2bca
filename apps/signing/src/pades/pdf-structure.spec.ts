import { hasSignatures, repairAppendedTrailer } from './pdf-structure';

/**
 * A file as placeholder-plain leaves it: an earlier revision, then an
 * appended section whose `startxref` points one byte before `xref` and whose
 * /Size does not count the highest object number it writes.
 */
function appendedFile(previousSize: number, appendedSize: number): { pdf: Buffer; previousLength: number; xrefAt: number } {
  const previous = `%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Size ${previousSize} >>\nstartxref\n9\n%%EOF`;
  const body = `\n12 0 obj\n<< /Type /Sig >>\nendobj\n`;
  const xrefAt = previous.length + body.length + 1;
  const appended = `${body}\nxref\n12 1\n0000000000 00000 n \ntrailer\n<< /Size ${appendedSize} /Prev 9 >>\nstartxref\n${xrefAt - 1}\n%%EOF`;
  return { pdf: Buffer.from(previous + appended, 'latin1'), previousLength: previous.length, xrefAt };
}

describe('repairAppendedTrailer', () => {
  it('points startxref at xref and counts the highest object in /Size, in the buffer given when the length stays', () => {
    const { pdf, previousLength, xrefAt } = appendedFile(11, 11);
    const expected = pdf
      .toString('latin1')
      .replace('/Size 11 /Prev', '/Size 13 /Prev')
      .replace(/startxref\n\d+\n%%EOF$/, `startxref\n${xrefAt}\n%%EOF`);
    const repaired = repairAppendedTrailer(pdf, previousLength);
    expect(repaired.toString('latin1')).toBe(expected);
    expect(repaired).toBe(pdf);
  });

  it('writes a new buffer when a number gains a digit, leaving the earlier revision as it was', () => {
    const { pdf, previousLength, xrefAt } = appendedFile(9, 9);
    const original = Buffer.from(pdf);
    const repaired = repairAppendedTrailer(pdf, previousLength);
    expect(repaired.toString('latin1')).toBe(
      original
        .toString('latin1')
        .replace('/Size 9 /Prev', '/Size 13 /Prev')
        .replace(/startxref\n\d+\n%%EOF$/, `startxref\n${xrefAt}\n%%EOF`),
    );
    expect(repaired).not.toBe(pdf);
    expect(pdf.equals(original)).toBe(true);
    expect(repaired.subarray(0, previousLength).equals(original.subarray(0, previousLength))).toBe(true);
  });

  it('leaves a file without an appended xref section as it is', () => {
    const pdf = Buffer.from('%PDF-1.7\ntrailer\n<< /Size 3 >>\nstartxref\n9\n%%EOF\n3 0 obj\n<< >>\nendobj\n', 'latin1');
    expect(repairAppendedTrailer(pdf, 46)).toBe(pdf);
  });
});

describe('hasSignatures', () => {
  it('finds a signature dictionary wherever it is, and none in a file without one', () => {
    expect(hasSignatures(Buffer.from('%PDF-1.7\n<< /ByteRange [0 1 2 3] >>\n%%EOF'))).toBe(true);
    expect(hasSignatures(Buffer.concat([Buffer.from('<< /ByteRange [0 1 2 3] >>'), Buffer.alloc(100_000, 0x20)]))).toBe(true);
    expect(hasSignatures(Buffer.from('%PDF-1.7\n<< /Type /Catalog >>\n%%EOF'))).toBe(false);
  });
});
