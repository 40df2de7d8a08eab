/**
 * Keeps the job record (model/job-record.ts) as apply writes: every change is saved at once, so a
 * main step stopped at any point leaves the post step a record of what it had done. A create is
 * noted as in flight before it is sent: if the step stops before the answer, the post step looks
 * for what this run made by the run's tag.
 */
import type {
  CreateKind,
  GatewayEndpointRecord,
  JobRecord,
  RouteRecord
} from '../model/job-record.js'

export class JobJournal {
  readonly record: JobRecord
  private readonly save: (record: JobRecord) => void

  constructor(record: JobRecord, save: (record: JobRecord) => void) {
    this.record = record
    this.save = save
    save(record)
  }

  private done(kind: CreateKind): void {
    const index = this.record.inFlight.indexOf(kind)
    if (index >= 0) this.record.inFlight.splice(index, 1)
  }

  /** Before a create is sent. */
  creating(kind: CreateKind): void {
    this.record.inFlight.push(kind)
    this.save(this.record)
  }

  /** A create that failed with an answer: nothing was made. */
  notCreated(kind: CreateKind): void {
    this.done(kind)
    this.save(this.record)
  }

  natGateway(natGatewayId: string, created: boolean): void {
    this.done('nat-gateway')
    if (!this.record.natGateways.some(g => g.natGatewayId === natGatewayId)) {
      this.record.natGateways.push({ natGatewayId, created })
    }
    this.save(this.record)
  }

  allocated(allocationId: string): void {
    this.done('address')
    this.record.allocatedAddresses.push(allocationId)
    this.save(this.record)
  }

  /** Before a route write (written: false), and again with what the write did. */
  route(entry: RouteRecord): void {
    const { routes } = this.record
    const index = routes.findIndex(
      r => r.routeTableId === entry.routeTableId && r.destination.cidr === entry.destination.cidr
    )
    if (index >= 0) routes[index] = entry
    else routes.push(entry)
    this.save(this.record)
  }

  gatewayEndpoint(entry: GatewayEndpointRecord): void {
    if (entry.created) this.done('gateway-endpoint')
    this.record.gatewayEndpoints.push(entry)
    this.save(this.record)
  }
}
