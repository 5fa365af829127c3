/**
 * The example workflows users import (`examples/*.json`), as n8n-core runs them: this package's
 * nodes as built from the source, n8n's own nodes by their stand-ins (`base-nodes.ts`), sticky
 * notes left out (n8n never runs them).
 */
import type { IConnections, INode, INodeType, IVersionedNodeType } from 'n8n-workflow';

import { Domotz } from '../../nodes/Domotz/Domotz.node';
import { DomotzConnectWiseSync } from '../../nodes/DomotzConnectWiseSync/DomotzConnectWiseSync.node';
import { DomotzTrigger } from '../../nodes/DomotzTrigger/DomotzTrigger.node';
import { prepareExample } from '../e2e/examples';
import type { ParameterChoice } from '../e2e/contract';
import { IfStandIn } from './base-nodes';

const PACKAGE_PREFIX = 'n8n-nodes-domotz-connectwise';

export const exampleNodeTypes: Record<string, INodeType | IVersionedNodeType> = {
	[`${PACKAGE_PREFIX}.domotz`]: new Domotz(),
	[`${PACKAGE_PREFIX}.domotzConnectWiseSync`]: new DomotzConnectWiseSync(),
	[`${PACKAGE_PREFIX}.domotzTrigger`]: new DomotzTrigger(),
	'n8n-nodes-base.if': new IfStandIn(),
};

const NOT_RUN = new Set(['n8n-nodes-base.stickyNote']);

export interface ExampleWorkflow {
	nodes: INode[];
	connections: IConnections;
	node(name: string): INode;
}

/** `examples/<name>.json` with the choices a user makes after importing it (`e2e/examples.ts`). */
export function readExample(
	name: string,
	choices: readonly ParameterChoice[] = [],
): ExampleWorkflow {
	const { definition } = prepareExample(name, choices);
	const nodes = (definition.nodes as unknown as INode[]).filter((node) => !NOT_RUN.has(node.type));
	for (const node of nodes) {
		if (!exampleNodeTypes[node.type]) {
			throw new Error(`examples/${name}.json uses ${node.type}, which the harness cannot run`);
		}
	}
	return {
		nodes,
		connections: definition.connections as unknown as IConnections,
		node: (nodeName) => {
			const found = nodes.find((node) => node.name === nodeName);
			if (!found) throw new Error(`examples/${name}.json has no node ${nodeName}`);
			return found;
		},
	};
}
