/**
 * What the user is told when a write may have been processed but no answer says so. Pinddpay
 * documents no idempotency key and no lookup by merchant reference: Query a transaction takes
 * Pinddpay's own order id (http://docs.pinddpay.com/341501367e0) and no payout query is
 * published. So such a write is never resent, and these messages say what the user can do instead.
 */

export function payoutUnknownOutcome(orderNo: string): string {
	return `Pinddpay may have made this payout: no answer came back, or a server error did. Pinddpay publishes no idempotency key and no way to look a payout up by its order number, so n8n did not resend it and cannot check it. Check payout order number "${orderNo}" in the Pinddpay dashboard, or wait for its payout webhook (resouce.orderNo), before running this item again: a re-run sends the payout again.`;
}

export function orderUnknownOutcome(orderId: string, cause = 'no answer came back, or a server error did'): string {
	return `Pinddpay may have created this order: ${cause}. It was not resent. Query Transaction needs Pinddpay's order ID, which only the lost answer (or the order.created webhook, with merchantOrderNo "${orderId}") carries; Pinddpay has no lookup by merchant order ID. Creating an order moves no money (the payer pays on Pinddpay's page), but a re-run may create a second payable order for the same merchant order ID.`;
}
