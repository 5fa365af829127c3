/* eslint-disable no-console -- test-only: records what n8n prints during a run, to look for credentials in it */
/**
 * The secrets check of the harness: which values of a run's credentials are secret (password
 * fields, the headers and the Basic token n8n sends with them), and where a run could show them
 * (every output item of every node and the files it carries, every error message and description,
 * every log line and console line written while it ran), as sent, URL-encoded or in Base64. The
 * harness checks every run with it, so the whole node suite, failures included, is held to "no
 * credential in any output, file, error or log".
 */
import {
	LoggerProxy,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type INodeExecutionData,
	type IRun,
	type Logger,
} from 'n8n-workflow';

export interface Secret {
	/** What the value is, e.g. `connectWisePsaApi.privateKey`; never the value itself. */
	label: string;
	value: string;
}

export interface TextSource {
	where: string;
	text: string;
}

export interface SecretLeak {
	secret: string;
	where: string;
}

/** Header values n8n adds that are not secret. */
const publicHeaders = new Set(['accept', 'content-type']);
/** Shorter values would be found by chance in ordinary text. */
const SHORTEST_SECRET = 6;

/**
 * The secret values of each credential: its password fields, the values of the headers its
 * authentication adds, and the Basic token made of its `auth` pair.
 */
export async function credentialSecrets(
	credentials: Record<string, ICredentialDataDecryptedObject>,
	types: Record<string, ICredentialType>,
	resolve: (expression: unknown, data: ICredentialDataDecryptedObject) => string,
): Promise<Secret[]> {
	const secrets: Secret[] = [];
	for (const [typeName, data] of Object.entries(credentials)) {
		const type = types[typeName];
		for (const property of type?.properties ?? []) {
			if (property.typeOptions?.password && typeof data[property.name] === 'string') {
				secrets.push({
					label: `${typeName}.${property.name}`,
					value: data[property.name] as string,
				});
			}
		}
		if (!type?.authenticate) continue;
		const { headers, auth } = await authenticationAdded(type.authenticate, data, resolve);
		for (const [header, value] of Object.entries(headers)) {
			if (publicHeaders.has(header.toLowerCase())) continue;
			secrets.push({ label: `${typeName} ${header} header`, value });
		}
		if (auth) {
			secrets.push({
				label: `${typeName} Authorization header`,
				value: Buffer.from(`${auth.username}:${auth.password}`).toString('base64'),
			});
		}
	}
	// The Domotz key is both a password field and the X-Api-Key header: one entry per value.
	const byValue = new Map(secrets.reverse().map((secret) => [secret.value, secret]));
	return [...byValue.values()].reverse().filter((secret) => secret.value.length >= SHORTEST_SECRET);
}

/** The headers and the Basic pair a credential's authentication adds to a request. */
async function authenticationAdded(
	authenticate: NonNullable<ICredentialType['authenticate']>,
	data: ICredentialDataDecryptedObject,
	resolve: (expression: unknown, data: ICredentialDataDecryptedObject) => string,
): Promise<{ headers: Record<string, string>; auth?: { username: string; password: string } }> {
	if (typeof authenticate === 'function') {
		const sent = await authenticate(data, { url: 'http://127.0.0.1/', headers: {} });
		const headers = Object.fromEntries(
			Object.entries(sent.headers ?? {}).map(([header, value]) => [header, String(value)]),
		);
		const auth = sent.auth
			? { username: String(sent.auth.username), password: String(sent.auth.password) }
			: undefined;
		return { headers, auth };
	}
	const { headers = {}, auth } = authenticate.properties as {
		headers?: Record<string, unknown>;
		auth?: { username?: unknown; password?: unknown };
	};
	return {
		headers: Object.fromEntries(
			Object.entries(headers).map(([header, expression]) => [header, resolve(expression, data)]),
		),
		auth: auth && {
			username: resolve(auth.username, data),
			password: resolve(auth.password, data),
		},
	};
}

