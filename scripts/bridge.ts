/**
 * The `bridge` CLI entry point: `npm run bridge -- <command>`, `npm run demo`, or `npx bridge`
 * (through scripts/bin/bridge.mjs). The commands live in scripts/cli/, one file each.
 */
import { main } from './cli/main.js';
import { processIo } from './cli/io.js';

process.exitCode = await main(process.argv.slice(2), processIo());
