import { constants, inflateSync } from 'node:zlib';
import { decodePDFRawStream, PDFArray, PDFContext, PDFDict, PDFName, PDFRawStream } from 'pdf-lib';
// pdf-lib's parser internals wrapped below (see withLoadLimits).
import ByteStream from 'pdf-lib/cjs/core/parser/ByteStream';
import PDFObjectParser from 'pdf-lib/cjs/core/parser/PDFObjectParser';

/** A document decodes more bytes than its budget allows (a decompression bomb, or a file too complex to accept). */
export class InflationBudgetExceeded extends Error {
  constructor(readonly limit: number) {
    super(`the document's streams decode to more than ${limit} bytes`);
    this.name = 'InflationBudgetExceeded';
  }
}

/** The bytes one document may decode in all, spent stream by stream. */
export class InflationBudget {
  private spentBytes = 0;

  constructor(readonly limit: number) {}

  get spent(): number {
    return this.spentBytes;
  }

  get remaining(): number {
    return Math.max(0, this.limit - this.spentBytes);
  }

  spend(bytes: number): void {
    this.spentBytes += bytes;
    if (this.spentBytes > this.limit) {
      throw new InflationBudgetExceeded(this.limit);
    }
  }
}

const FLATE = PDFName.of('FlateDecode');
const FL = PDFName.of('Fl');
const FILTER = PDFName.of('Filter');
const DECODE_PARMS = PDFName.of('DecodeParms');
/** Image codecs: what follows them is a raster, decoded by viewers to the image's declared size, not by us. */
const IMAGE_CODECS = new Set(['DCTDecode', 'JPXDecode', 'CCITTFaxDecode', 'JBIG2Decode', 'DCT', 'CCF']);
const CHUNK = 64 * 1024;

function filtersOf(dict: PDFDict): PDFName[] {
  const filter = dict.lookup(FILTER);
  if (filter instanceof PDFName) {
    return [filter];
  }
  if (filter instanceof PDFArray) {
    return filter.asArray().map((entry) => {
      const name = dict.context.lookup(entry);
      if (!(name instanceof PDFName)) {
        throw new Error('a stream filter is not a name');
      }
      return name;
    });
  }
  if (filter !== undefined) {
    throw new Error('a stream filter is neither a name nor an array');
  }
  return [];
}

/**
 * Flate through zlib, never producing more than the budget has left: zlib
 * stops as soon as its output passes maxOutputLength, so a bomb costs the
 * budget's worth of work, not its own. A truncated stream yields what it
 * holds (as viewers read it).
 */
function inflateWithin(data: Uint8Array, budget: InflationBudget): Uint8Array {
  try {
    const out = inflateSync(data, { maxOutputLength: budget.remaining + 1, finishFlush: constants.Z_SYNC_FLUSH, chunkSize: CHUNK });
    budget.spend(out.length);
    return out;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new InflationBudgetExceeded(budget.limit);
    }
    throw error;
  }
}

/** Any other filter through pdf-lib's own decoder, pulled a chunk at a time so it stops when the budget is spent. */
function decodeWithPdfLib(data: Uint8Array, filter: PDFName, params: unknown, context: PDFContext, budget: InflationBudget): Uint8Array {
  const dict = context.obj({ Filter: filter });
  if (params instanceof PDFDict) {
    dict.set(DECODE_PARMS, params);
  }
  const stream = decodePDFRawStream(PDFRawStream.of(dict, data));
  const chunks: Uint8Array[] = [];
  for (;;) {
    const chunk = stream.getBytes(CHUNK);
    if (chunk.length === 0) {
      break;
    }
    budget.spend(chunk.length);
    chunks.push(Uint8Array.from(chunk));
  }
  return Buffer.concat(chunks);
}

/**
 * A stream's decoded bytes, every filter applied in turn (pdf-lib ignores a
 * Flate predictor, and so does this: its output is no longer than its
 * input), each stage charged to the budget. Stops before an image codec.
 */
