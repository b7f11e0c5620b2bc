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

export const reviewUsage = `Usage: npm run review -- [experiment...] [options]

Runs the reliability review's experiments against the lab, each on the resilient services and on a naive copy
of its target, and gates on the resilient side: exit 0 passed (warnings do not fail it), 1 a resilient hypothesis
deviated, 2 bad input (an unknown experiment or flag, a malformed file, a lab that is not up, a taken port), 130
interrupted (Ctrl-C: the method stops, the rollbacks run, the lock is released).

Options:
  [experiment...]        only these experiments (default: all in packages/review/experiments)
  --seed N               the seed of every fault schedule (printed every run; the same seed repeats the run)
  --long                 the long form of every figure that has one
  --out DIR              where journal.json, report.md, junit.xml and the SVG charts go
                         (default: <lab state dir>/review/<time>/)
  --experiments DIR      read experiment files from DIR instead
  --start-lab            start a lab of its own (stopped after); needed for process kills (nothing-lost)
  --port-offset N        move every port of the topology by N (with or without --start-lab)
  --lab-naive SERVICE    with --start-lab: that service runs naive in the lab itself (proves the gate fails)
  --no-naive             skip the naive side
  --wait-lock S          wait up to S seconds for another review's lock (default: say who holds it, exit 2)
  -h, --help             this text`;

/** Thrown for --help: the CLI prints the usage and exits 0. */
export class HelpRequested extends Error {}

/** `npm run review -- [names...] [--seed N] [--long] [--out DIR] [--start-lab [--port-offset N]] ...` */
export function parseReviewArgs(argv: string[]): ReviewArgs {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    // node:util's messages run over two sentences; the CLI says one line naming the flag.
    const flag = /'(-[^']*)'/.exec((error as Error).message)?.[1];
    const code = (error as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new Error(`unknown flag ${flag}; see --help`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new Error(`${flag ?? 'a flag'} needs a value; see --help`);
    throw new Error(`${(error as Error).message.split('\n')[0]}; see --help`);
  }
  const { values, positionals } = parsed;
  if (values.help) throw new HelpRequested(reviewUsage);
  return fromValues(values, positionals);
}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h', default: false },
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
}

function fromValues(values: ReturnType<typeof parseOptions>['values'], positionals: string[]): ReviewArgs {
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
