"""The package's contract apart from the CLI: its names, its errors, its types, its threads."""

import ast
import gc
import json
import random
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import clb_preflight as cp
from conftest import CONTEXT_CASES, EXAMPLES, REPO, request_files

REQUEST = (EXAMPLES / "request.json").read_text()
LB = (EXAMPLES / "describe-load-balancer.json").read_text()
INSTANCES = (EXAMPLES / "describe-instances.json").read_text()
GROUP = (CONTEXT_CASES / "group-add-valid" / "vserver-group.json").read_text()


def test_version_is_the_crates():
    cargo = (REPO / "Cargo.toml").read_text()
    version = re.search(r'^\[package\][^\[]*?^version = "([^"]+)"', cargo, re.M | re.S).group(1)
    assert cp.__version__ == version
    python_cargo = (REPO / "python" / "Cargo.toml").read_text()
    assert re.search(r'^version = "([^"]+)"', python_cargo, re.M).group(1) == version


def test_public_names():
    assert sorted(cp.__all__) == sorted(
        ["FactsError", "__version__", "check", "check_many", "explain", "plan"]
    )
    for name in cp.__all__:
        assert hasattr(cp, name)


def test_facts_error_is_a_value_error():
    assert issubclass(cp.FactsError, ValueError)
    assert cp.FactsError.__module__ == "clb_preflight"
    assert cp.FactsError.__doc__
    with pytest.raises(ValueError):
        cp.check(REQUEST, load_balancer="not json")


def test_every_function_has_a_docstring_and_a_signature():
    for name in ["check", "check_many", "plan", "explain"]:
        function = getattr(cp, name)
        assert len(function.__doc__ or "") > 200, name
        assert function.__text_signature__, name
    assert cp.check.__text_signature__ == (
        "(text, load_balancer=None, servers=(), vserver_group=None, quota=None)"
    )
    assert "order='add-first'" in cp.plan.__text_signature__
    assert "drain_seconds=None" in cp.plan.__text_signature__
    assert "allow_empty=False" in cp.plan.__text_signature__
    assert "vserver_group=None" in cp.plan.__text_signature__
    assert "region_id=None" in cp.plan.__text_signature__
    assert "other_groups=()" in cp.plan.__text_signature__
    assert "own=None" in cp.plan.__text_signature__
    assert "min_serving=None" in cp.plan.__text_signature__


def test_stubs_and_py_typed_ship_with_the_package():
    package = Path(cp.__file__).parent
    assert (package / "py.typed").is_file()
    stub = package / "__init__.pyi"
    tree = ast.parse(stub.read_text())
    defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    defined |= {
        t.id
        for n in tree.body
        if isinstance(n, (ast.Assign, ast.AnnAssign))
        for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
        if isinstance(t, ast.Name)
    }
    assert set(cp.__all__) <= defined
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    # The stubs' parameters are the functions' own, in order.
    for name, node in functions.items():
        params = [a.arg for a in node.args.args + node.args.kwonlyargs]
        signature = getattr(cp, name).__text_signature__
        named = [p.split("=")[0].strip(" *") for p in signature.strip("()").split(",")]
        assert params == [p for p in named if p], name


# ---------------------------------------------------------------------------------------------
# Types


@pytest.mark.parametrize(
    "call",
    [
        lambda: cp.check(3),
        lambda: cp.check(None),
        lambda: cp.check(bytearray(REQUEST.encode())),
        lambda: cp.check(json.loads(REQUEST)),
        lambda: cp.check(REQUEST, load_balancer=[LB]),
        lambda: cp.check(REQUEST, load_balancer=3),
        lambda: cp.check(REQUEST, servers=INSTANCES),
        lambda: cp.check(REQUEST, servers=json.loads(INSTANCES)),
        lambda: cp.check(REQUEST, servers=3),
        lambda: cp.check(REQUEST, servers=[3]),
        lambda: cp.check(REQUEST, load_balancer=LB, quota="3"),
        lambda: cp.check(REQUEST, load_balancer=LB, quota=True),
        lambda: cp.check(REQUEST, load_balancer=LB, quota=2.0),
        lambda: cp.check(REQUEST, load_balancer={"LoadBalancerId": {1, 2}}),
        lambda: cp.check(REQUEST, load_balancer={1: "x"}),
        lambda: cp.check(REQUEST, vserver_group=3),
        lambda: cp.check(REQUEST, vserver_group=[GROUP]),
        lambda: cp.check(REQUEST, vserver_group={"VServerGroupId": object()}),
        lambda: cp.check_many([REQUEST], vserver_group=3),
        lambda: cp.plan("[]", load_balancer=LB, vserver_group=3),
        lambda: cp.plan("[]", load_balancer=LB, region_id=1),
        lambda: cp.plan("[]", load_balancer=LB, region_id=b"cn-beijing"),
        lambda: cp.plan("[]", load_balancer=LB, other_groups=GROUP),
        lambda: cp.plan("[]", load_balancer=LB, other_groups=[3]),
        lambda: cp.plan("[]", load_balancer=LB, own=b"k8s/"),
        lambda: cp.plan("[]", load_balancer=LB, min_serving=1.5),
        lambda: cp.plan("[]", load_balancer=LB, min_serving=True),
        lambda: cp.check(REQUEST, colour="never"),
        lambda: cp.check_many(REQUEST),
        lambda: cp.check_many([REQUEST], load_balancer=[LB]),
        lambda: cp.explain(None),
    ],
)
def test_a_wrong_type_is_a_type_error(call):
    with pytest.raises(TypeError):
        call()


