export * from './roles';
export * from './verify';
export * from './permissions';
export * from './errors';
