/**
 * A problem found before any write: bad input, or a world in which the requested change cannot
 * be made safely. Problems are collected and reported all at once, so that one run tells the user
 * everything they have to fix.
 */
export interface Problem {
  /** The input name (`vpc-id`) or the resource ID (`rtb-0abc…`) the problem is about. */
  subject: string
  /** What is wrong, in one sentence. */
  message: string
  /** How to fix it, with a valid example where there is one. */
  fix?: string
}

export function formatProblem(problem: Problem): string {
  const fix = problem.fix ? ` ${problem.fix}` : ''
  return `${problem.subject}: ${problem.message}${fix}`
}

/** Thrown when one or more problems stop the run before anything was written. */
export class ProblemsError extends Error {
  readonly problems: Problem[]

  constructor(headline: string, problems: Problem[]) {
    const lines = problems.map(p => `  - ${formatProblem(p)}`)
    super(`${headline}\n${lines.join('\n')}`)
    this.name = 'ProblemsError'
    this.problems = problems
  }
}
