/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/** An n8n instance: its user folder, encryption key and loopback ports (handed out once per process). */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

/** Ports handed out in this process: the OS may offer a released port again before its user binds it. */
const handedOutPorts = new Set<number>();

/** A free port on 127.0.0.1 that this process has not handed out before (n8n, its task broker, sandboxes). */
export async function freePort(): Promise<number> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = await new Promise<number>((resolve, reject) => {
			const server = net.createServer();
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => {
				const address = server.address() as net.AddressInfo;
				server.close(() => resolve(address.port));
			});
		});
		if (!handedOutPorts.has(port)) {
			handedOutPorts.add(port);
			return port;
		}
	}
	throw new Error('no free port that was not handed out already');
}

export interface N8nInstance {
	userFolder: string;
	port: number;
	brokerPort: number;
	encryptionKey: string;
	/** Extra variables (database, queue mode). */
	extraEnv: Record<string, string>;
}

/** A user folder with its encryption key (kept in the folder, or the given one: main and workers share it). */
export async function createInstance(
	userFolder: string,
	extraEnv: Record<string, string> = {},
	port?: number,
	encryptionKey?: string,
): Promise<N8nInstance> {
	fs.mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
	const keyFile = path.join(userFolder, 'encryption-key');
	if (encryptionKey !== undefined) fs.writeFileSync(keyFile, encryptionKey);
	else if (!fs.existsSync(keyFile)) fs.writeFileSync(keyFile, randomBytes(24).toString('hex'));
	return {
		userFolder,
		port: port ?? (await freePort()),
		brokerPort: await freePort(),
		encryptionKey: fs.readFileSync(keyFile, 'utf8').trim(),
		extraEnv,
	};
}

export function baseUrl(instance: N8nInstance): string {
	return `http://127.0.0.1:${instance.port}`;
}
