import { useEffect, useState } from 'react';
import { api, asApiError, ApiError } from './api-client';

export type Loaded<T> = { status: 'loading' } | { status: 'loaded'; data: T } | { status: 'failed'; error: ApiError };

/** GET `path` when the screen opens (and again when `path` changes). */
export function useApiGet<T>(path: string): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  useEffect(() => {
    let active = true;
    setState({ status: 'loading' });
    api<T>('GET', path).then(
      (data) => active && setState({ status: 'loaded', data }),
      (error: unknown) => active && setState({ status: 'failed', error: asApiError(error) }),
    );
    return () => {
      active = false;
    };
  }, [path]);
  return state;
}
