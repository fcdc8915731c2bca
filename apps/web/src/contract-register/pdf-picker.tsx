import { DragEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatAmount } from '../ui/format';
import { PDF_LIMIT_BYTES } from './upload-contract';

/**
 * Size in MB for people: one decimal, none when whole (50, 12.3). `up` rounds
 * up, so a file just over the limit never reads as the limit itself (50.1, not 50).
 */
export function megabytes(bytes: number, rounding: 'nearest' | 'up' = 'nearest'): string {
  const tenths = (bytes / 1024 / 1024) * 10;
  return String((rounding === 'up' ? Math.ceil(tenths) : Math.round(tenths)) / 10);
}

/**
 * ■ 契約文書PDF: drop the file on the box or choose it with the button; the
 * limit is said before anything is sent. The choice is checked by the caller.
 */
export function PdfPicker({ file, error, onFile }: { file: File | null; error: string | null; onFile: (file: File | null) => void }) {
  const { t } = useTranslation('contract-register');
  const [over, setOver] = useState(false);
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    // The button's own choice would otherwise still name an earlier file.
    if (input.current) {
      input.current.value = '';
    }
    onFile(event.dataTransfer.files[0] ?? null);
  };
  return (
    <div
      className={over ? 'drop-zone drag-over' : 'drop-zone'}
      data-testid="pdf-drop-zone"
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <label htmlFor={id}>{t('pdf.label')}</label>
      <p className="muted" id={`${id}-hint`}>
        {t('pdf.hint', { limit: megabytes(PDF_LIMIT_BYTES) })}
      </p>
      <input
        id={id}
        ref={input}
        className="file-input"
        type="file"
        accept="application/pdf,.pdf"
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? true : undefined}
        onChange={(event) => onFile(event.target.files?.[0] ?? null)}
      />
      {file && <p data-testid="pdf-chosen">{t('pdf.chosen', { name: file.name, size: formatAmount(file.size) })}</p>}
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
