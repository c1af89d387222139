import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: '@silt/silt', include: ['test/**/*.test.ts'] } });
