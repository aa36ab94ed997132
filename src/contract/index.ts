export * from './envelope';
export * from './ids';
export * from './proconfAppServer';
export * from './snapshot';
export * from './dashboard';
export * from './history';
export * from './digest';
export * from './alerts';
