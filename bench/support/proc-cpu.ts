/**
 * CPU time of this process and everything it started (Chromium's processes), per process type and thread, read
 * from /proc (Linux only): what competes for the cores while an upload runs. Clock ticks are 10 ms.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10;

/** CPU ms by "process type/thread name", e.g. "renderer/DedicatedWorker", "node/main". */
export type CpuSample = Map<string, number>;

function statOf(path: string): { comm: string; ppid: number; ticks: number } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  // comm may hold spaces and parentheses: it ends at the last ')'.
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).split(' ');
  // After comm: state(0) ppid(1) … utime(11) stime(12).
  return { comm, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

function typeOf(pid: number): string {
  if (pid === process.pid) return 'node';
  try {
    // Chromium rewrites its children's argv as one space-separated string.
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    const type = cmdline.find((a) => a.startsWith('--type='))?.slice(7);
    const sub = cmdline.find((a) => a.startsWith('--utility-sub-type='))?.slice(19);
    if (sub?.startsWith('network')) return 'network';
    if (sub?.startsWith('storage')) return 'storage';
    return type ?? (cmdline[0]?.includes('chrom') ? 'browser' : 'other');
  } catch {
    return 'gone';
  }
}

/** Pids of this process and its descendants. */
function ourPids(): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const stat = statOf(`/proc/${pid}/stat`);
    if (stat) parent.set(pid, stat.ppid);
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parent)
      if (!ours.has(pid) && ours.has(ppid)) {
        ours.add(pid);
        grew = true;
      }
  }
  return [...ours];
}

/** Thread names that vary by number ("ThreadPoolForeg", "Chrome_ChildIOT") are kept as the kernel gives them. */
export function sampleCpu(): CpuSample {
  const sample: CpuSample = new Map();
  if (!existsSync('/proc/self/stat')) return sample; // not Linux: no figures, nothing fails
  for (const pid of ourPids()) {
    const type = typeOf(pid);
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      const stat = statOf(`/proc/${pid}/task/${tid}/stat`);
      if (!stat) continue;
      const key = `${type}/${Number(tid) === pid ? 'main' : stat.comm}`;
      sample.set(key, (sample.get(key) ?? 0) + stat.ticks * TICK_MS);
    }
  }
  return sample;
}

/** CPU ms spent between two samples, per key (keys of threads that ended in between are lost: a lower bound). */
export function cpuBetween(before: CpuSample, after: CpuSample): CpuSample {
  const spent: CpuSample = new Map();
  for (const [key, ms] of after) {
    const d = ms - (before.get(key) ?? 0);
    if (d > 0) spent.set(key, d);
  }
  return spent;
}

/** All CPU of a sample, in ms. */
export const cpuTotal = (cpu: CpuSample): number => [...cpu.values()].reduce((a, b) => a + b, 0);

/** CPU ms of the hashing worker (Chromium names a dedicated worker's thread "DedicatedWorker thread"). */
export const workerCpu = (cpu: CpuSample): number =>
  [...cpu].filter(([key]) => key.includes('/DedicatedWorker')).reduce((a, [, ms]) => a + ms, 0);
