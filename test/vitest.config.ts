import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@silt/e2e', include: ['**/*.test.ts'], exclude: ['**/node_modules/**', '**/*.slow.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});
