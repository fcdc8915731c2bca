import { z } from 'zod';
import { AppError } from './errors';
import { controlCharacterIssues, parseOrThrow } from './validation';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof AppError ? error.reply : error;
  }
  throw new Error('expected a refusal');
};

describe('the one rule against control characters', () => {
  const schema = z.object({ name: z.string(), comments: z.array(z.object({ text: z.string() })), query: z.string().optional() });

  it.each(['\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085', '\u009f'])(
    'refuses %j, naming the field in English and Japanese',
    (control) => {
      const reply = refusal(() => parseOrThrow(schema, { name: `株式会社${control}鍵屋`, comments: [] }));
      expect(reply).toMatchObject({
        code: 'VALIDATION_FAILED',
        status: 400,
        details: [
          { path: 'name', message: 'must not contain control characters (such as NUL)', messageJa: '制御文字（NULなど）は使用できません' },
        ],
      });
    },
  );

  it('keeps tab, line feed and carriage return, and ordinary text of any script', () => {
    expect(parseOrThrow(schema, { name: '高橋\t花子', comments: [{ text: '一行目\r\n二行目\n' }] }).comments[0].text).toBe(
      '一行目\r\n二行目\n',
    );
  });

  it('looks into arrays, nested objects and keys, and reports alongside the schema issues', () => {
    expect(controlCharacterIssues({ comments: [{ text: 'ok' }, { text: 'a\u0000b' }], ['k\u0000']: 1 }).map((issue) => issue.path)).toEqual(
      ['comments.1.text', 'k\u0000'],
    );
    const reply = refusal(() => parseOrThrow(schema, { name: 'x\u0000', comments: 'not a list' })) as AppError['reply'];
    expect(reply.details?.map((detail) => detail.path)).toEqual(['name', 'comments']);
  });

  it('covers a bare string, as a query parameter or path segment is parsed', () => {
    expect(refusal(() => parseOrThrow(z.string(), '\u0000'))).toMatchObject({ details: [{ path: '(root)' }] });
  });

  it('lets replies the platform produced carry them when asked', () => {
    expect(parseOrThrow(z.string(), 'CN=\u0001', { allowControlCharacters: true })).toBe('CN=\u0001');
  });
});
