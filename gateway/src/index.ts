export { startGateway, createGateway, type RunningGateway } from './gateway';
export { loadGatewayConfig, gatewayEnv, type GatewayConfig } from './config';
export {
  composeApiSchema,
  composeSupergraph,
  subgraphDefinitions,
  type SubgraphDefinition,
} from './compose';
export { SUBGRAPHS } from './subgraphs';
export {
  parseDistrictRouting,
  districtRoutingFrom,
  type DistrictRouting,
  type DistrictInstance,
} from './district-instances';
