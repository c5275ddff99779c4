/**
 * Guardrails on money movement: limits the user sets on an operation that moves money, checked for
 * every item in phase 1 (before anything is sent), so one refused item stops the whole batch unsent.
 *
 * - Maximum Amount per Item: against a wrong, mistyped or injected amount (a bad row, a broken
 *   expression, an AI agent's mistake).
 * - Allowed Destinations: against paying out to an address or account that a bad row, a tampered
 *   source or an AI agent (prompt injection) supplied.
 * - Allow Money Movement as a Tool: an AI agent may only move money through the node when the user
 *   opted in and capped the amount.
 */
import { NodeConnectionTypes, NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { decimalToMinor, minorToDecimal, MoneyError, parseMinorUnits } from './money';
import { inputError } from './validation';

export const GUARDRAILS_PARAMETER = 'guardrails';

const MAXIMUM_FIELD = 'Maximum Amount per Item';
const DESTINATIONS_FIELD = 'Allowed Destinations';
const TOOL_FIELD = 'Allow Money Movement as a Tool';

export interface GuardrailsPropertyOptions {
	/**
	 * Offer "Allowed Destinations" (operations that pay to a destination named by the item).
	 * `label` names what is listed ("wallet addresses"), `matching` states how entries compare.
	 */
	destinations?: { label: string; placeholder: string; matching: string };
	/** The unit the maximum is entered in, e.g. "the Amount's unit (major or minor units)". */
	amountUnit: string;
}

/** The "Guardrails" collection of one money-moving operation (wrap it with `forOperation`). */
export function guardrailsProperty(options: GuardrailsPropertyOptions): INodeProperties {
	const guardrails: INodeProperties[] = [
		{
			displayName: TOOL_FIELD,
			name: 'allowMoneyMovementAsTool',
			type: 'boolean',
			default: false,
			description: `Whether an AI agent using this node as a tool may run this operation. Off: the agent is refused, because a prompt injection or a confused agent could move money. On: "${MAXIMUM_FIELD}" must be set too.`,
		},
	];
	if (options.destinations) {
		guardrails.push({
			displayName: DESTINATIONS_FIELD,
			name: 'allowedDestinations',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			placeholder: options.destinations.placeholder,
			description: `Only these ${options.destinations.label} may receive money, separated by commas or new lines. Protects against a payout to a destination that a bad row, a tampered source or an AI agent supplied. ${options.destinations.matching}`,
		});
	}
	guardrails.push({
		displayName: MAXIMUM_FIELD,
		name: 'maximumAmountPerItem',
		type: 'string',
		default: '',
		placeholder: 'e.g. 500.00',
		description: `Refuse any item whose amount is above this, in ${options.amountUnit}, with the same decimals as the amount. Protects against a wrong, mistyped or injected amount. Required when the node runs as an AI tool.`,
	});
	return {
		displayName: 'Guardrails',
		name: GUARDRAILS_PARAMETER,
		type: 'collection',
		placeholder: 'Add Guardrail',
		default: {},
		description:
			'Limits checked for every item before anything is sent: if one item breaks a limit, the run stops and no item is sent. A guardrail that is added but left empty, or filled in by an AI agent ($fromAI), also stops the run, so it never lifts a limit.',
		options: guardrails,
	};
}

/** An item's amount as validated by the operation: integer minor units and the currency's exponent. */
export interface GuardedAmount {
	minor: bigint;
	exponent: number;
	/** The unit the user entered amounts in; the maximum is read and shown in the same unit. Default major. */
	unit?: 'major' | 'minor';
}

export interface GuardedDestination {
	/** The destination as it will be sent. */
	value: string;
	/** Whether case is irrelevant for this kind of destination (e-mail addresses, EVM hex addresses). */
	caseInsensitive: boolean;
}

/**
 * Checks item `itemIndex` against the operation's guardrails; throws a NodeOperationError naming the
 * item, the value and the limit. `amount` is undefined when the item leaves the amount to the gateway
 * (e.g. "capture everything"): with a maximum set, such an item is refused, since it cannot be checked.
 */
export function checkGuardrails(
	context: IExecuteFunctions,
	itemIndex: number,
	item: { amount: GuardedAmount | undefined; destination?: GuardedDestination },
): void {
	// A limit the agent fills in itself ($fromAI) limits nothing.
	const raw = context.getNode().parameters?.[GUARDRAILS_PARAMETER];
	if (raw && /\$fromai\s*\(/i.test(JSON.stringify(raw))) {
		throw refusal(
			context,
			itemIndex,
			`Item ${itemIndex}: Guardrails must not come from the AI agent ($fromAI)`,
			'Set the guardrails to fixed values or to expressions over your own data. Nothing was sent.',
		);
	}
	const guardrails = (context.getNodeParameter(GUARDRAILS_PARAMETER, itemIndex, {}) ?? {}) as IDataObject;
	const hasMaximum = present(guardrails, 'maximumAmountPerItem');
	const maximum = guardrails.maximumAmountPerItem;

	if (isToolExecution(context) && (guardrails.allowMoneyMovementAsTool !== true || isEmpty(maximum))) {
		throw refusal(
			context,
			itemIndex,
			`Item ${itemIndex}: As an AI tool this operation moves money: turn on "${TOOL_FIELD}" and set "${MAXIMUM_FIELD}"`,
			`An AI agent called this node as a tool. Money-moving operations run as a tool only when the node's Guardrails have "${TOOL_FIELD}" on and a "${MAXIMUM_FIELD}". Nothing was sent.`,
		);
	}

	if (hasMaximum) checkMaximum(context, itemIndex, maximum, item.amount);

	if (item.destination && present(guardrails, 'allowedDestinations')) {
		const allowed = destinationList(guardrails.allowedDestinations);
		if (allowed.length === 0) {
			throw inputError(context, itemIndex, DESTINATIONS_FIELD, 'is empty; list at least one destination or remove the guardrail');
		}
		const { value, caseInsensitive } = item.destination;
		const normalize = (text: string) => (caseInsensitive ? text.trim().toLowerCase() : text.trim());
		if (!allowed.map(normalize).includes(normalize(value))) {
			throw refusal(
				context,
				itemIndex,
				`Item ${itemIndex}: destination "${value}" is not in ${DESTINATIONS_FIELD}`,
				`The ${DESTINATIONS_FIELD} guardrail lists ${allowed.length} destination(s) and this is not one of them. Add it to the list if it is right. Nothing was sent.`,
			);
		}
	}
}

function checkMaximum(context: IExecuteFunctions, itemIndex: number, maximum: unknown, amount: GuardedAmount | undefined): void {
	if (isEmpty(maximum)) {
		throw inputError(context, itemIndex, MAXIMUM_FIELD, 'is empty; enter a maximum or remove the guardrail');
	}
	if (amount === undefined) {
		throw inputError(
			context,
			itemIndex,
			'Amount',
			`is required when "${MAXIMUM_FIELD}" is set: without it the gateway decides the amount, which cannot be checked before sending`,
		);
	}
	const unit = amount.unit ?? 'major';
	let limit: bigint;
	try {
		limit = unit === 'minor' ? parseMinorUnits(maximum) : decimalToMinor(maximum, amount.exponent);
	} catch (error) {
		// The money helpers only throw MoneyError, whose message says what is allowed.
		throw inputError(context, itemIndex, MAXIMUM_FIELD, (error as MoneyError).message);
	}
	if (amount.minor > limit) {
		const show = (minor: bigint) => (unit === 'minor' ? minor.toString() : minorToDecimal(minor, amount.exponent));
		throw refusal(
			context,
			itemIndex,
			`Item ${itemIndex}: amount ${show(amount.minor)} exceeds ${MAXIMUM_FIELD} ${show(limit)}`,
			`The ${MAXIMUM_FIELD} guardrail refuses larger amounts. Fix the amount, or raise the limit if it is right. Nothing was sent.`,
		);
	}
}

/**
 * Whether n8n runs the node as an AI agent's tool. `isToolExecution()` is true when the agent calls
 * the tool in-process (n8n-core `SupplyDataContext`), but n8n 2.x's Tools Agent V3 asks the engine to
 * run the tool node instead (`EngineRequest`), and there `isToolExecution()` is false: that path marks
 * the node with `rewireOutputLogTo: ai_tool`. Either way the node type is n8n's tool wrapper, whose
 * name is the node's name + "Tool" (n8n `convertNodeToAiTool`,
 * https://github.com/n8n-io/n8n/blob/master/packages/cli/src/tool-generation/ai-tools.ts). Older n8n
 * has no `isToolExecution`.
 */
export function isToolExecution(context: IExecuteFunctions): boolean {
	if (typeof context.isToolExecution === 'function' && context.isToolExecution()) return true;
	const node = context.getNode();
	return node.rewireOutputLogTo === NodeConnectionTypes.AiTool || /Tool$/.test(node.type);
}

/** Entries of Allowed Destinations: a comma/newline-separated text, or a list from an expression. */
function destinationList(value: unknown): string[] {
	const entries = Array.isArray(value) ? value.map((entry) => String(entry)) : String(value ?? '').split(/[,\r\n]+/);
	return entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

/** Added to the collection: the key exists (n8n drops options the user removed). */
function present(collection: IDataObject, name: string): boolean {
	return Object.prototype.hasOwnProperty.call(collection, name);
}

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function refusal(context: IExecuteFunctions, itemIndex: number, message: string, description: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, { itemIndex, description });
}
