import { useEffect, useState } from 'react';
import { apiPdf, asApiError } from '../shell/api-client';
import { Loaded } from '../shell/use-api';

/**
 * The contract's PDF as a `blob:` URL for the viewer and the download link,
 * fetched with the session like every API call. The URL is revoked when the
 * screen closes, so the bytes do not outlive it.
 */
export function useContractPdf(contractId: string): Loaded<string> {
  const [state, setState] = useState<Loaded<string>>({ status: 'loading' });
  useEffect(() => {
    let active = true;
    let url: string | undefined;
    setState({ status: 'loading' });
    apiPdf(`/api/contracts/${contractId}/pdf`).then(
      (blob) => {
        if (active) {
          url = URL.createObjectURL(blob);
          setState({ status: 'loaded', data: url });
        }
      },
      (error: unknown) => active && setState({ status: 'failed', error: asApiError(error) }),
    );
    return () => {
      active = false;
      if (url) {
        URL.revokeObjectURL(url);
      }
    };
  }, [contractId]);
  return state;
}
