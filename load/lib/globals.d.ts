// k6's runtime has a console (its lines go to k6's log); @types/k6 does not declare it.
declare const console: {
  log(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
};
