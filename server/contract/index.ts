// The project's vocabulary, in one place: server, simulator, renderer, Electron and tests import
// it. Nothing here does I/O or imports from the rest of the server.

export * from './actions';
export * from './api';
export * from './api-families';
export * from './audit';
export * from './backups';
export * from './channels';
export * from './deny-codes';
export * from './families';
export * from './history';
export * from './media-server-errors';
export * from './notices';
export * from './settings';
export * from './stream';
export * from './stream-merge';
export * from './webhooks';
export * from './wording';
