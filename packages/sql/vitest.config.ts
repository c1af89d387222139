import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: '@silt/sql', include: ['test/**/*.test.ts'] } });
