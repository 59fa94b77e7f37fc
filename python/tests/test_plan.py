"""`plan` against `clb-preflight plan --format json`: the plan cases, the shipped example with
each option, the refusals; and its arguments' errors."""

import json

import pytest

import clb_preflight as cp
from conftest import EXAMPLES, PLAN_CASES, cli_json, rel, run_cli

LB = EXAMPLES / "describe-load-balancer.json"
DESIRED = EXAMPLES / "desired.json"
SERVERS = [EXAMPLES / "describe-instances.json", EXAMPLES / "describe-network-interfaces.json"]


def options(args):
    """The plan's keyword arguments and the CLI's flags (without --format) from an `args` file."""
    words = args.split()
    kwargs, flags = {}, []
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--format":
            i += 2
            continue
        flags.append(word)
        if word in ("--quota", "--order", "--drain-seconds"):
            value = words[i + 1]
            flags.append(value)
            key = word[2:].replace("-", "_")
            kwargs[key] = value if key == "order" else int(value)
            i += 2
            continue
        kwargs[word[2:].replace("-", "_")] = True
        i += 1
    return kwargs, flags


def without_locations(plan):
    plan = json.loads(json.dumps(plan))
    for finding in plan["errors"] + plan["warnings"]:
        finding.pop("location", None)
    return plan


CASES = sorted(p for p in PLAN_CASES.iterdir() if p.is_dir())


def test_the_plan_cases_are_there():
    assert len(CASES) >= 10


@pytest.mark.parametrize("folder", CASES, ids=lambda p: p.name)
def test_plan_case_equals_the_cli(folder):
    kwargs, flags = options((folder / "args").read_text())
    lb, desired = folder / "load-balancer.json", folder / "desired.json"
    expected = cli_json(
        "plan", "--desired", rel(desired), "--load-balancer", rel(lb), *flags, "--format", "json"
    )
    got = cp.plan(desired.read_text(), load_balancer=lb.read_text(), **kwargs)
    assert got == expected
    # Facts as a dict, and the desired members as bytes, give the same plan.
    assert cp.plan(desired.read_bytes(), load_balancer=json.loads(lb.read_text()), **kwargs) == expected
    # The desired members as a list of dicts: the same plan; findings point into its JSON.
    wanted = json.loads(desired.read_text())
    assert without_locations(cp.plan(wanted, load_balancer=lb.read_text(), **kwargs)) == (
        without_locations(expected)
    )


OPTIONS = [
    {},
    {"order": "remove-first"},
    {"drain": True},
    {"drain": True, "drain_seconds": 90},
    {"drain": True, "drain_seconds": 0, "order": "remove-first"},
    {"quota": 3},
    {"quota": 4, "allow_empty": True},
]


def flags_of(kwargs):
    flags = []
    for key, value in kwargs.items():
        flag = "--" + key.replace("_", "-")
        flags += [flag] if value is True else [flag, str(value)]
    return flags


@pytest.mark.parametrize("with_servers", [False, True])
@pytest.mark.parametrize("kwargs", OPTIONS, ids=lambda k: " ".join(flags_of(k)) or "defaults")
def test_the_example_plan_equals_the_cli(kwargs, with_servers):
    servers = SERVERS if with_servers else []
    args = ["plan", "--desired", rel(DESIRED), "--load-balancer", rel(LB)]
    for s in servers:
        args += ["--servers", rel(s)]
    expected = cli_json(*args, *flags_of(kwargs), "--format", "json")
    got = cp.plan(
        DESIRED.read_text(),
        load_balancer=LB.read_text(),
        servers=[s.read_text() for s in servers],
        **kwargs,
    )
    assert got == expected
    assert got["calls"], "the example plans calls"
    dicts = cp.plan(
        json.loads(DESIRED.read_text()),
        load_balancer=json.loads(LB.read_text()),
        servers=tuple(json.loads(s.read_text()) for s in servers),
        **kwargs,
    )
    assert dicts == expected


def test_the_plan_calls_are_what_to_send():
    plan = cp.plan(DESIRED.read_text(), load_balancer=LB.read_text(), drain=True, drain_seconds=5)
    assert plan["valid"]
    actions = [c["action"] for c in plan["calls"]]
    assert actions == [
        "AddBackendServers", "SetBackendServers", "SetBackendServers", "Wait",
        "RemoveBackendServers",
    ]
    assert plan["calls"][3] == {"action": "Wait", "reason": "drain", "seconds": 5}
    add = plan["calls"][0]["parameters"]
    assert add["LoadBalancerId"] == "lb-2ze7o5h52g02kkzze7lru"
    # The parameters are the request as sent: checking them again finds nothing.
    for call in plan["calls"]:
        if call["action"] != "Wait":
            report = cp.check(json.dumps({"Action": call["action"], **call["parameters"]}))
            assert report["valid"], report


