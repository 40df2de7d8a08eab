/** Where the action reports progress; @actions/core in a run, a recorder in tests. */
export interface Logger {
  info(message: string): void
  warning(message: string): void
}
