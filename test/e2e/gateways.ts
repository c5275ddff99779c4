/**
 * What the end-to-end suite needs to know per gateway, beyond its demo entry: how to check the
 * sample run in the sandbox, how to make the sandbox send a signed webhook, how to sign (or forge)
 * a delivery, and what acknowledgement the gateway expects. Each gateway's entry is the `e2e` part
 * of its descriptor (test/gateways/<gateway>.ts); the suite fails when package.json declares a
 * node that no entry covers.
 */
import { GATEWAY_DESCRIPTORS, type GatewayE2E } from '../gateways';

export type { EmittedEvent, GatewayE2E, SampleResult } from '../gateways';

export const E2E_GATEWAYS: GatewayE2E[] = GATEWAY_DESCRIPTORS.map((descriptor) => descriptor.e2e);
