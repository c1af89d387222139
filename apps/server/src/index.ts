export * from './app.ts';
export * from './server-args.ts';
export * from './result-formats.ts';
