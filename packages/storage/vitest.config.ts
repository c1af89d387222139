import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: '@silt/storage', include: ['test/**/*.test.ts'] } });
