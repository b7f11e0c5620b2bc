import { parseArgs } from 'node:util';

export interface ReviewArgs {
  only: string[];
  seed?: number;
  long: boolean;
  out?: string;
  experimentsDir?: string;
  startLab: boolean;
  portOffset: number;
  naive: boolean;
  waitLockSeconds: number;
  /** With --start-lab: services that the started lab runs with RESILIENCE_MODE=naive (to prove the gate fails). */
  labNaive: string[];
}

/** `npm run review -- [names...] [--seed N] [--long] [--out DIR] [--start-lab [--port-offset N]] ...` */
export function parseReviewArgs(argv: string[]): ReviewArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      seed: { type: 'string' },
      long: { type: 'boolean', default: false },
      out: { type: 'string' },
      experiments: { type: 'string' },
      'start-lab': { type: 'boolean', default: false },
      'port-offset': { type: 'string', default: '0' },
      'no-naive': { type: 'boolean', default: false },
      'wait-lock': { type: 'string', default: '0' },
      'lab-naive': { type: 'string', multiple: true, default: [] },
    },
  });
  const int = (name: string, text: string, max: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > max)
      throw new Error(`--${name} must be an integer 0..${max}, not "${text}"`);
    return n;
  };
  return {
    only: positionals,
    seed: values.seed === undefined ? undefined : int('seed', values.seed, 2 ** 31),
    long: values.long,
    out: values.out,
    experimentsDir: values.experiments,
    startLab: values['start-lab'],
    portOffset: int('port-offset', values['port-offset'], 40_000),
    naive: !values['no-naive'],
    waitLockSeconds: int('wait-lock', values['wait-lock'], 3_600),
    labNaive: values['lab-naive'],
  };
}
