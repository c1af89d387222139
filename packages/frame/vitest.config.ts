import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: '@silt/frame', include: ['test/**/*.test.ts'] } });
