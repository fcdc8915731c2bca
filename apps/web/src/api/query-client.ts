import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-client';

/**
 * One cache for the whole UI. A refusal (4xx) is an answer, not a glitch:
 * it is shown at once, never retried; only network failures and 5xx are
 * tried once more. Nothing refetches on window focus: screens refresh on
 * their own actions.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => failures < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
        refetchOnWindowFocus: false,
        staleTime: 10_000,
      },
      mutations: { retry: false },
    },
  });
}
