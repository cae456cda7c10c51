"""racelab bench, the CPython side: the same workloads on ThreadPoolExecutor, ProcessPoolExecutor
and asyncio.gather, timed the same way. Run by `racelab bench`, which passes the plan as JSON in
argv[1] and reads the results as JSON from stdout.

No process of this script outlives racelab: racelab has the kernel kill this one when racelab
ends, and each pool worker asks the same of the kernel for itself (see `die_with_parent`)."""

import asyncio
import concurrent.futures as cf
import ctypes
import json
import multiprocessing
import os
import signal
import sys
import time

MASK = (1 << 64) - 1


def count_divisors(n):
    return sum(1 for d in range(1, n + 1) if n % d == 0)


def primes_below(n):
    count = 0
    for k in range(2, n):
        d = 2
        while d * d <= k:
            if k % d == 0:
                break
            d += 1
        else:
            count += 1
    return count


def sum_of_squares(n):
    acc = 0
    for i in range(n):
        acc = (acc + i * i) & MASK
    return acc


def wait_ms(ms):
    time.sleep(ms / 1000)
    return ms


WORK = {"count_divisors": count_divisors, "primes_below": primes_below, "sum_of_squares": sum_of_squares}


def calibrate(f, tasks, target):
    """The input size at which `tasks` calls take about `target` seconds."""
    per_task, n = target / tasks, 1000
    while True:
        start = time.perf_counter()
        f(n)
        took = time.perf_counter() - start
        if took >= per_task / 4:
            return max(n, int(n * per_task / max(took, 1e-9)))
        n *= 2


def context():
    # fork keeps this script's functions reachable in the children, however it was started.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else methods[0])


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent):
    """A pool worker's first step: on Linux, have the kernel send it SIGKILL when this script's
    process ends (prctl PR_SET_PDEATHSIG), however it ends. The signal is tied to the thread that
    forked the worker, here the main thread, which lives as long as the script. If the script's
    process ended before the prctl, the worker has a new parent by now, and ends at once."""
    try:
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, ctypes.c_ulong(signal.SIGKILL))
    except (OSError, AttributeError):
        pass  # no prctl here: racelab kills this script's process group when the script ends
    if os.getppid() != parent:
        os._exit(1)


def on_processes(workers, f, inputs):
    """`f` over `inputs` on a ProcessPoolExecutor, shut down before it returns: a pool left to the
    garbage collector would still be stopping its workers during the next timed configuration."""
    with cf.ProcessPoolExecutor(workers, mp_context=context(), initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        return list(pool.map(f, inputs))


def on_threads(workers, f, inputs):
    """`f` over `inputs` on a ThreadPoolExecutor, shut down before it returns."""
    with cf.ThreadPoolExecutor(workers) as pool:
        return list(pool.map(f, inputs))


async def gather_bounded(limit, tasks, wait):
    semaphore = asyncio.Semaphore(limit)

    async def one():
        async with semaphore:
            await asyncio.sleep(wait)

    await asyncio.gather(*(one() for _ in range(tasks)))


def main():
    plan = json.loads(sys.argv[1])
    tasks, wait = plan["wait_tasks"], plan["wait_ms"] / 1000
    waits = f"{tasks} waits of {plan['wait_ms']} ms"
    configs = [(waits, "sequential", 1, lambda: [wait_ms(plan["wait_ms"]) for _ in range(tasks)])]
    for w in plan["wait_workers"]:
        configs.append((waits, "ThreadPoolExecutor", w, lambda w=w: on_threads(w, wait_ms, [plan["wait_ms"]] * tasks)))
        configs.append((waits, "ProcessPoolExecutor", w, lambda w=w: on_processes(w, wait_ms, [plan["wait_ms"]] * tasks)))
        configs.append((waits, "asyncio.gather", w, lambda w=w: asyncio.run(gather_bounded(w, tasks, wait))))
    sizes = {}
    for name, f in WORK.items():
        n = calibrate(f, plan["compute_tasks"], plan["compute_target"])
        inputs = [n + i * max(n // 1000, 1) for i in range(plan["compute_tasks"])]
        sizes[name] = inputs
        configs.append((name, "sequential", 1, lambda f=f, inputs=inputs: [f(n) for n in inputs]))
        for w in plan["compute_workers"]:
            configs.append((name, "ThreadPoolExecutor", w, lambda f=f, inputs=inputs, w=w: on_threads(w, f, inputs)))
            configs.append((name, "ProcessPoolExecutor", w, lambda f=f, inputs=inputs, w=w: on_processes(w, f, inputs)))
    seconds = [[] for _ in configs]
    for run in range(plan["runs"]):
        order = range(len(configs)) if run % 2 == 0 else reversed(range(len(configs)))
        for i in order:
            start = time.perf_counter()
            configs[i][3]()
            seconds[i].append(time.perf_counter() - start)
    rows = [{"workload": c[0], "executor": c[1], "workers": c[2], "seconds": s} for c, s in zip(configs, seconds)]
    print(json.dumps({"version": sys.version.split()[0], "sizes": sizes, "rows": rows}))


def hold(workers):
    """For racelab's tests: a pool as the timed runs start it, its workers waiting an hour, so that
    a test can kill racelab and find no worker left."""
    on_processes(workers, wait_ms, [3_600_000] * workers)


if __name__ == "__main__":
    if sys.argv[1] == "--hold":
        hold(int(sys.argv[2]))
    else:
        main()
