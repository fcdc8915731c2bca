import {
  childrenOf,
  decodeOid,
  definiteForm,
  generalizedTime,
  octetStringValue,
  oid,
  parseGeneralizedTime,
  readElement,
  sequence,
  setOf,
  Tag,
  unsignedInteger,
} from './der';

describe('DER helpers', () => {
  it('encodes and decodes object identifiers, including large arcs', () => {
    for (const dotted of ['1.2.840.113549.1.9.16.2.47', '2.16.840.1.101.3.4.2.1', '2.25.182851163290839521378342637064434963302']) {
      expect(decodeOid(readElement(oid(dotted)).content)).toBe(dotted);
    }
    expect(oid('1.2.840.113549.1.7.2').toString('hex')).toBe('06092a864886f70d010702');
  });

  it('gives each caller its own copy of an encoding it keeps', () => {
    const first = oid('1.2.840.113549.1.7.2');
    first.fill(0);
    expect(oid('1.2.840.113549.1.7.2').toString('hex')).toBe('06092a864886f70d010702');
    expect(() => oid('1.x.3')).toThrow();
  });

  it('writes non-negative minimal INTEGERs (a high first bit gets a 0x00 prefix, leading zeros go)', () => {
    expect(unsignedInteger(Buffer.from([0x80, 0x01])).toString('hex')).toBe('0203008001');
    expect(unsignedInteger(Buffer.from([0x00, 0x00, 0x7f])).toString('hex')).toBe('02017f');
    expect(unsignedInteger(3).toString('hex')).toBe('020103');
    expect(unsignedInteger(0x1234).toString('hex')).toBe('02021234');
  });

  it('writes GeneralizedTime in UTC without trailing zeros in the fraction, and reads it back', () => {
    const withMs = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 670));
    expect(generalizedTime(withMs).subarray(2).toString()).toBe('20260102030405.67Z');
    expect(
      generalizedTime(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))
        .subarray(2)
        .toString(),
    ).toBe('20260102030405Z');
    expect(parseGeneralizedTime(readElement(generalizedTime(withMs)).content)).toEqual(withMs);
  });

  it('sorts SET OF members by encoding and uses long-form lengths past 127 bytes', () => {
    const set = setOf(Buffer.from('0403bbbbbb', 'hex'), Buffer.from('0401aa', 'hex'));
    expect(set.toString('hex')).toBe('31080401aa0403bbbbbb');
    const long = sequence(Buffer.alloc(300));
    expect(long.subarray(0, 4).toString('hex')).toBe('3082012c');
    expect(childrenOf(readElement(sequence(oid('1.2.3'), long))).map((child) => child.tag)).toEqual([0x06, 0x30]);
  });

  it('refuses truncated input', () => {
    expect(() => readElement(Buffer.from('3005020101', 'hex'))).toThrow(/past the end/);
    expect(() => readElement(Buffer.from('30', 'hex'))).toThrow(/truncated/);
  });

  it('reads BER indefinite lengths (as NSS writes CMS): content up to the end-of-contents, nested, padding after it ignored', () => {
    const ber = Buffer.from('3080' + 'a080' + '020101' + '0400' + '0000' + '0500' + '0000' + '000000', 'hex');
    const outer = readElement(ber);
    expect(outer.raw.toString('hex')).toBe('3080a0800201010400000005000000');
    const [wrapped, nul] = childrenOf(outer);
    expect(nul.tag).toBe(Tag.NULL);
    expect(childrenOf(wrapped).map((child) => child.tag)).toEqual([Tag.INTEGER, Tag.OCTET_STRING]);
    // Only the outer element changes form: its members are kept as written.
    expect(definiteForm(outer, Tag.SET).toString('hex')).toBe('310ba080020101040000000500');
  });

  it('joins a constructed OCTET STRING and re-encodes indefinite elements definitely', () => {
    const segmented = readElement(Buffer.from('2480' + '0402aabb' + '2480' + '0401cc' + '0000' + '0000', 'hex'));
    expect(octetStringValue(segmented).toString('hex')).toBe('aabbcc');
    const attributes = readElement(Buffer.from('a080' + '020101' + '0000', 'hex'));
    expect(definiteForm(attributes, Tag.SET).toString('hex')).toBe('3103020101');
    expect(definiteForm(readElement(Buffer.from('a003020101', 'hex')), Tag.SET).toString('hex')).toBe('3103020101');
  });

  it('refuses BER it must not accept: no end-of-contents, a primitive indefinite element, endless nesting', () => {
    expect(() => readElement(Buffer.from('3080020101', 'hex'))).toThrow(/end-of-contents|truncated/);
    expect(() => readElement(Buffer.from('0480aa0000', 'hex'))).toThrow(/primitive/);
    expect(() => readElement(Buffer.concat([Buffer.from('3080'.repeat(100), 'hex'), Buffer.alloc(200)]))).toThrow(/nested too deeply/);
  });
});
