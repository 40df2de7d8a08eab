import { REGION } from '../model/ids.js'
import type { InputReader } from './inputs.js'
import type { Problems } from './problems.js'

export function parseRegion(
  readInput: InputReader,
  env: NodeJS.ProcessEnv,
  problems: Problems
): string {
  const region = readInput('region') || env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim()
  if (!region) {
    problems.add(
      'region',
      'no AWS Region is set: the input `region` is empty and neither AWS_REGION nor AWS_DEFAULT_REGION is in the environment.',
      'Set `aws-region` on aws-actions/configure-aws-credentials, or `region: eu-west-1` on this step.'
    )
    return ''
  }
  if (!REGION.test(region)) {
    problems.add('region', `"${region}" is not an AWS Region code.`, 'Example: region: eu-west-1')
  }
  return region
}
