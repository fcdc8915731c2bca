import { missingWorkerNodeOptions, SIGNING_WORKER_NODE_OPTIONS } from './worker-node-options';

describe('missingWorkerNodeOptions', () => {
  it('finds nothing missing when the process was started with the options, in any order among others', () => {
    expect(missingWorkerNodeOptions([...SIGNING_WORKER_NODE_OPTIONS])).toEqual([]);
    expect(missingWorkerNodeOptions(['--enable-source-maps', ...SIGNING_WORKER_NODE_OPTIONS, '-r', 'x'])).toEqual([]);
  });

  it('accepts another value for an option an operator chose deliberately', () => {
    expect(missingWorkerNodeOptions(['--initial-old-space-size=512'])).toEqual([]);
  });

  it('names each option the process lacks', () => {
    expect(missingWorkerNodeOptions([])).toEqual([...SIGNING_WORKER_NODE_OPTIONS]);
    expect(missingWorkerNodeOptions(['--enable-source-maps', '--initial-old-space'])).toEqual([...SIGNING_WORKER_NODE_OPTIONS]);
  });
});
