"""What the tests share: the repository's folders, and the command-line tool to compare with.

The tests compare the package with `clb-preflight` itself, so they need the binary built from
the same sources: `$CLB_PREFLIGHT_BIN` when set (that one only), else
`$CARGO_TARGET_DIR/debug/clb-preflight`, else `target/debug/clb-preflight` under the
repository (what `cargo build` or `cargo test` makes). Without it every comparison fails with
a message saying so: a missing binary must not pass for a green run.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
CASES = REPO / "tests" / "cases"
CONTEXT_CASES = REPO / "tests" / "context-cases"
PLAN_CASES = REPO / "tests" / "plan-cases"


def _binary():
    if os.environ.get("CLB_PREFLIGHT_BIN"):
        # Named explicitly: that one or none, never another found instead.
        path = Path(os.environ["CLB_PREFLIGHT_BIN"])
        return path if path.is_file() and os.access(path, os.X_OK) else None
    candidates = []
    if os.environ.get("CARGO_TARGET_DIR"):
        candidates.append(Path(os.environ["CARGO_TARGET_DIR"]) / "debug" / "clb-preflight")
    candidates.append(REPO / "target" / "debug" / "clb-preflight")
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    return None


BIN = _binary()


def run_cli(*args):
    """Runs `clb-preflight ARGS` from the repository's root: (exit status, stdout, stderr)."""
    if BIN is None:
        pytest.fail(
            "the clb-preflight binary was not found"
            + (f" at CLB_PREFLIGHT_BIN={os.environ['CLB_PREFLIGHT_BIN']}"
               if os.environ.get("CLB_PREFLIGHT_BIN") else "")
            + ": run `cargo build` first, or set CLB_PREFLIGHT_BIN to its path",
            pytrace=False,
        )
    env = {k: v for k, v in os.environ.items() if k not in ("CLICOLOR_FORCE",)}
    out = subprocess.run(
        [str(BIN), *map(str, args)], cwd=REPO, capture_output=True, env=env, check=False
    )
    return out.returncode, out.stdout.decode("utf-8"), out.stderr.decode("utf-8")


def cli_json(*args, statuses=(0, 1)):
    """The JSON the command prints, parsed; its exit status must be one of `statuses`."""
    status, stdout, stderr = run_cli(*args)
    assert status in statuses, f"clb-preflight {' '.join(map(str, args))}: exit {status}\n{stderr}"
    return json.loads(stdout)


def request_files():
    """Every request the CLI is tested on: the examples that are requests, and tests/cases."""
    examples = [
        p
        for p in sorted(EXAMPLES.iterdir())
        if p.suffix in (".json", ".query", ".txt")
        and not p.name.startswith("describe-")
        and p.name != "desired.json"
    ]
    cases = [p for p in sorted(CASES.iterdir()) if p.suffix in (".json", ".query", ".txt")]
    return examples + cases


def context_dirs():
    return sorted(p for p in CONTEXT_CASES.iterdir() if p.is_dir())


def facts_files(folder):
    """A context case's facts, as tests/context.rs reads them: (load balancer file or None,
    vServer group file or None, servers files in name order, quota or None)."""
    lb = folder / "load-balancer.json"
    group = folder / "vserver-group.json"
    servers = sorted(p for p in folder.iterdir() if p.name.startswith("servers-"))
    quota = folder / "quota"
    return (
        lb if lb.exists() else None,
        group if group.exists() else None,
        servers,
        int(quota.read_text().strip()) if quota.exists() else None,
    )


def facts_args(folder):
    """The same facts as command-line flags."""
    lb, group, servers, quota = facts_files(folder)
    args = []
    if lb:
        args += ["--load-balancer", lb]
    if group:
        args += ["--vserver-group", group]
    for s in servers:
        args += ["--servers", s]
    if quota is not None:
        args += ["--quota", str(quota)]
    return args


def argument_of(folder, file):
    """The package's argument that takes a context case's facts file: where the CLI names the
    file in a message, the package names the argument."""
    lb, group, servers, _ = facts_files(folder)
    if file == lb:
        return "load_balancer"
    if file == group:
        return "vserver_group"
    return f"servers[{servers.index(file)}]"


def rel(path):
    return str(path.relative_to(REPO))
