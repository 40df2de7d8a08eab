/** The EC2 calls the action can make, read from its source: what the IAM policies must grant. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const SRC = fileURLToPath(new URL('../src', import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : []
  )
}

/** `ec2:<Operation>` for every command (and paginator) imported from the EC2 client in src/. */
export function operationsInCode(): Set<string> {
  const operations = new Set<string>()
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-ec2'/g)) {
      for (const raw of (match[1] ?? '').split(',')) {
        const name = raw.trim()
        if (name === '' || name.startsWith('type ')) continue
        const command = /^([A-Z]\w+)Command$/.exec(name)
        const paginator = /^paginate(\w+)$/.exec(name)
        const operation = command?.[1] ?? paginator?.[1]
        if (operation) operations.add(`ec2:${operation}`)
      }
    }
  }
  return operations
}
