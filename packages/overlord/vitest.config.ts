import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: '@silt/overlord', include: ['test/**/*.test.ts'] } });
