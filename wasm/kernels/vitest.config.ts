import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: '@silt/kernels', include: ['test/**/*.test.ts'] } });
