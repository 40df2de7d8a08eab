/** EC2 error codes arrive as the `name` of the SDK's ServiceException. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'name' in error) {
    return String((error as { name: unknown }).name)
  }
  return undefined
}

export function hasErrorCode(error: unknown, ...codes: string[]): boolean {
  const code = errorCode(error)
  return code !== undefined && codes.includes(code)
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
