#!/usr/bin/env python3
"""CPU time of a running JVM by thread family, once a second, read from /proc (Linux).

Usage: benchmarks/thread-cpu.py PATTERN OUT
  Waits for the java process whose command line contains PATTERN (e.g. EndToEndBenchmark or
  PipelineProbe), then appends one line per second to OUT until the process exits:
      <epoch seconds> <family>=<ticks> <family>=<ticks> ...
  A tick is 1/100 s of CPU (USER_HZ), user and system time together; families are thread names with
  their digits replaced by N. Unlike JFR or ThreadMXBean this sees every thread: the JIT compilers,
  the GC and RocksDB's native threads too. Linux cuts thread names to 15 characters, so the threads of
  one Kafka Streams app (named after its application id) count together.

Used for docs/PERFORMANCE.md, "Session 16":
  benchmarks/thread-cpu.py EndToEndBenchmark /tmp/threads.txt &
  E2E_JAVA_OPTS=-Dopensn.e2e.latency.trace=/tmp/trace.txt benchmarks/run-e2e.sh 1000000
"""
import os
import re
import sys
import time


def find(pattern):
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open(f'/proc/{pid}/comm') as f:
                if f.read().strip() != 'java':
                    continue
            with open(f'/proc/{pid}/cmdline', 'rb') as f:
                if pattern in f.read().decode(errors='replace'):
                    return pid
        except OSError:
            pass
    return None


def threads(pid):
    """{tid: (name, user + system ticks)}; raises FileNotFoundError once the process is gone."""
    out = {}
    for tid in os.listdir(f'/proc/{pid}/task'):
        try:
            with open(f'/proc/{pid}/task/{tid}/stat') as f:
                stat = f.read()
        except OSError:
            continue  # the thread ended meanwhile
        name = stat[stat.index('(') + 1:stat.rindex(')')]
        fields = stat[stat.rindex(')') + 2:].split()
        out[tid] = (name, int(fields[11]) + int(fields[12]))  # utime, stime
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    pattern, path = sys.argv[1], sys.argv[2]
    pid = find(pattern)
    while pid is None:
        time.sleep(0.5)
        pid = find(pattern)
    previous = {}
    with open(path, 'a') as out:
        while True:
            started = time.time()
            try:
                current = threads(pid)
            except FileNotFoundError:
                return
            by_family = {}
            for tid, (name, ticks) in current.items():
                if tid in previous:  # a thread's first sample only sets its baseline
                    family = re.sub(r'[0-9]+', 'N', name).replace(' ', '_')
                    by_family[family] = by_family.get(family, 0) + ticks - previous[tid][1]
            previous = current
            busy = sorted(((t, f) for f, t in by_family.items() if t > 0), reverse=True)
            out.write('%d %s\n' % (int(started), ' '.join('%s=%d' % (f, t) for t, f in busy)))
            out.flush()
            time.sleep(max(0.0, 1 - (time.time() - started)))


if __name__ == '__main__':
    main()
