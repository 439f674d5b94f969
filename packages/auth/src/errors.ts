import { GraphQLError } from 'graphql';

export const unauthenticated = (message = 'Sign in: this request needs a bearer token') =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

export const forbidden = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
