/**
 * For main.ts: runs `load` (an app's loadConfig); when it throws, prints the error's message (which names the bad
 * variable) to stderr and exits 1, so a bad setting stops start-up with one readable line instead of a stack.
 */
export function loadConfigOrExit<C>(load: () => C, exit: (code: number) => never = (code) => process.exit(code)): C {
  try {
    return load();
  } catch (error) {
    console.error((error as Error).message);
    return exit(1);
  }
}
