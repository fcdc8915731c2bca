import { loadConfig } from '@app/config';
import { bodyDeadlineMs, defaultPolicy, routePolicies } from './route-policies';

const MiB = 1024 * 1024;

describe('route policies', () => {
  const config = loadConfig({});
  const policies = routePolicies(config);

  it('gives every other route a small JSON body, read after authentication', () => {
    expect(defaultPolicy(config)).toMatchObject({
      bodyLimit: MiB,
      contentTypes: ['application/json'],
      authenticateFirst: false,
      upload: false,
    });
  });

  it('gives the PDF limit only to the routes that take PDFs, each authenticated before its body is read', () => {
    expect(Object.keys(policies).sort()).toEqual([
      'POST /api/contracts',
      'POST /api/signing/ocsp',
      'POST /api/signing/tsa',
      'POST /api/signing/validate',
    ]);
    expect(policies['POST /api/contracts']).toMatchObject({
      bodyLimit: Math.ceil((50 * MiB * 4) / 3) + MiB,
      contentTypes: ['application/json', 'multipart/form-data'],
      authenticateFirst: true,
      upload: true,
    });
    expect(policies['POST /api/signing/validate']).toMatchObject({ bodyLimit: 52 * MiB, authenticateFirst: true, upload: true });
    expect(policies['POST /api/signing/tsa']).toMatchObject({ bodyLimit: 64 * 1024, contentTypes: ['application/timestamp-query'] });
    expect(policies['POST /api/signing/ocsp']).toMatchObject({ bodyLimit: 16 * 1024, contentTypes: ['application/ocsp-request'] });
  });

  it('gives a body HTTP_BODY_TIMEOUT_MS, and an upload one second more per HTTP_UPLOAD_MIN_BYTES_PER_SECOND announced (at most its limit)', () => {
    const upload = policies['POST /api/contracts'];
    expect(bodyDeadlineMs(config, defaultPolicy(config), 10 * MiB)).toBe(20_000);
    expect(bodyDeadlineMs(config, upload, 50 * MiB)).toBe(20_000 + 400_000);
    expect(bodyDeadlineMs(config, upload, 0)).toBe(20_000);
    expect(bodyDeadlineMs(config, upload, 10 * upload.bodyLimit)).toBe(bodyDeadlineMs(config, upload, upload.bodyLimit));
    expect(bodyDeadlineMs(config, upload, undefined)).toBe(bodyDeadlineMs(config, upload, upload.bodyLimit));
  });
});
