#!/usr/bin/env node
// `npx bridge …` after `npm ci`, with no build step: register tsx's ESM loader, then run the
// TypeScript entry point.
import { register } from 'tsx/esm/api';

register();
await import('../bridge.ts');
