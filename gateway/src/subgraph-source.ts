import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';

export interface GatewayContext {
  authorization?: string;
  requestId?: string;
}

/**
 * How the gateway calls a subgraph: it forwards the caller's bearer token (every subgraph checks
 * it itself) and request id, and turns an unreachable subgraph into a clear error that names it.
 */
export class SubgraphSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraphName: string,
    url: string,
    private readonly timeoutMs: number,
  ) {
    // Node's fetch with a deadline, so that a subgraph that hangs cannot hang the gateway.
    super({
      url,
      fetcher: ((input: string, init: RequestInit) =>
        fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as never,
    });
  }

  override willSendRequest({
    request,
    context,
  }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (context?.authorization) request.http?.headers.set('authorization', context.authorization);
    if (context?.requestId) request.http?.headers.set('x-request-id', context.requestId);
  }

  override async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      if (error instanceof GraphQLError) throw subgraphAnswer(error);
      const reason =
        (error as Error)?.name === 'TimeoutError'
          ? `did not answer within ${this.timeoutMs} ms`
          : 'is not reachable';
      throw new GraphQLError(
        `The ${this.subgraphName} service ${reason}; its part of the answer is missing`,
        {
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', service: this.subgraphName },
        },
      );
    }
  }
}

/**
 * A subgraph that refuses a request with an HTTP error (401 for a bad token) still says why in its
 * body: pass its first error on instead of the bare status line.
 */
function subgraphAnswer(error: GraphQLError): GraphQLError {
  const body = (
    error.extensions?.response as {
      body?: { errors?: { message: string; extensions?: Record<string, unknown> }[] };
    }
  )?.body;
  const first = typeof body === 'object' ? body?.errors?.[0] : undefined;
  return first ? new GraphQLError(first.message, { extensions: first.extensions }) : error;
}
