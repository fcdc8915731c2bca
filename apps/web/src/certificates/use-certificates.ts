import { useQuery } from '@tanstack/react-query';
import { api } from '../api/api-client';
import type { CertificateView } from '../api/api-types';

/** GET /api/certificates: the administrator's company's certificates, or those linked to the user. */
export function useCertificates() {
  return useQuery({
    queryKey: ['certificates'],
    queryFn: () => api<{ items: CertificateView[] }>('GET', '/api/certificates'),
  });
}