def test_vserver_group_facts_as_text_bytes_and_dict_give_the_same_report():
    folder = CONTEXT_CASES / "group-add-valid"
    request = (folder / "request.json").read_text()
    as_text = cp.check(request, load_balancer=LB, vserver_group=GROUP)
    assert as_text["valid"] and as_text["action"] == "AddVServerGroupBackendServers"
    assert "diff" in as_text
    assert cp.check(request, load_balancer=LB, vserver_group=GROUP.encode()) == as_text
    assert cp.check(request, load_balancer=json.loads(LB), vserver_group=json.loads(GROUP)) == as_text
    assert cp.check_many([request] * 3, load_balancer=LB, vserver_group=json.loads(GROUP)) == [as_text] * 3
    # None is no facts.
    assert cp.check(request, vserver_group=None) == cp.check(request)
    assert "diff" not in cp.check(request)


def test_vserver_group_facts_as_text_bytes_and_dict_give_the_same_plan():
    desired = (EXAMPLES / "desired-vserver-group.json").read_text()
    group = (EXAMPLES / "describe-vserver-group.json").read_text()
    as_text = cp.plan(desired, vserver_group=group, region_id="cn-beijing")
    assert as_text["valid"] and as_text["vserver_group_id"] == json.loads(group)["VServerGroupId"]
    assert cp.plan(desired, vserver_group=group.encode(), region_id="cn-beijing") == as_text
    assert cp.plan(desired, vserver_group=json.loads(group), region_id="cn-beijing") == as_text
    # With the load balancer's facts, which name the region (cn-beijing): the same calls.
    with_lb = cp.plan(desired, vserver_group=json.loads(group), load_balancer=LB)
    assert with_lb["calls"] == as_text["calls"]
    # None is no facts, and no region: the load balancer's plan.
    lb_desired = (EXAMPLES / "desired.json").read_text()
    assert cp.plan(lb_desired, load_balancer=LB, vserver_group=None, region_id=None) == cp.plan(
        lb_desired, load_balancer=LB
    )


def test_facts_as_text_and_as_dict_give_the_same_report():
    folder = CONTEXT_CASES / "all-facts-valid"
    lb = (folder / "load-balancer.json").read_text()
    servers = sorted(p.read_text() for p in folder.glob("servers-*.json"))
    request = (folder / "request.json").read_text()
    as_text = cp.check(request, load_balancer=lb, servers=servers)
    as_dicts = cp.check(request, load_balancer=json.loads(lb), servers=[json.loads(s) for s in servers])
    assert as_text == as_dicts
    assert "diff" in as_text and as_text["unchecked"] == []
    # A tuple or a generator of servers is a list of servers.
    assert cp.check(request, load_balancer=lb, servers=(s for s in servers)) == as_text


def test_an_sdk_style_request_checked_before_sending():
    # What the README's example does: the parameters an SDK sends, as JSON text.
    params = {
        "RegionId": "cn-beijing",
        "LoadBalancerId": "lb-2ze7o5h52g02kkzze7lru",
        "BackendServers": json.dumps([{"ServerId": "i-2zej4lxhjoq1icuo9x1z", "Weight": "101"}]),
    }
    report = cp.check(json.dumps(params))
    assert not report["valid"]
    assert report["errors"][0]["code"] == "InvalidWeight.Malformed"
    params["BackendServers"] = json.dumps([{"ServerId": "i-2zej4lxhjoq1icuo9x1z", "Weight": "100"}])
    report = cp.check(json.dumps(params), load_balancer=LB)
    assert report["valid"], report
    assert report["diff"]["add"] == [
        {"ServerId": "i-2zej4lxhjoq1icuo9x1z", "Type": "ecs", "Weight": "100"}
    ]


