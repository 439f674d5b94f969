import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import type { DistrictInstance, DistrictRouting } from './district-instances';
import {
  instanceUnavailable,
  mergeEntities,
  mergeFanOut,
  soleAnswer,
  type InstanceAnswer,
} from './district-answers';
import { planDistrictsRequest, type Json } from './district-operation';
import type { DistrictRoutes } from './district-routes';
import {
  SubgraphSource,
  SubgraphTimeoutError,
  SubgraphUnavailableError,
  type GatewayContext,
  type SubgraphCallSettings,
} from './subgraph-source';

type Options = GraphQLDataSourceProcessOptions<GatewayContext>;

/**
 * The districts subgraph when cities run their own instances: to the gateway it is one subgraph;
 * underneath it sends each request to the instances that own the districts it names, as the
 * routes declared beside the districts schema say (district-routes.ts), and merges their answers
 * (district-operation.ts reads the request, district-answers.ts merges).
 *
 * An instance that does not answer costs only its own districts: the rest of the answer comes,
 * with an error that names the instance and its districts.
 */
export class DistrictsRouter implements GraphQLDataSource<GatewayContext> {
  private readonly sources = new Map<string, SubgraphSource>();

  constructor(
    private readonly routing: DistrictRouting,
    settings: SubgraphCallSettings,
    private readonly routes: DistrictRoutes,
  ) {
    for (const instance of routing.instances) {
      this.sources.set(
        instance.name,
        new SubgraphSource(`districts (${instance.name})`, instance.url, settings, 'districts'),
      );
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.sources.values()].map((source) => source.close()));
  }

  async process(options: Options): Promise<GatewayGraphQLResponse> {
    // Health checks and schema loading (no incoming operation) go to the central instance.
    if (!('incomingRequestContext' in options) || !options.request.query)
      return this.sourceOf(this.routing.central).process(options);
    const variables = (options.request.variables ?? {}) as Json;
    const plan = planDistrictsRequest(
      { query: options.request.query, variables },
      this.routes,
      this.routing,
    );
    switch (plan.kind) {
      case 'unread':
        return this.sourceOf(this.routing.central).process(options);
      case 'refused':
        return { errors: [plan.error] };
      case 'one':
        return soleAnswer(await this.ask(options, plan.instance));
      case 'entities': {
        const parts = await Promise.all(
          plan.parts.map(async (part) => ({
            part,
            answer: await this.ask(options, part.instance, options.request.query, {
              ...variables,
              [plan.variable]: part.indices.map((index) => plan.representations[index]),
            }),
          })),
        );
        return mergeEntities(plan.representations.length, parts);
      }
      case 'fanOut': {
        const answers = await Promise.all(
          plan.targets.map((instance) => this.ask(options, instance, plan.query)),
        );
        return mergeFanOut(plan.fields, answers);
      }
    }
  }

  private sourceOf(instance: DistrictInstance): SubgraphSource {
    return this.sources.get(instance.name)!;
  }

  private async ask(
    options: Options,
    instance: DistrictInstance,
    query?: string,
    variables?: Json,
  ): Promise<InstanceAnswer> {
    const request = {
      ...options.request,
      query: query ?? options.request.query,
      variables: variables ?? options.request.variables,
      http: options.request.http ? { ...options.request.http } : undefined,
    };
    try {
      return {
        instance,
        response: await this.sourceOf(instance).process({ ...options, request } as Options),
      };
    } catch (error) {
      if (error instanceof GraphQLError && !(error instanceof SubgraphUnavailableError)) {
        return { instance, response: { errors: [error] } };
      }
      return {
        instance,
        unavailable: instanceUnavailable(instance, error instanceof SubgraphTimeoutError),
      };
    }
  }
}
