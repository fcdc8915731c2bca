/** What the budget has held at most at once, since the process started. */
export interface MemoryPeak {
  bytes: number;
  documents: number;
}

/**
 * The bytes of PDFs a signing worker may hold at once. A document asks for
 * its share before its PDF is read and gives it back once its signed copy is
 * committed; while the budget is spent, the next document waits, in the order
 * they asked. One document bigger than the whole budget is let in alone, so
 * any PDF the platform accepted can still be signed.
 */
export class MemoryBudget {
  private inUse = 0;
  private holders = 0;
  private readonly waiting: { bytes: number; grant: () => void }[] = [];
  private readonly highest: MemoryPeak = { bytes: 0, documents: 0 };

  constructor(readonly limitBytes: number) {
    if (!Number.isSafeInteger(limitBytes) || limitBytes <= 0) {
      throw new Error(`a memory budget must be a positive number of bytes, not ${limitBytes}`);
    }
  }

  /** Whether a share of this size would have to wait now. */
  wouldWait(bytes: number): boolean {
    return this.waiting.length > 0 || !this.fits(bytes);
  }

  /** Resolves with the function that gives the share back (calling it again does nothing). */
  async acquire(bytes: number): Promise<() => void> {
    if (!Number.isSafeInteger(bytes) || bytes < 0) {
      throw new Error(`a memory share must be a number of bytes, not ${bytes}`);
    }
    if (this.wouldWait(bytes)) {
      await new Promise<void>((grant) => this.waiting.push({ bytes, grant }));
    } else {
      this.take(bytes);
    }
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      this.inUse -= bytes;
      this.holders -= 1;
      this.grantWaiting();
    };
  }

  get usedBytes(): number {
    return this.inUse;
  }

  get peak(): MemoryPeak {
    return { ...this.highest };
  }

  private fits(bytes: number): boolean {
    return this.holders === 0 || this.inUse + bytes <= this.limitBytes;
  }

  private take(bytes: number): void {
    this.inUse += bytes;
    this.holders += 1;
    this.highest.bytes = Math.max(this.highest.bytes, this.inUse);
    this.highest.documents = Math.max(this.highest.documents, this.holders);
  }

  /** First come, first served: a large document at the head is not overtaken by smaller ones behind it. */
  private grantWaiting(): void {
    while (this.waiting.length > 0 && this.fits(this.waiting[0].bytes)) {
      const next = this.waiting.shift()!;
      this.take(next.bytes);
      next.grant();
    }
  }
}

/**
 * A document's share: its PDF is held about four times at its peak (the bytes
 * read from PostgreSQL, which arrive as hex text; the PDF itself; the copy
 * the placeholder makes and the signed result), plus the signature's own
 * working memory.
 */
export function memoryShareOf(pdfBytes: number): number {
  return 4 * pdfBytes + 256 * 1024;
}
