import { BlobStore } from '@app/blob-store';
import { AppError } from '@app/contracts';

/**
 * The size of a stored PDF, proving it is there before the gateway is told
 * to read it (the claim check for downloads: only the hash crosses the broker).
 */
export async function storedSize(blobs: BlobStore, sha256: string): Promise<number> {
  const size = (await blobs.sizesOf([sha256])).get(sha256);
  if (size === undefined) {
    throw new AppError({
      code: 'BLOB_NOT_FOUND',
      status: 404,
      message: { ja: '文書ファイルが見つかりません。', en: 'The document file was not found.' },
    });
  }
  return size;
}
