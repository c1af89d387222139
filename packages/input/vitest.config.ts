import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: '@silt/input', include: ['test/**/*.test.ts'] } });
