import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { apiBlob } from '../api/api-client';

/**
 * The contract's PDF as a `blob:` URL for the viewer and the download link,
 * fetched with the session like every API call. The URL is revoked when the
 * screen closes, so the bytes do not outlive it; nothing is cached after.
 */
export function useContractPdf(contractId: string) {
  const pdf = useQuery({
    queryKey: ['contracts', 'pdf', contractId],
    queryFn: () => apiBlob(`/api/contracts/${contractId}/pdf`),
    // Fetched once per screen: a refetch would swap the URL under the viewer and the download link.
    gcTime: 0,
    staleTime: Infinity,
  });
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!pdf.data) {
      return undefined;
    }
    const made = URL.createObjectURL(pdf.data);
    setUrl(made);
    return () => {
      URL.revokeObjectURL(made);
      setUrl(undefined);
    };
  }, [pdf.data]);
  return { url, error: pdf.error, isPending: pdf.isPending };
}