export function decodeWithinBudget(stream: PDFRawStream, budget: InflationBudget): Uint8Array {
  const filters = filtersOf(stream.dict);
  const params = stream.dict.lookup(DECODE_PARMS);
  let data: Uint8Array = stream.contents;
  for (const [index, filter] of filters.entries()) {
    if (IMAGE_CODECS.has(filter.decodeText())) {
      break;
    }
    if (filter === FLATE || filter === FL) {
      data = inflateWithin(data, budget);
    } else {
      const stageParams = params instanceof PDFArray ? stream.dict.context.lookup(params.get(index)) : params;
      data = decodeWithPdfLib(data, filter, stageParams, stream.dict.context, budget);
    }
  }
  return data;
}

/** Objects nested deeper than any real file: pdf-lib parses them recursively, so a hostile depth would overflow the stack. */
export const MAX_OBJECT_NESTING = 256;

export class NestingTooDeep extends Error {
  constructor() {
    super(`objects are nested more than ${MAX_OBJECT_NESTING} deep`);
    this.name = 'NestingTooDeep';
  }
}

interface LoadGuard {
  readonly budget: InflationBudget;
  depth: number;
  /** The first limit the load hit: pdf-lib catches errors inside an object and tries to read past it, so it is kept here. */
  failure?: InflationBudgetExceeded | NestingTooDeep;
}

let current: LoadGuard | undefined;

function guarded<T>(guard: LoadGuard, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof InflationBudgetExceeded || error instanceof NestingTooDeep) {
      guard.failure ??= error;
    }
    throw error;
  }
}

/*
 * pdf-lib inflates object streams and cross-reference streams while it
 * loads a file, with its own inflater and no limit: a 1 MB object stream
 * that inflates to gigabytes held the process for minutes. Its parser takes
 * those bytes from `ByteStream.fromPDFRawStream`, and reads every object
 * through `PDFObjectParser.parseObject` (pdf-lib 1.17.1, pinned): those two
 * are wrapped. While `withLoadLimits` runs, every stream the parser decodes
 * is inflated by zlib and charged to the document's budget, and objects may
 * nest only MAX_OBJECT_NESTING deep. Outside it, pdf-lib behaves as shipped.
 */
const fromPDFRawStream = ByteStream.fromPDFRawStream.bind(ByteStream);
ByteStream.fromPDFRawStream = (rawStream: PDFRawStream) => {
  const guard = current;
  return guard ? ByteStream.of(guarded(guard, () => decodeWithinBudget(rawStream, guard.budget))) : fromPDFRawStream(rawStream);
};
// eslint-disable-next-line @typescript-eslint/unbound-method -- called with its parser as `this` below
const parseObject = PDFObjectParser.prototype.parseObject;
PDFObjectParser.prototype.parseObject = function (this: PDFObjectParser) {
  const guard = current;
  if (!guard) {
    return parseObject.call(this);
  }
  if (guard.depth >= MAX_OBJECT_NESTING) {
    return guarded(guard, () => {
      throw new NestingTooDeep();
    });
  }
  guard.depth += 1;
  try {
    return parseObject.call(this);
  } finally {
    guard.depth -= 1;
  }
};

/**
 * Runs `work` (a pdf-lib load) under the limits: the streams the parser
 * decodes charged to `budget`, objects nested at most MAX_OBJECT_NESTING
 * deep. A limit hit anywhere fails the load with its own error, even where
 * pdf-lib caught it to skip the object. One document at a time.
 */
export async function withLoadLimits<T>(budget: InflationBudget, work: () => Promise<T>): Promise<T> {
  if (current) {
    throw new Error('one document at a time: another load is under its own limits');
  }
  const guard: LoadGuard = { budget, depth: 0 };
  current = guard;
  try {
    const result = await work();
    if (guard.failure) {
      throw guard.failure;
    }
    return result;
  } catch (error) {
    throw guard.failure ?? error;
  } finally {
    current = undefined;
  }
}
