/**
 * Sub-merchants (API reference: /v1/sub-merchants): create (answers 200), read, list
 * (`{items,total,page,page_size}`) and update. [ASSUMPTION] the response fields, which
 * IronixPay's docs do not list.
 */
import type { Router } from '../shared/server';
import { MERCHANT_ID, SUB_MERCHANT_CREATE_FIELDS, SUB_MERCHANT_UPDATE_FIELDS } from './constants';
import { conflict, invalid, notFound, type Reply } from './errors';
import { describe, pageParams, paginate, requireField } from './input';
import { hex, rfc3339, type Context, type RouteSpec, type Runtime } from './runtime';
import type { Org, SubMerchantRecord } from './state';
import { PARENT_ORG } from './state';

function subMerchantResponse(sub: SubMerchantRecord): Record<string, unknown> {
	return {
		id: sub.id,
		parent_org_id: MERCHANT_ID,
		sub_merchant_code: sub.code,
		display_name: sub.displayName,
		child_org_id: sub.childOrgId,
		status: sub.status,
		created_at: rfc3339(sub.createdAt),
		updated_at: rfc3339(sub.updatedAt),
	};
}

function validateDisplayName(value: unknown): string {
	if (typeof value !== 'string') throw invalid(`Invalid request body: display_name: invalid type: ${describe(value)}, expected a string`);
	const length = [...value].length;
	if (length < 1 || length > 200) throw invalid('display_name: length must be between 1 and 200', 'display_name');
	return value;
}

export function findSubMerchant(rt: Runtime, code: string): SubMerchantRecord {
	const sub = rt.state.subMerchants.get(code);
	if (!sub) throw notFound('Sub-merchant not found');
	return sub;
}

/** The org a test control acts for: the parent, or the named sub-merchant. */
export function orgOf(rt: Runtime, code: unknown): Org {
	if (code === undefined || code === null) return PARENT_ORG;
	const sub = findSubMerchant(rt, String(code));
	return { id: sub.childOrgId, subMerchantCode: sub.code };
}

/** X-Sub-Merchant-Code: an unknown or inactive code is refused (invalid_sub_merchant_code). */
export function scopedOrg(rt: Runtime, code: string | undefined): Org {
	if (code === undefined || code === '') return PARENT_ORG;
	const sub = rt.state.subMerchants.get(code);
	if (!sub || sub.status !== 'active') {
		throw invalid(`Sub-merchant code '${code}' not found or inactive`, 'X-Sub-Merchant-Code', 'invalid_sub_merchant_code');
	}
	return { id: sub.childOrgId, subMerchantCode: sub.code };
}

function createSubMerchant(rt: Runtime, ctx: Context): Reply {
	const code = requireField(ctx.body, 'sub_merchant_code');
	const displayName = validateDisplayName(requireField(ctx.body, 'display_name'));
	if (typeof code !== 'string') throw invalid(`Invalid request body: sub_merchant_code: invalid type: ${describe(code)}, expected a string`);
	const length = [...code].length;
	if (length < 1 || length > 100) throw invalid('sub_merchant_code: length must be between 1 and 100', 'sub_merchant_code');
	if (code.startsWith('_')) {
		throw invalid(`Sub-merchant code '${code}' is reserved and cannot be used`, 'sub_merchant_code', 'reserved_code');
	}
	if (rt.state.subMerchants.has(code)) throw conflict(`Sub-merchant code '${code}' already exists for parent '${MERCHANT_ID}'`);
	const now = new Date();
	const sub: SubMerchantRecord = {
		id: `sm_${hex(16)}`,
		code,
		displayName,
		childOrgId: `mer_${hex(16)}`,
		status: 'active',
		createdAt: now,
		updatedAt: now,
	};
	rt.state.subMerchants.set(code, sub);
	return { status: 200, body: subMerchantResponse(sub) };
}

function updateSubMerchant(rt: Runtime, ctx: Context): Reply {
	const sub = findSubMerchant(rt, ctx.params.code);
	const { display_name: displayName, status } = ctx.body;
	if (displayName !== undefined && displayName !== null) sub.displayName = validateDisplayName(displayName);
	if (status !== undefined && status !== null) {
		if (status !== 'active' && status !== 'suspended') {
			throw invalid(`Invalid request body: status: unknown variant \`${String(status)}\`, expected \`active\` or \`suspended\``, 'status');
		}
		sub.status = status;
	}
	sub.updatedAt = new Date();
	return { status: 200, body: subMerchantResponse(sub) };
}

function listSubMerchants(rt: Runtime, ctx: Context): Reply {
	const { page, pageSize } = pageParams(ctx.query);
	const all = [...rt.state.subMerchants.values()].reverse();
	return {
		status: 200,
		body: { items: paginate(all, page, pageSize).map(subMerchantResponse), total: all.length, page, page_size: pageSize },
	};
}

export function registerSubMerchants(api: Router<RouteSpec>, rt: Runtime): void {
	api
		.add('POST', '/v1/sub-merchants', { handler: (ctx) => createSubMerchant(rt, ctx), bodyFields: SUB_MERCHANT_CREATE_FIELDS })
		.add('GET', '/v1/sub-merchants', { handler: (ctx) => listSubMerchants(rt, ctx) })
		.add('GET', '/v1/sub-merchants/:code', {
			handler: (ctx) => ({ status: 200, body: subMerchantResponse(findSubMerchant(rt, ctx.params.code)) }),
		})
		.add('PATCH', '/v1/sub-merchants/:code', { handler: (ctx) => updateSubMerchant(rt, ctx), bodyFields: SUB_MERCHANT_UPDATE_FIELDS });
}
