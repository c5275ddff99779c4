/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console */
/**
 * Starts every local gateway sandbox on fixed loopback ports and prints URLs and test keys.
 * Stops by itself after --max-minutes (default 240) or on SIGINT/SIGTERM.
 *
 *   npx ts-node --transpile-only sandbox/cli.ts [--ironixpay-port 4101] [--max-minutes 240] [--webhook-url URL]
 */
import { startIronixPaySandbox } from './ironixpay/server';

interface RunningSandbox {
	name: string;
	url: string;
	details: Record<string, string>;
	close(): Promise<void>;
}

function flag(name: string, fallback: string): string {
	const args = process.argv.slice(2);
	const index = args.indexOf(`--${name}`);
	if (index >= 0 && args[index + 1] !== undefined) return args[index + 1];
	const inline = args.find((arg) => arg.startsWith(`--${name}=`));
	return inline ? inline.slice(name.length + 3) : fallback;
}

function numberFlag(name: string, fallback: number): number {
	const value = Number(flag(name, String(fallback)));
	if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
	return value;
}

async function main(): Promise<void> {
	const maxMinutes = numberFlag('max-minutes', 240);
	const webhookUrl = flag('webhook-url', '') || undefined;

	const ironixPay = await startIronixPaySandbox({ port: numberFlag('ironixpay-port', 4101), webhookUrl });
	const sandboxes: RunningSandbox[] = [
		{
			name: 'IronixPay',
			url: ironixPay.url,
			details: {
				'secret key': ironixPay.options.secretKey,
				'live key (403 environment_mismatch)': ironixPay.options.liveSecretKey,
				'webhook secret': ironixPay.options.webhookSecret,
				'webhook url': ironixPay.options.webhookUrl ?? '(none; POST /_sandbox/webhook-endpoint {"url": ...})',
			},
			close: ironixPay.close,
		},
	];

	for (const sandbox of sandboxes) {
		console.log(`${sandbox.name} sandbox: ${sandbox.url}`);
		for (const [label, value] of Object.entries(sandbox.details)) console.log(`  ${label}: ${value}`);
	}
	console.log(`Stopping automatically in ${maxMinutes} minutes (Ctrl+C to stop now).`);

	let stopping = false;
	const stop = async (reason: string) => {
		if (stopping) return;
		stopping = true;
		clearTimeout(deadline);
		console.log(`Stopping sandboxes (${reason}).`);
		await Promise.all(sandboxes.map(async (sandbox) => await sandbox.close()));
		process.exit(0);
	};
	const deadline = setTimeout(() => void stop(`${maxMinutes} minutes elapsed`), maxMinutes * 60_000);
	process.once('SIGINT', () => void stop('SIGINT'));
	process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
