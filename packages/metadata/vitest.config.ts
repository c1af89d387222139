import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: '@silt/metadata', include: ['test/**/*.test.ts'] } });
