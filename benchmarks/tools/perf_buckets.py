#!/usr/bin/env python3
"""Sums a `perf record` profile of the durable report into buckets (where a durable run's CPU goes).

Usage: perf report -i perf.data --no-children --sort dso,sym -g none --percent-limit 0 | python3 perf_buckets.py
Record it with DOTNET_PerfMapEnabled=1 and DOTNET_EnableWriteXorExecute=0 so jitted frames have names
(see benchmarks/README.md, "A durable run's cost").
"""
import re
import sys

BUCKETS = [
    ("kernel: syscalls, page faults, fsync, scheduling", lambda dso, sym: dso.startswith("[kernel")),
    ("SQLite engine (libe_sqlite3)", lambda dso, sym: "sqlite3" in dso),
    ("JIT compiler (tiering during the measurement)", lambda dso, sym: "libclrjit" in dso),
    ("runtime native: GC, allocation, type checks, thread pool (libcoreclr)", lambda dso, sym: "libcoreclr" in dso),
    ("libc: memset of fresh GC memory, memcpy, malloc, mutexes", lambda dso, sym: "libc.so" in dso or "ld-linux" in dso),
    ("journal managed code: Microsoft.Data.Sqlite, SQLitePCL, SafeHandle", lambda dso, sym: re.search(r"Microsoft\.Data\.Sqlite|SQLitePCL|SafeHandle|Hosting\.Sqlite|LiteDB|Hosting\.LiteDb", sym) is not None),
    ("JSON (System.Text.Json)", lambda dso, sym: "System.Text.Json" in sym or "System.Text.Json" in dso),
    ("async machinery, channels, timers, thread pool (managed)", lambda dso, sym: re.search(r"System\.Threading|AsyncTaskMethodBuilder|AsyncStateMachineBox|ValueTask|Channels", sym) is not None),
    ("host, client and flow code (Automations.Compiled.*)", lambda dso, sym: "Automations.Compiled" in sym),
]


def main():
    totals = {}
    other = 0.0
    for line in sys.stdin:
        match = re.match(r"\s*([\d.]+)%\s+(.+?)\s+\[[.k]\]\s+(.*)", line)
        if not match:
            continue
        share, dso, sym = float(match.group(1)), match.group(2), match.group(3)
        for name, test in BUCKETS:
            if test(dso, sym):
                totals[name] = totals.get(name, 0.0) + share
                break
        else:
            other += share
    for name, _ in BUCKETS:
        print(f"| {name} | {totals.get(name, 0.0):.1f} % |")
    print(f"| everything else (managed BCL, collections, vdso) | {other:.1f} % |")


if __name__ == "__main__":
    main()
