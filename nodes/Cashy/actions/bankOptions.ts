/** Cashy's bank lists as dropdown and locator options: "name (code)", sorted by name. */
import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

export function bankOptions(banks: IDataObject[]): INodePropertyOptions[] {
	return banks
		.filter((bank) => bank.bankId !== undefined && bank.bankId !== null)
		.map((bank) => ({
			name: `${String(bank.bankName ?? bank.bankId)}${bank.bankCode ? ` (${String(bank.bankCode)})` : ''}`,
			value: Number(bank.bankId),
			description: typeof bank.bankType === 'string' ? bank.bankType : undefined,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
