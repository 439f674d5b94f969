import { join } from 'node:path';

/**
 * The subgraphs of the graph: their names, SDL files (the supergraph is composed from these) and
 * the variable that gives each one's URL. A new service adds one line here.
 */
export const SUBGRAPHS = [
  {
    name: 'districts',
    sdlPath: join(__dirname, '../../services/districts/src/schema.graphql'),
    urlVariable: 'SUBGRAPH_DISTRICTS_URL',
    defaultUrl: 'http://127.0.0.1:4101/graphql',
  },
  {
    name: 'governance',
    sdlPath: join(__dirname, '../../services/governance/src/schema.graphql'),
    urlVariable: 'SUBGRAPH_GOVERNANCE_URL',
    defaultUrl: 'http://127.0.0.1:4102/graphql',
  },
  {
    name: 'personnel',
    sdlPath: join(__dirname, '../../services/personnel/src/schema.graphql'),
    urlVariable: 'SUBGRAPH_PERSONNEL_URL',
    defaultUrl: 'http://127.0.0.1:4103/graphql',
  },
  {
    name: 'budget',
    sdlPath: join(__dirname, '../../services/budget/src/schema.graphql'),
    urlVariable: 'SUBGRAPH_BUDGET_URL',
    defaultUrl: 'http://127.0.0.1:4104/graphql',
  },
] as const;

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];
