// async-exit-hook ships no types; only what db/postgres.ts uses.
declare module 'async-exit-hook' {
  export interface ExitHook {
    (hook: (done?: () => void) => void): void;
    unhookEvent(event: string): void;
    hookedEvents(): string[];
  }
  const exitHook: ExitHook;
  export default exitHook;
}
