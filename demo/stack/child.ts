/** The stack's child processes: started with their output watched, stopped by pid. */
import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';

export interface Child {
  process: ChildProcess;
  pid: number;
  /** Everything the child wrote so far (for error messages). */
  output(): string;
  /** Settles when the child has exited. */
  exited: Promise<number | null>;
  /** `signal` (SIGTERM by default), then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number, signal?: NodeJS.Signals): Promise<void>;
}

export function startChild(command: string, args: string[], options: SpawnOptions): Child {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  return {
    process: child,
    pid: child.pid ?? -1,
    output: () => text,
    exited,
    async stop(graceMs = 5000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves with the first match of `pattern` in the child's output; rejects if it exits first or after `timeoutMs`. */
export function waitForOutput(child: Child, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const match = child.output().match(pattern);
      if (match) finish(() => resolve(match));
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`timed out after ${timeoutMs} ms`))), timeoutMs);
    const finish = (settle: () => void): void => {
      clearTimeout(timer);
      child.process.stdout?.off('data', check);
      child.process.stderr?.off('data', check);
      settle();
    };
    child.process.stdout?.on('data', check);
    child.process.stderr?.on('data', check);
    void child.exited.then(() => finish(() => reject(new Error(`exited with ${child.process.exitCode ?? child.process.signalCode}`))));
    check();
  });
}
