import { loadConfig } from './load-config';

describe('PDF sandbox configuration', () => {
  it('has defaults a 2-core machine can run: two workers, eight waiting, 8 s and 512 MiB per document, 128 MiB inflated', () => {
    const config = loadConfig({});
    expect(config.PDF_SANDBOX_WORKERS).toBe(2);
    expect(config.PDF_SANDBOX_QUEUE).toBe(8);
    // Below RPC_TIMEOUT_MS, so a caller gets PDF_TOO_COMPLEX rather than a timeout.
    expect(config.PDF_SANDBOX_TIMEOUT_MS).toBeLessThan(config.RPC_TIMEOUT_MS);
    expect(config.PDF_SANDBOX_MEMORY_MB).toBe(512);
    expect(config.PDF_MAX_INFLATED_BYTES).toBe(128 * 1024 * 1024);
  });

  it('refuses values that would disable the limits, naming the variable', () => {
    expect(() => loadConfig({ PDF_SANDBOX_WORKERS: '0' })).toThrow('PDF_SANDBOX_WORKERS');
    expect(() => loadConfig({ PDF_SANDBOX_WORKERS: '17' })).toThrow('PDF_SANDBOX_WORKERS: must be at most 16');
    expect(() => loadConfig({ PDF_SANDBOX_MEMORY_MB: '16' })).toThrow('PDF_SANDBOX_MEMORY_MB: must be at least 64');
    expect(() => loadConfig({ PDF_SANDBOX_TIMEOUT_MS: '10' })).toThrow('PDF_SANDBOX_TIMEOUT_MS: must be at least 100');
    expect(() => loadConfig({ PDF_MAX_INFLATED_BYTES: '1000' })).toThrow('PDF_MAX_INFLATED_BYTES: must be at least 1048576');
    expect(loadConfig({ PDF_SANDBOX_QUEUE: '0' }).PDF_SANDBOX_QUEUE).toBe(0);
  });
});
