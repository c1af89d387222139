import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: '@silt/common', include: ['test/**/*.test.ts'] } });
