import { hasAcroFormRef } from './signature-placeholder';

/** placeholder-plain's own test: the reference pattern over the whole file read as text. */
const PLAIN = /\/AcroForm\s+(\d+\s\d+\sR)/;

describe('hasAcroFormRef', () => {
  const cases: [string, string][] = [
    ['a reference', '1 0 obj\n<< /Type /Catalog /AcroForm 12 0 R >>\nendobj'],
    ['a reference across lines', '<< /AcroForm\r\n\t 7\n0\rR >>'],
    ['a no-break space (latin1 0xA0) before the number', '<< /AcroForm\xa012 0 R >>'],
    ['a reference at the very end of the file', '<< /AcroForm 3 0 R'],
    ['an inline form dictionary', '<< /AcroForm << /Fields [] >> >>'],
    ['an object definition, not a reference', '/AcroForm 12 0 obj'],
    ['two spaces between the numbers', '/AcroForm 12  0 R'],
    ['a number cut off by the end of the file', '<< /AcroForm 12'],
    ['a first occurrence that is no reference and a second that is', '/AcroForm << >> % then /AcroForm 4 0 R'],
    ['a reference, then an occurrence that is none', '/AcroForm 4 0 R % then /AcroForm << >>'],
    ['a reference at the very start of the file', '/AcroForm 5 0 R'],
    ['an occurrence at the very start that is none', '/AcroForm << >>'],
    ['no form at all', '%PDF-1.7\n<< /Type /Catalog >>'],
  ];

  it.each(cases)('answers as the pattern over the whole text does: %s', (_, text) => {
    const pdf = Buffer.from(text, 'latin1');
    expect(hasAcroFormRef(pdf)).toBe(PLAIN.test(pdf.toString('latin1')));
  });

  it('finds a reference after megabytes of other bytes, and none in megabytes without one', () => {
    const filler = Buffer.alloc(3 * 1024 * 1024, '/AcroForm x ');
    expect(hasAcroFormRef(Buffer.concat([filler, Buffer.from('/AcroForm 9 0 R')]))).toBe(true);
    expect(hasAcroFormRef(filler)).toBe(false);
  });
});
