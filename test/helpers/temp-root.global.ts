/**
 * vitest globalSetup: every temp folder a test run creates (mkdtemp in tests and helpers, the
 * emulators' child processes, cdktf's outdirs) lands under one run folder that is removed at the
 * end, so `npm test` leaves nothing in the system temp directory whatever a test forgets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'telemetry-bridge-tests-'));
  const previous = process.env.TMPDIR;
  // The test workers are forked after this runs and inherit it; os.tmpdir() reads it on each call.
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
