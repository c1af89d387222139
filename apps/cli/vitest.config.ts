import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: '@silt/cli', include: ['test/**/*.test.ts'] } });
