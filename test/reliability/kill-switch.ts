/**
 * A process that dies stops talking to both APIs at once, at one point of its request stream. The
 * kill switch is that point: wrapped around the node's HTTP ports (lib's seam to n8n), it lets the
 * first N requests of a run through and makes every later one fail before it leaves the machine,
 * so the simulators end in exactly the state a run killed after N requests leaves. The refusal is
 * a "host not found", which lib neither retries nor counts as a possible write, so the rest of the
 * doomed run ends at once.
 */
import type { HttpPort } from '../../lib/http/port';
import { TransportError } from '../support/fetch-port';

export class KillSwitch {
	private sent = 0;
	private limit = Number.POSITIVE_INFINITY;

	/** Requests that reached the simulators since the switch was last armed or disarmed. */
	get requestsSent(): number {
		return this.sent;
	}

	arm(requestsBeforeKill: number): void {
		this.sent = 0;
		this.limit = requestsBeforeKill;
	}

	disarm(): void {
		this.sent = 0;
		this.limit = Number.POSITIVE_INFINITY;
	}

	guard(port: HttpPort): HttpPort {
		return async (request) => {
			if (this.sent >= this.limit) throw new TransportError('ENOTFOUND');
			this.sent += 1;
			return await port(request);
		};
	}
}

export const killSwitch = new KillSwitch();
