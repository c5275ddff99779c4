/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console */
/**
 * Starts every local gateway sandbox on fixed loopback ports and prints URLs and test keys.
 * Stops by itself after --max-minutes (default 240) or on SIGINT/SIGTERM.
 *
 *   npx ts-node --transpile-only sandbox/cli.ts [--max-minutes 240]
 *     [--ironixpay-port 4101] [--paykka-port 4102] [--pinddpay-port 4103] [--cashy-port 4104]
 *     [--ironixpay-webhook-url URL] [--paykka-webhook-url URL] [--pinddpay-webhook-url URL] [--cashy-webhook-url URL]
 *
 * IronixPay and Pinddpay webhook URLs are dashboard settings at the real gateways, hence the flags;
 * PayKKa and Cashy take a notify URL per order, and the flag overrides it for every order.
 */
import { startCashySandbox } from './cashy/server';
import { startIronixPaySandbox } from './ironixpay/server';
import { startPayKkaSandbox } from './paykka/server';
import { startPinddpaySandbox } from './pinddpay/server';

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
	const webhookUrl = (gateway: string) => flag(`${gateway}-webhook-url`, '') || undefined;
	const none = '(none; set it with the --<gateway>-webhook-url flag)';

	const ironixPay = await startIronixPaySandbox({
		port: numberFlag('ironixpay-port', 4101),
		webhookUrl: webhookUrl('ironixpay'),
	});
	const payKka = await startPayKkaSandbox({ port: numberFlag('paykka-port', 4102), webhookUrl: webhookUrl('paykka') });
	const pinddpay = await startPinddpaySandbox({
		port: numberFlag('pinddpay-port', 4103),
		webhookUrl: webhookUrl('pinddpay'),
	});
	const cashy = await startCashySandbox({ port: numberFlag('cashy-port', 4104), notifyUrlOverride: webhookUrl('cashy') });
	const sandboxes: RunningSandbox[] = [
		{
			name: 'IronixPay',
			url: ironixPay.url,
			details: {
				'secret key': ironixPay.options.secretKey,
				'live key (403 environment_mismatch)': ironixPay.options.liveSecretKey,
				'webhook secret': ironixPay.options.webhookSecret,
				'webhook url': ironixPay.options.webhookUrl ?? none,
			},
			close: ironixPay.close,
		},
		{
			name: 'PayKKa',
			url: payKka.url,
			details: {
				'merchant id': payKka.merchantId,
				'app id': payKka.appId,
				'merchant PEM (test vector file)': '../shared/vectors/paykka_test_merchant_private_pkcs8.pem',
				'platform public key': `\n${payKka.platformPublicKeyPem.trim()}`,
				'notify url override': webhookUrl('paykka') ?? "(none: each order's notify_url)",
			},
			close: payKka.close,
		},
		{
			name: 'Pinddpay',
			url: pinddpay.url,
			details: {
				'app id': pinddpay.options.appId,
				'access key': pinddpay.options.accessKey,
				secret: pinddpay.options.secret,
				'webhook url': pinddpay.options.webhookUrl ?? none,
			},
			close: pinddpay.close,
		},
		{
			name: 'Cashy',
			url: cashy.url,
			details: {
				'merchant id': cashy.options.merchantId,
				'api key': cashy.options.apiKey,
				'notify url override': cashy.options.notifyUrlOverride ?? "(none: each order's notifyUrl)",
			},
			close: cashy.close,
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
