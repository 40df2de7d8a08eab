// The start-up yardstick: import the EC2 client and send one DescribeNatGateways, nothing else.
// Plain JavaScript, so that Node's type stripping does not add to its start-up.
import { DescribeNatGatewaysCommand, EC2Client } from '@aws-sdk/client-ec2'

const ec2 = new EC2Client({ region: process.env.AWS_REGION })
await ec2.send(new DescribeNatGatewaysCommand({}))
