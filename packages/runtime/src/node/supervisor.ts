// The CLI's parent process: it runs the program in a child process (the same Node, flags and arguments)
// and, when the runtime in that child asks for a restart (a change reached the entry module), ends the child
// as `node --watch` does (SIGTERM: the program's own handlers run and release its ports; SIGKILL after 5 s)
// and starts a new one. Everything else is the program's: its stdio, its exit code or signal, its IPC
// channel (relayed both ways), and signals sent to this process.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

/** The child writes one JSON object per line on this file descriptor to talk to the supervisor. */
export const CONTROL_FD = 3;
export const CONTROL_ENV = 'MIGHTY_PATCHER_CONTROL_FD';
/** Tells a restarted child why, and since when, for its first report line. */
export const RESTART_ENV = 'MIGHTY_PATCHER_RESTARTED';

export interface ControlMessage {
  type: 'restart';
  reason: string;
}

const KILL_AFTER_MS = 5000;

/** Runs `node <script> <args>` in a child, restarting it when it asks to, until it exits on its own. */
export function supervise(script: string, args: string[]): void {
  let child: ChildProcess;
  let restart: { reason: string; at: number } | undefined;
  let killTimer: NodeJS.Timeout | undefined;

  const start = (): void => {
    const env: NodeJS.ProcessEnv = { ...process.env, [CONTROL_ENV]: String(CONTROL_FD) };
    if (restart) env[RESTART_ENV] = JSON.stringify(restart);
    else delete env[RESTART_ENV];
    child = spawn(process.execPath, [...process.execArgv, script, ...args], {
      stdio: ['inherit', 'inherit', 'inherit', 'pipe', ...(process.send ? (['ipc'] as const) : [])],
      env,
    });
    restart = undefined;
    let pending = '';
    (child.stdio[CONTROL_FD] as Readable).on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n')) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 1);
        const message = JSON.parse(line) as ControlMessage;
        if (message.type === 'restart' && !restart) requestRestart(message.reason);
      }
    });
    child.on('message', (message) => process.send?.(message as never));
    child.on('exit', (code, signal) => {
      clearTimeout(killTimer);
      if (restart) {
        start();
        return;
      }
      // The program ended on its own: so does this process, the same way.
      process.removeAllListeners('SIGINT');
      process.removeAllListeners('SIGTERM');
      process.removeAllListeners('SIGHUP');
      if (signal) process.kill(process.pid, signal);
      else process.exit(code ?? 0);
    });
  };

  const requestRestart = (reason: string): void => {
    restart = { reason, at: Date.now() };
    child.kill('SIGTERM');
    killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    killTimer.unref();
  };

  process.on('message', (message) => child.connected && child.send(message as never));
  // A terminal's Ctrl-C reaches the whole process group, the child included: this process waits for it to end.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  start();
}
