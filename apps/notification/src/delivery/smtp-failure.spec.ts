import { classifySmtpFailure } from './smtp-failure';

describe('classifySmtpFailure', () => {
  it.each([
    [421, false],
    [450, false],
    [451, false],
    [452, false],
    [503, false], // bad sequence of commands: about the session, worth a new connection
    [550, true],
    [552, true],
    [553, true],
    [554, true],
  ])('treats reply %i as permanent: %s', (responseCode, permanent) => {
    const failure = classifySmtpFailure({ responseCode, response: `${responseCode} something`, code: 'EMESSAGE' });
    expect(failure).toEqual({ permanent, response: `${responseCode} something` });
  });

  it('treats failures without a reply (connection refused, timeout) as transient, saying what happened', () => {
    expect(classifySmtpFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ESOCKET' }))).toEqual({
      permanent: false,
      response: 'ESOCKET connect ECONNREFUSED 127.0.0.1:1',
    });
    expect(classifySmtpFailure(Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' })).permanent).toBe(false);
    expect(classifySmtpFailure(undefined)).toEqual({ permanent: false, response: 'unknown error' });
  });

  it('keeps at most 500 characters of a reply', () => {
    expect(classifySmtpFailure({ responseCode: 451, response: `451 ${'x'.repeat(1000)}` }).response).toHaveLength(500);
  });
});
