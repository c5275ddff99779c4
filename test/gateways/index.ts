/**
 * The gateways the demo and the end-to-end suites cover, one descriptor each (see descriptor.ts).
 * Adding a gateway: its descriptor file here and one line in GATEWAY_DESCRIPTORS.
 */
import { cashy } from './cashy';
import type { GatewayDescriptor } from './descriptor';
import { ironixPay } from './ironixpay';
import { payKka } from './paykka';
import { pinddpay } from './pinddpay';

export type * from './descriptor';

export const GATEWAY_DESCRIPTORS: readonly GatewayDescriptor[] = [ironixPay, payKka, pinddpay, cashy];

/** The descriptor of `key`; an unknown key is an error. */
export function descriptorOf(key: string): GatewayDescriptor {
	const found = GATEWAY_DESCRIPTORS.find((descriptor) => descriptor.demo.key === key);
	if (!found) throw new Error(`no gateway descriptor for ${key} (test/gateways/index.ts lists ${GATEWAY_DESCRIPTORS.map((descriptor) => descriptor.demo.key).join(', ')})`);
	return found;
}
