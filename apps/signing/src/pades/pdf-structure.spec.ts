import { hasSignatures } from './pdf-structure';

describe('hasSignatures', () => {
  it('finds a signature dictionary wherever it is, and none in a file without one', () => {
    expect(hasSignatures(Buffer.from('%PDF-1.7\n<< /ByteRange [0 1 2 3] >>\n%%EOF'))).toBe(true);
    expect(hasSignatures(Buffer.concat([Buffer.from('<< /ByteRange [0 1 2 3] >>'), Buffer.alloc(100_000, 0x20)]))).toBe(true);
    expect(hasSignatures(Buffer.from('%PDF-1.7\n<< /Type /Catalog >>\n%%EOF'))).toBe(false);
  });
});
