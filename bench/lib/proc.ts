/**
 * What the kernel knows about a process: its peak resident set (VmHWM) and its descendants, so a
 * client that runs in a child process (cycletls' Go binary) has its memory counted too.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Peak resident set of a process in MiB, or 0 when it is gone. */
export function peakRssMb(pid: number | 'self'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Every live descendant of a process (children of each of its threads, recursively). */
export function descendants(pid: number): number[] {
  const found: number[] = [];
  const visit = (parent: number): void => {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${parent}/task`);
    } catch {
      return;
    }
    for (const task of tasks) {
      let children: string;
      try {
        children = readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const child of children.split(/\s+/).filter(Boolean).map(Number)) {
        if (!found.includes(child)) {
          found.push(child);
          visit(child);
        }
      }
    }
  };
  visit(pid);
  return found;
}

/** Current resident set (VmRSS) of a process in MiB, or 0 when it is gone. */
export function currentRssMb(pid: number | 'self'): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU time the kernel has charged to this process's main thread (its task id is the process
 * id), in ms: schedstat's on-CPU nanoseconds where the kernel has them, else stat's utime +
 * stime in clock ticks (USER_HZ, 100 per second on Linux: 10 ms steps), else null.
 */
export function mainThreadCpuMs(): { ms: number | null; source: 'schedstat' | 'stat' | null } {
  const task = `/proc/self/task/${process.pid}`;
  try {
    const ns = Number(readFileSync(`${task}/schedstat`, 'utf8').split(' ')[0]);
    if (Number.isFinite(ns)) return { ms: ns / 1e6, source: 'schedstat' };
  } catch {
    // no schedstat (kernel without CONFIG_SCHED_INFO): stat's ticks
  }
  try {
    const stat = readFileSync(`${task}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3: utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    if (Number.isFinite(ticks)) return { ms: ticks * 10, source: 'stat' };
  } catch {
    // not Linux
  }
  return { ms: null, source: null };
}
