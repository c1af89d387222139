import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: '@silt/expr', include: ['test/**/*.test.ts'] } });
