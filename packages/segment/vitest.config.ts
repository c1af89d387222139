import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: '@silt/segment', include: ['test/**/*.test.ts'] } });
