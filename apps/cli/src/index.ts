export * from './ingest-command.ts';
export * from './progress-bar.ts';