def test_emptying_is_refused_unless_allowed(tmp_path):
    desired = tmp_path / "empty.json"
    desired.write_text("[]")
    refused = cp.plan("[]", load_balancer=LB.read_text())
    assert refused == cli_json("plan", "--desired", desired, "--load-balancer", rel(LB), "--format", "json")
    assert refused["valid"] is False and refused["calls"] == []
    assert refused["errors"][0]["code"] == "Plan.EmptiesLoadBalancer"
    allowed = cp.plan([], load_balancer=LB.read_text(), allow_empty=True)
    assert allowed == cli_json(
        "plan", "--desired", desired, "--load-balancer", rel(LB), "--allow-empty", "--format", "json"
    )
    members = len(json.loads(LB.read_text())["BackendServers"]["BackendServer"])
    assert allowed["valid"] and allowed["summary"]["remove"] == members > 1
    assert [c["action"] for c in allowed["calls"]] == ["RemoveBackendServers"]
    assert allowed["members_after"] == []


def test_a_desired_request_for_another_load_balancer(tmp_path):
    desired = tmp_path / "other.json"
    desired.write_text(json.dumps({"LoadBalancerId": "lb-2zeotheraaaaaaaaaaaaaa", "BackendServers": "[]"}))
    status, _, stderr = run_cli("plan", "--desired", desired, "--load-balancer", rel(LB))
    assert status == 2
    message = stderr.strip().split(": ", 2)[2]
    with pytest.raises(cp.FactsError) as raised:
        cp.plan(desired.read_text(), load_balancer=LB.read_text())
    assert str(raised.value) == "desired: " + message


def test_a_describe_response_as_desired_is_a_refused_plan():
    # The CLI exits 2 with a hint to give the file as --load-balancer; the package gives the
    # library's answer: a plan that cannot be valid, with a MalformedRequest error.
    plan = cp.plan(LB.read_text(), load_balancer=LB.read_text())
    assert plan["valid"] is False
    assert plan["errors"][0]["code"] == "MalformedRequest"


def test_plan_errors():
    lb, desired = LB.read_text(), DESIRED.read_text()
    with pytest.raises(cp.FactsError, match="load_balancer"):
        cp.plan(desired)
    with pytest.raises(cp.FactsError, match="^load_balancer: facts are not valid JSON"):
        cp.plan(desired, load_balancer="{")
    with pytest.raises(cp.FactsError, match="^vserver_group: planning a vServer group's members is not supported"):
        cp.plan(desired, load_balancer=lb, vserver_group={"VServerGroupId": "rsp-1"})
    with pytest.raises(cp.FactsError, match="^region_id: planning a vServer group's members is not supported"):
        cp.plan(desired, load_balancer=lb, region_id="cn-beijing")
    with pytest.raises(TypeError):
        cp.plan(desired, load_balancer=lb, region_id=1)
    with pytest.raises(ValueError, match="add-first"):
        cp.plan(desired, load_balancer=lb, order="adds-first")
    with pytest.raises(ValueError, match="drain=True"):
        cp.plan(desired, load_balancer=lb, drain_seconds=10)
    with pytest.raises(ValueError):
        cp.plan(desired, load_balancer=lb, drain=True, drain_seconds=-1)
    with pytest.raises(ValueError, match="at least 1"):
        cp.plan(desired, load_balancer=lb, quota=0)
    with pytest.raises(cp.FactsError, match="UTF-8"):
        cp.plan(b"\xff[]", load_balancer=lb)
    with pytest.raises(TypeError):
        cp.plan(3, load_balancer=lb)
    with pytest.raises(TypeError):
        cp.plan(desired, load_balancer=[lb])
    with pytest.raises(TypeError):
        cp.plan(desired, load_balancer=lb, drain="yes")
    with pytest.raises(TypeError):
        cp.plan(desired, load_balancer=lb, order=1)
    with pytest.raises(TypeError):
        cp.plan(desired, lb)  # the facts are keyword-only
    with pytest.raises(TypeError):
        cp.plan([{"ServerId": object()}], load_balancer=lb)
    with pytest.raises(ValueError):
        cp.plan([{"ServerId": "i-1", "Weight": float("nan")}], load_balancer=lb)
