import type { FastifyRequest } from 'fastify';
import { AppError } from '@app/contracts';
import { assertSameOrigin } from './same-origin';

const PUBLIC = 'https://inkan.example.jp';

function verdict(headers: Record<string, string>, host = 'inkan.example.jp', protocol = 'https'): string {
  try {
    assertSameOrigin({ headers, host, protocol } as unknown as FastifyRequest, PUBLIC);
    return 'allowed';
  } catch (error) {
    return error instanceof AppError ? error.reply.code : String(error);
  }
}

describe('assertSameOrigin', () => {
  it.each([
    ['no browser headers (a program)', {}, 'allowed'],
    ['Sec-Fetch-Site same-origin', { 'sec-fetch-site': 'same-origin' }, 'allowed'],
    ['Sec-Fetch-Site none (typed by the user)', { 'sec-fetch-site': 'none' }, 'allowed'],
    ['Sec-Fetch-Site same-site', { 'sec-fetch-site': 'same-site', origin: 'https://other.example.jp' }, 'CROSS_ORIGIN_REJECTED'],
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site', origin: PUBLIC }, 'CROSS_ORIGIN_REJECTED'],
    ['Origin = PUBLIC_BASE_URL', { origin: PUBLIC }, 'allowed'],
    ['Origin = the address requested', { origin: 'https://inkan.example.jp' }, 'allowed'],
    ['Origin of another site', { origin: 'https://attacker.example' }, 'CROSS_ORIGIN_REJECTED'],
    ['Origin of another port', { origin: 'https://inkan.example.jp:8443' }, 'CROSS_ORIGIN_REJECTED'],
    ['Origin over plain HTTP', { origin: 'http://inkan.example.jp' }, 'CROSS_ORIGIN_REJECTED'],
    ['an opaque Origin', { origin: 'null' }, 'CROSS_ORIGIN_REJECTED'],
  ])('%s: %s', (_what, headers, expected) => {
    expect(verdict(headers)).toBe(expected);
  });

  it('accepts the origin a request was addressed to when it differs from PUBLIC_BASE_URL (a second name of the same gateway)', () => {
    expect(verdict({ origin: 'http://127.0.0.1:3000' }, '127.0.0.1:3000', 'http')).toBe('allowed');
    expect(verdict({ origin: 'http://127.0.0.1:3001' }, '127.0.0.1:3000', 'http')).toBe('CROSS_ORIGIN_REJECTED');
  });
});