def test_an_sdk_style_group_request_checked_before_sending():
    # The README's vServer-group example: the parameters an SDK's request model gives
    # (`to_map()` has no Action: it is the method called), the group's
    # DescribeVServerGroupAttribute body as a dict.
    group = json.loads(GROUP)
    params = {
        "RegionId": "cn-beijing",
        "VServerGroupId": group["VServerGroupId"],
        "BackendServers": json.dumps(
            [{"ServerId": "i-2zej4lxhjoq1icuo9x1z", "Port": "80", "Weight": "100", "Type": "ecs"}]
        ),
    }
    # Without Action the parameters are read as AddBackendServers's, and VServerGroupId is
    # not one of them.
    report = cp.check(json.dumps(params), vserver_group=group)
    assert not report["valid"]
    assert any(w["path"] == "VServerGroupId" for w in report["warnings"])
    report = cp.check(json.dumps({"Action": "AddVServerGroupBackendServers", **params}), vserver_group=group)
    assert report["valid"], report
    assert report["diff"]["add"] == [
        {"ServerId": "i-2zej4lxhjoq1icuo9x1z", "Type": "ecs", "Weight": "100", "Port": "80"}
    ]
    # A member already there on that port: R21.
    member = group["BackendServers"]["BackendServer"][0]
    params["BackendServers"] = json.dumps(
        [{"ServerId": member["ServerId"], "Port": str(member["Port"]), "Weight": "100"}]
    )
    report = cp.check(json.dumps({"Action": "AddVServerGroupBackendServers", **params}), vserver_group=group)
    assert not report["valid"]
    assert [e["rule"] for e in report["errors"]] == ["R21"]
    assert report["diff"]["already_attached"]
    # Another group's facts: a FactsError, as the CLI exits 2.
    other = dict(group, VServerGroupId="rsp-2zeotherotherother")
    with pytest.raises(cp.FactsError, match=r"^vserver_group: facts are about vserver group "):
        cp.check(json.dumps({"Action": "AddVServerGroupBackendServers", **params}), vserver_group=other)


# ---------------------------------------------------------------------------------------------
# Threads


def test_check_from_eight_threads_at_once():
    texts = [p.read_bytes() for p in request_files()]
    expected = [cp.check(t) for t in texts]
    expected_facts = [cp.check(REQUEST, load_balancer=LB, servers=[INSTANCES])] * len(texts)
    barrier = threading.Barrier(8)

    def work(n):
        barrier.wait()
        out = []
        for _ in range(3):
            if n % 2:
                out.append([cp.check(t) for t in texts])
            else:
                out.append([cp.check(REQUEST, load_balancer=LB, servers=[INSTANCES]) for _ in texts])
        return n, out

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(8)))
    for n, rounds in results:
        for got in rounds:
            assert got == (expected if n % 2 else expected_facts)


def test_check_many_from_four_threads_at_once():
    texts = [p.read_bytes() for p in request_files()] * 2
    expected = [cp.check(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda jobs: cp.check_many(texts, jobs=jobs), [1, 2, 3, 2]))
    assert all(r == expected for r in results)


def _longest_pause_of_another_thread(call):
    """The longest time, as a share of `call()`'s, during which another Python thread that
    wants to run all along could not: near 1 when `call` holds the GIL from start to end."""
    stamps, stop = [], threading.Event()

    def spin():
        while not stop.is_set():
            stamps.append(time.perf_counter())

    spinner = threading.Thread(target=spin)
    # The cyclic garbage collector is off meanwhile: a full collection, which making many dicts
    # triggers whoever makes them, holds the GIL too.
    gc.disable()
    try:
        spinner.start()
        time.sleep(0.02)
        start = time.perf_counter()
        call()
        end = time.perf_counter()
        stop.set()
        spinner.join()
    finally:
        gc.enable()
    inside = [start] + [t for t in stamps if start < t < end] + [end]
    return max(b - a for a, b in zip(inside, inside[1:])) / (end - start)


def test_a_thread_holding_the_gil_pauses_the_others():
    # The measure's control: sorting floats holds the GIL from start to end.
    data = [random.random() for _ in range(1_000_000)]
    assert _longest_pause_of_another_thread(lambda: sorted(data)) > 0.5


@pytest.mark.parametrize("jobs", [1, 2])
def test_other_threads_run_while_check_many_works(jobs):
    texts, kept = [REQUEST] * 40_000, []
    # The reports are kept: freeing them is the interpreter's work, not check_many's.
    assert _longest_pause_of_another_thread(lambda: kept.append(cp.check_many(texts, jobs=jobs))) < 0.25
    assert len(kept[0]) == len(texts)


def test_other_threads_run_while_facts_are_read():
    # 20,000 members: reading them takes a while, without the GIL.
    members = [
        {"ServerId": f"i-2ze{n:017d}", "Weight": 100, "Type": "ecs", "ServerIp": f"10.{n // 65536}.{n // 256 % 256}.{n % 256}"}
        for n in range(20_000)
    ]
    lb = json.dumps({"LoadBalancerId": "lb-2ze7o5h52g02kkzze7lru", "BackendServers": {"BackendServer": members}})
    assert _longest_pause_of_another_thread(lambda: [cp.check(REQUEST, load_balancer=lb) for _ in range(5)]) < 0.5