/** JSON of anything, errors with their own fields, cycles cut. */
export function textOf(value: unknown): string {
	const seen = new WeakSet<object>();
	return (
		JSON.stringify(value, (_key, entry: unknown) => {
			if (entry instanceof Error) {
				return {
					...entry,
					name: entry.name,
					message: entry.message,
					description: (entry as { description?: unknown }).description,
				};
			}
			if (typeof entry === 'object' && entry !== null) {
				if (seen.has(entry)) return '[cycle]';
				seen.add(entry);
			}
			return typeof entry === 'bigint' ? String(entry) : entry;
		}) ?? String(value)
	);
}

/** Every output item and error of a run, each with where it was. */
export function runSources(run: IRun): TextSource[] {
	const sources: TextSource[] = [];
	for (const [nodeName, tasks] of Object.entries(run.data.resultData.runData)) {
		tasks.forEach((task, taskIndex) => {
			(task.data?.main ?? []).forEach((items, outputIndex) => {
				(items ?? []).forEach((item, itemIndex) => {
					const where = `item ${itemIndex} of output ${outputIndex} of "${nodeName}" (run ${taskIndex})`;
					sources.push({ where, text: textOf(item.json) });
					sources.push(...binarySources(item, where));
				});
			});
			if (task.error) sources.push({ where: `error of "${nodeName}"`, text: textOf(task.error) });
		});
	}
	const { error } = run.data.resultData;
	if (error) sources.push({ where: 'error of the execution', text: textOf(error) });
	return sources;
}

/**
 * The files an item carries (an API transcript), as text. Only those held in the item: the harness
 * runs without a binary data store, so n8n keeps every file there.
 */
function binarySources(item: INodeExecutionData, where: string): TextSource[] {
	return Object.entries(item.binary ?? {}).map(([property, file]) => ({
		where: `file ${property} of ${where}`,
		text: Buffer.from(file.data, 'base64').toString('utf8'),
	}));
}

/** A credential as sent, and in the forms a URL or a Basic header would carry it. */
function echoedForms(value: string): string[] {
	return [...new Set([value, encodeURIComponent(value), Buffer.from(value).toString('base64')])];
}

export function findLeaks(
	secrets: readonly Secret[],
	sources: readonly TextSource[],
): SecretLeak[] {
	return sources.flatMap((source) =>
		secrets
			.filter((secret) => echoedForms(secret.value).some((form) => source.text.includes(form)))
			.map((secret) => ({ secret: secret.label, where: source.where })),
	);
}

export class SecretLeakError extends Error {
	constructor(readonly leaks: SecretLeak[]) {
		super(`Secret leak: ${leaks.map((leak) => `${leak.secret} in ${leak.where}`).join('; ')}`);
		this.name = 'SecretLeakError';
	}
}

/** Log and console lines of this test file, from the first `captureLogs()` on. */
const logLines: string[] = [];
let capturing = false;

/**
 * Records n8n's log lines and the console from now on; both still go where they went. n8n-core
 * replaces the log proxy's logger with its own during a run, so every logger it is given is
 * wrapped too.
 */
export function captureLogs(): void {
	if (capturing) return;
	capturing = true;
	const record = (level: string, message: string, metadata?: unknown): void => {
		logLines.push(`${level} ${message} ${metadata === undefined ? '' : textOf(metadata)}`);
	};
	const recording = (logger?: Logger): Logger => {
		const level =
			(name: keyof Logger) =>
			(message: string, metadata?: Parameters<Logger['warn']>[1]): void => {
				record(name, message, metadata);
				logger?.[name](message, metadata);
			};
		return {
			error: level('error'),
			warn: level('warn'),
			info: level('info'),
			debug: level('debug'),
		};
	};
	const init = LoggerProxy.init;
	init(recording());
	Object.assign(LoggerProxy, { init: (logger: Logger) => init(recording(logger)) });
	for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
		const original = console[method].bind(console);
		console[method] = (...values: unknown[]) => {
			logLines.push(`console.${method} ${values.map(textOf).join(' ')}`);
			original(...values);
		};
	}
}

/** Where the log stands now, to read what a run writes from there. */
export function logMark(): number {
	return logLines.length;
}

export function logSourcesSince(mark: number): TextSource[] {
	return logLines.slice(mark).map((text, index) => ({ where: `log line ${mark + index}`, text }));
}
