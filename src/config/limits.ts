import { PROVENANCE_TAG_KEYS, RESERVED_TAG_KEYS } from '../model/identity.js'

/**
 * How many Elastic IPs a public NAT gateway takes is an account quota (2 by default, adjustable;
 * docs/elastic-ips.md), which the action cannot read: EC2's quota error is explained when it comes.
 */
export const LIMITS = {
  /**
   * EC2 allows 50 tags per resource; the action adds up to three of its own and, at creation,
   * the provenance tags (a user tag of the same key takes a provenance tag's place).
   */
  userTags: 50 - RESERVED_TAG_KEYS.length - PROVENANCE_TAG_KEYS.length,
  tagKeyLength: 128,
  tagValueLength: 256,
  /** A job runs for six hours at most. */
  waitTimeoutSeconds: 6 * 60 * 60,
  /** DisassociateNatGatewayAddress, MaxDrainDurationSeconds: 1 to 4000. */
  maxDrainDurationSeconds: 4000,
  /**
   * CreateNatGateway SecondaryPrivateIpAddressCount and AssignPrivateNatGatewayAddress
   * PrivateIpAddressCount: 1 to 31 (EC2 API reference); 0 means none.
   */
  secondaryPrivateIps: 31
}
