import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: '@silt/indexing', include: ['test/**/*.test.ts'] } });
