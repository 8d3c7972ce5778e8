import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const TASKSET = '/usr/bin/taskset';

export interface ChildOptions {
  /** Pin the child to this CPU (taskset) when the machine has it. */
  cpu?: number | undefined;
  nodeArgs?: string[];
  env?: Record<string, string>;
  cwd?: string;
}

/** Runs `node [nodeArgs] script args` and parses the last stdout line as JSON. Rejects with stderr on failure. */
export function runNodeJson<T>(script: string, args: string[], options: ChildOptions = {}): Promise<T> {
  const nodeArgv = [...(options.nodeArgs ?? []), script, ...args];
  const pinned = options.cpu !== undefined && existsSync(TASKSET);
  const command = pinned ? TASKSET : process.execPath;
  const argv = pinned ? ['-c', String(options.cpu), process.execPath, ...nodeArgv] : nodeArgv;
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env }, cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || last === '') {
        reject(new Error(`${script} ${args.join(' ')} exited with ${code}: ${stderr.trim().slice(-2000)}`));
        return;
      }
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON: ${last.slice(0, 200)}`));
      }
    });
  });
}

/** Runs jobs with at most `slots` at a time; each job gets its slot number (used as the CPU to pin to). */
export async function runInSlots<T>(jobs: Array<(slot: number) => Promise<T>>, slots: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async (slot: number): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!(slot);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, slots) }, (_, slot) => worker(slot)));
  return results;
}
