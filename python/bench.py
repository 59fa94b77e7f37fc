"""How fast `check_many` builds its reports, against `json.loads` of the same texts.

    python python/bench.py [--texts 20000] [--rounds 7]

Makes `--texts` valid requests shaped like examples/request.json (two backend servers, an ECS
instance and an ENI; every id different), then times, round after round and interleaved so that
a noisy machine slows all alike:

- `[json.loads(t) for t in texts]`, the baseline: both build Python objects from the texts;
- `check_many(texts, jobs=1)` and `check_many(texts, jobs=2)`;
- where the time of `jobs=1` goes: the checks alone (no dicts made; the rest of `jobs=1` is
  making the dicts), and, for comparison, `json.loads` of each report's JSON text instead of
  the dicts made directly.

Prints each round's ratios, then the minimum and the median of each ratio over the rounds.
"""

import argparse
import gc
import json
import random
import statistics
import string
import sys
import time
from pathlib import Path

# This file's folder holds the package's sources (without the built extension): import the
# installed package, not them.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import clb_preflight as cp  # noqa: E402
from clb_preflight import _native  # noqa: E402


def requests(n, seed=27):
    """`n` valid AddBackendServers requests, as JSON texts of API parameters."""
    rng = random.Random(seed)
    alphabet = string.ascii_lowercase + string.digits

    def ident(prefix):
        return prefix + "".join(rng.choice(alphabet) for _ in range(20))

    texts = []
    for i in range(n):
        servers = [
            {"ServerId": ident("i-"), "Weight": str(rng.randint(0, 100)), "Type": "ecs",
             "Port": "80", "Description": f"web-{i}"},
            {"ServerId": ident("eni-"), "Weight": "50", "Type": "eni",
             "ServerIp": f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
             "Port": "8080", "Description": f"pod-{i}"},
        ]
        params = {
            "RegionId": "cn-beijing",
            "LoadBalancerId": ident("lb-")[:24],
            "BackendServers": json.dumps(servers, separators=(",", ":")),
        }
        texts.append(json.dumps(params, indent=2))
    return texts


def timed(f):
    """The wall time of `f()`, and its result. The cyclic garbage collector is off meanwhile
    (as in `timeit`): its passes, triggered by the many objects every contender makes, would
    land on one contender or another at random."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        result = f()
        return time.perf_counter() - start, result
    finally:
        gc.enable()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    texts = requests(args.texts)
    reports = cp.check_many(texts, jobs=1)
    assert all(r["valid"] for r in reports), "the bench's requests must be valid"
    assert reports == [json.loads(j) for j in _native._bench_check(texts, "json")]

    columns = {
        "jobs=1 / loads": [],
        "jobs=2 / loads": [],
        "jobs=2 / jobs=1": [],
        "check only / loads": [],
        "loads of report JSON / loads": [],
    }
    print(f"{len(texts)} requests of {sum(map(len, texts)) // len(texts)} bytes on average; "
          f"{args.rounds} rounds")
    print("round  loads(ms)  jobs=1(ms)  jobs=2(ms)  ratios: " + ", ".join(columns))
    for round_ in range(1, args.rounds + 1):
        loads, _ = timed(lambda: [json.loads(t) for t in texts])
        one, _ = timed(lambda: cp.check_many(texts, jobs=1))
        two, _ = timed(lambda: cp.check_many(texts, jobs=2))
        check_only, _ = timed(lambda: _native._bench_check(texts, "check"))
        via_json, _ = timed(
            lambda: [json.loads(j) for j in _native._bench_check(texts, "json")]
        )
        row = [one / loads, two / loads, two / one, check_only / loads, via_json / loads]
        for column, value in zip(columns.values(), row):
            column.append(value)
        print(f"{round_:5}  {loads * 1e3:9.1f}  {one * 1e3:10.1f}  {two * 1e3:10.1f}  "
              + "  ".join(f"{v:.2f}" for v in row))
    print()
    print(f"{'ratio':32} {'min':>6} {'median':>7}")
    for name, values in columns.items():
        print(f"{name:32} {min(values):6.2f} {statistics.median(values):7.2f}")


if __name__ == "__main__":
    main()
