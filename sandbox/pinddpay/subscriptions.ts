/**
 * Card subscriptions: created by Create a transaction's `subscription` section, captured by test
 * control, cancelled by Cancel subscription (page not public; path and body [ASSUMPTION]).
 */
import { stringField, type Body } from './fields';
import { badRequest, isoSeconds, type PinddpayState, type SubscriptionRecord } from './state';
import { emit, subscriptionEventPayload } from './webhooks';

export function subscriptionResponse(subscription: SubscriptionRecord): Record<string, unknown> {
	return {
		contractId: subscription.contractId,
		planId: subscription.planId,
		status: subscription.status,
		capturedCycles: subscription.capturedCycles,
		billingCycle: subscription.billingCycle,
		cancelledAt: subscription.cancelledAt ? isoSeconds(subscription.cancelledAt) : null,
	};
}

/** [ASSUMPTION] POST /api/subscription/cancel `{contractId, planId?}`; cancelling twice returns the cancelled subscription. */
export function cancelSubscription(state: PinddpayState, body: Body): unknown {
	const contractId = stringField(body, 'contractId', 'contractId', true)!;
	const subscription = state.subscriptions.get(contractId);
	if (!subscription) throw badRequest(`Subscription ${contractId} not found`);
	const planId = stringField(body, 'planId', 'planId', false);
	if (planId !== undefined && planId !== subscription.planId) throw badRequest(`planId ${planId} does not match the subscription`);
	if (subscription.status !== 'cancelled') {
		subscription.status = 'cancelled';
		subscription.cancelledAt = new Date();
		emit(state, 'subscription.cancelled', subscriptionEventPayload(subscription, null), state.orders.get(subscription.orderId)?.notifyUrl);
	}
	return subscriptionResponse(subscription);
}
