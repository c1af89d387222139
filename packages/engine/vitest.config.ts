import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: '@silt/engine', include: ['test/**/*.test.ts'] } });
