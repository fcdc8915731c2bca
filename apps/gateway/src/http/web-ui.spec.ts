import { isUiPath } from './web-ui';

describe('isUiPath (history routing)', () => {
  it.each(['/', '/login', '/certificates', '/contracts/0000000283', '/health-status', '/archive?page=2', '/password-reset/abc'])(
    'serves the UI for the screen %s',
    (url) => {
      expect(isUiPath(url)).toBe(true);
    },
  );

  it.each([
    '/api',
    '/api/contracts',
    '/api/unknown',
    '/health',
    '/health/live',
    '/health?x=1',
    '/metrics',
    '/favicon.ico',
    '/assets/index-abc.js',
  ])('leaves %s to the server', (url) => {
    expect(isUiPath(url)).toBe(false);
  });
});
