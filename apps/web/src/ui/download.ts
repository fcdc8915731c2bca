/**
 * Hands `blob` to the browser as a file download named `filename`. The
 * `blob:` URL lives a minute: long enough for the browser to start writing
 * the file, then freed (a page that downloads many files keeps no memory).
 */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.rel = 'noopener';
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
