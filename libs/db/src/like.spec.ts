import { likeContaining } from './like';

describe('likeContaining', () => {
  it('matches anywhere and takes the wildcards of the search text literally', () => {
    expect(likeContaining('山田')).toBe('%山田%');
    expect(likeContaining('100%_off\\')).toBe('%100\\%\\_off\\\\%');
  });
});
