import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: '@silt/server', include: ['test/**/*.test.ts'] } });
