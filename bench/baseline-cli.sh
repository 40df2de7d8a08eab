#!/usr/bin/env bash
# The baseline: the console steps done with the AWS CLI (v1), zonal mode, one call at a time.
#   create: describe-nat-gateways, allocate-address, create-nat-gateway,
#           wait nat-gateway-available (the CLI waiter polls every 15 s), one create-route per table
#   noop:   describe-nat-gateways + describe-route-tables (what a careful script reads to check)
# Environment: ENDPOINT, VPC_ID, SUBNET_ID, ROUTE_TABLE_IDS (space-separated), AWS_DEFAULT_REGION
# and any credentials.
set -euo pipefail
mode="${1:?usage: baseline-cli.sh create|noop}"
ec2() { aws ec2 --endpoint-url "$ENDPOINT" --output text "$@"; }

nat_id=$(ec2 describe-nat-gateways \
  --filter "Name=vpc-id,Values=$VPC_ID" "Name=subnet-id,Values=$SUBNET_ID" \
  "Name=state,Values=pending,available" --query 'NatGateways[0].NatGatewayId')

if [ "$mode" = noop ]; then
  # shellcheck disable=SC2086 # one argument per table
  ec2 describe-route-tables --route-table-ids $ROUTE_TABLE_IDS \
    --query "RouteTables[].Routes[?DestinationCidrBlock=='0.0.0.0/0'].NatGatewayId" >/dev/null
  echo "$nat_id"
  exit 0
fi

if [ "$nat_id" = None ]; then
  allocation_id=$(ec2 allocate-address --domain vpc --query AllocationId)
  nat_id=$(ec2 create-nat-gateway --subnet-id "$SUBNET_ID" --allocation-id "$allocation_id" \
    --query NatGateway.NatGatewayId)
fi
aws ec2 --endpoint-url "$ENDPOINT" wait nat-gateway-available --nat-gateway-ids "$nat_id"
for table in $ROUTE_TABLE_IDS; do
  ec2 create-route --route-table-id "$table" --destination-cidr-block 0.0.0.0/0 \
    --nat-gateway-id "$nat_id" >/dev/null
done
echo "$nat_id"
