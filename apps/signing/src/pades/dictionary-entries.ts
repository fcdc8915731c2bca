/**
 * The top-level entries of a PDF dictionary's text (what is between its
 * `<<` and `>>`), each value kept as the exact text it was written as: for
 * copying entries of an object the placeholder rewrites (the AcroForm's /DR,
 * /DA, /NeedAppearances …) without an object model. Input is our own
 * registered or signed output, but the reader is total: text it cannot read
 * ends the entries it returns, it never loops or throws.
 */
export function dictionaryEntries(text: string): [string, string][] {
  const entries: [string, string][] = [];
  let at = skipSpace(text, 0);
  while (at < text.length && text[at] === '/') {
    const keyEnd = nameEnd(text, at + 1);
    const key = text.slice(at + 1, keyEnd);
    const valueStart = skipSpace(text, keyEnd);
    const valueEnd = objectEnd(text, valueStart);
    if (key === '' || valueEnd <= valueStart) {
      break;
    }
    entries.push([key, text.slice(valueStart, valueEnd)]);
    at = skipSpace(text, valueEnd);
  }
  return entries;
}

const DELIMITERS = new Set(['(', ')', '<', '>', '[', ']', '{', '}', '/', '%']);
const isSpace = (char: string) => char === ' ' || char === '\n' || char === '\r' || char === '\t' || char === '\f' || char === '\0';

function skipSpace(text: string, from: number): number {
  let at = from;
  while (at < text.length) {
    if (isSpace(text[at])) {
      at += 1;
    } else if (text[at] === '%') {
      while (at < text.length && text[at] !== '\n' && text[at] !== '\r') {
        at += 1;
      }
    } else {
      break;
    }
  }
  return at;
}

function nameEnd(text: string, from: number): number {
  let at = from;
  while (at < text.length && !isSpace(text[at]) && !DELIMITERS.has(text[at])) {
    at += 1;
  }
  return at;
}

/** Where the literal string opening at `from` ends (after its closing parenthesis). */
function stringEnd(text: string, from: number): number {
  let depth = 0;
  for (let at = from; at < text.length; at += 1) {
    const char = text[at];
    if (char === '\\') {
      at += 1;
    } else if (char === '(') {
      depth += 1;
    } else if (char === ')') {
      depth -= 1;
      if (depth === 0) {
        return at + 1;
      }
    }
  }
  return text.length;
}

const REFERENCE = /^\d+\s+\d+\s+R(?![^\s()<>[\]{}/%])/;

/** Where the object starting at `from` ends: a dictionary, array, string, name, reference, number or keyword. */
function objectEnd(text: string, from: number): number {
  const char = text[from];
  if (char === undefined) {
    return from;
  }
  if (char === '(') {
    return stringEnd(text, from);
  }
  if (char === '/') {
    return nameEnd(text, from + 1);
  }
  if (text.startsWith('<<', from) || char === '[') {
    const close = char === '[' ? ']' : '>>';
    let at = skipSpace(text, from + (char === '[' ? 1 : 2));
    while (at < text.length && !text.startsWith(close, at)) {
      const end = objectEnd(text, at);
      if (end <= at) {
        return from;
      }
      at = skipSpace(text, end);
    }
    return Math.min(text.length, at + close.length);
  }
  if (char === '<') {
    const end = text.indexOf('>', from);
    return end === -1 ? text.length : end + 1;
  }
  const reference = REFERENCE.exec(text.slice(from, from + 32));
  if (reference) {
    return from + reference[0].length;
  }
  return nameEnd(text, from);
}
