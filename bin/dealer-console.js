#!/usr/bin/env node
// Thin launcher: the CLI itself is compiled TypeScript (npm run build).
import('../dist/backend/cli.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('dealer-console: dist/ is missing; run `npm run build` first.');
  } else {
    console.error(error);
  }
  process.exit(1);
});
