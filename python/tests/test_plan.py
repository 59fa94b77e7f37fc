"""`plan` against `clb-preflight plan --format json`: the plan cases, the shipped examples (the
load balancer's, a vServer group's) with each option, the refusals; and its arguments'
errors."""

import ast
import json
from pathlib import Path

import pytest

import clb_preflight as cp
from conftest import EXAMPLES, PLAN_CASES, cli_json, rel, run_cli

LB = EXAMPLES / "describe-load-balancer.json"
DESIRED = EXAMPLES / "desired.json"
SERVERS = [EXAMPLES / "describe-instances.json", EXAMPLES / "describe-network-interfaces.json"]
GROUP = EXAMPLES / "describe-vserver-group.json"
GROUP_DESIRED = EXAMPLES / "desired-vserver-group.json"


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
        if word in ("--quota", "--order", "--drain-seconds", "--region-id", "--own",
                    "--min-serving"):
            value = words[i + 1]
            flags.append(value)
            key = word[2:].replace("-", "_")
            if key in ("order", "region_id", "own"):
                kwargs[key] = value
            elif key == "min_serving":
                # A number of members as an int, a percentage as the CLI's text.
                kwargs[key] = int(value) if value.isdigit() else value
            else:
                kwargs[key] = int(value)
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


# A case's facts files: the package's argument for each, and the CLI's flag. The other groups
# (`other-group.json`, `--other-group`, repeatable) are `other_groups`, a list.
FACTS = [("load-balancer.json", "load_balancer", "--load-balancer"),
         ("vserver-group.json", "vserver_group", "--vserver-group")]
OTHER_GROUP = "other-group.json"


def case_facts(folder):
    """A plan case's facts: {argument: file} (`other_groups`: a list of files) and the same as
    the CLI's flags."""
    files, flags = {}, []
    for name, argument, flag in FACTS:
        if (folder / name).exists():
            files[argument] = folder / name
            flags += [flag, rel(folder / name)]
    if (folder / OTHER_GROUP).exists():
        files["other_groups"] = [folder / OTHER_GROUP]
        flags += ["--other-group", rel(folder / OTHER_GROUP)]
    return files, flags


def read_facts(files, read):
    """The facts arguments, each file read by `read` (a list's each)."""
    return {
        argument: [read(f) for f in file] if isinstance(file, list) else read(file)
        for argument, file in files.items()
    }


def named_files(files):
    """(argument, file) for every facts file: `other_groups[n]` for the list's."""
    for argument, file in files.items():
        if isinstance(file, list):
            yield from ((f"{argument}[{n}]", f) for n, f in enumerate(file))
        else:
            yield argument, file


def test_the_plan_cases_include_vserver_groups():
    with_group = [f for f in CASES if (f / "vserver-group.json").exists()]
    assert len(with_group) >= 5
    assert any(not (f / "load-balancer.json").exists() for f in with_group)


@pytest.mark.parametrize("folder", CASES, ids=lambda p: p.name)
def test_plan_case_equals_the_cli(folder):
    kwargs, flags = options((folder / "args").read_text())
    desired = folder / "desired.json"
    files, facts_flags = case_facts(folder)
    assert files, f"{folder.name} has no facts"
    status, stdout, stderr = run_cli(
        "plan", "--desired", rel(desired), *facts_flags, *flags, "--format", "json"
    )
    as_text = read_facts(files, Path.read_text)
    as_dicts = read_facts(files, lambda file: json.loads(file.read_text()))
    if status == 2:
        # Where the CLI exits 2, a FactsError naming the argument where the CLI names the file
        # (or the flag).
        message = stderr.strip()
        for facts in (as_text, as_dicts):
            with pytest.raises(cp.FactsError) as raised:
                cp.plan(desired.read_text(), **facts, **kwargs)
            if "--region-id" in message:
                assert str(raised.value).startswith("region_id: "), raised.value
            for argument, file in named_files(files):
                if rel(file) in message:
                    assert str(raised.value).startswith(argument + ": "), raised.value
            if rel(desired) in message:
                assert str(raised.value).startswith("desired: "), raised.value
        return
    assert status in (0, 1), stderr
    expected = json.loads(stdout)
    assert expected["valid"] is (status == 0)
    got = cp.plan(desired.read_text(), **as_text, **kwargs)
    assert got == expected
    # Facts as dicts, and the desired members as bytes, give the same plan.
    assert cp.plan(desired.read_bytes(), **as_dicts, **kwargs) == expected
    # The desired members as a list of dicts: the same plan; findings point into its JSON.
    wanted = json.loads(desired.read_text())
    assert without_locations(cp.plan(wanted, **as_text, **kwargs)) == without_locations(expected)
    # A group's plan names the group; its calls name the group, not the load balancer.
    if "vserver_group" in files:
        assert got["vserver_group_id"] == as_dicts["vserver_group"]["VServerGroupId"]
        for call in got["calls"]:
            if call["action"] != "Wait":
                assert set(call["parameters"]) == {"RegionId", "VServerGroupId", "BackendServers"}
    else:
        assert "vserver_group_id" not in got
    # With --own the plan names the owner and counts the members left alone (refused or not).
    if "own" in kwargs:
        assert got["own"] == kwargs["own"]
        assert "foreign" in got["summary"]
    else:
        assert "own" not in got and "foreign" not in got["summary"]
    # With a floor each call tells how many serve after it.
    if "min_serving" not in kwargs:
        assert all("serving_after" not in call for call in got["calls"])


def test_the_plan_cases_include_the_owner_s_options():
    args = {f.name: (f / "args").read_text() for f in CASES}
    assert sum("--own" in a for a in args.values()) >= 3
    assert sum("--min-serving" in a for a in args.values()) >= 2
    assert sum((f / OTHER_GROUP).exists() for f in CASES) >= 2


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


# What is planned for: the load balancer's members (the shipped desired.json), a vServer group's
# (desired-vserver-group.json) with the region given, or with the load balancer's facts, which
# name it.
TARGETS = {
    "load balancer": (DESIRED, {"load_balancer": LB}, {}),
    "vserver group": (GROUP_DESIRED, {"vserver_group": GROUP}, {"region_id": "cn-beijing"}),
    "vserver group and load balancer": (
        GROUP_DESIRED, {"load_balancer": LB, "vserver_group": GROUP}, {}
    ),
}


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("with_servers", [False, True])
@pytest.mark.parametrize("kwargs", OPTIONS, ids=lambda k: " ".join(flags_of(k)) or "defaults")
def test_the_example_plan_equals_the_cli(kwargs, with_servers, target):
    desired, facts, extra = TARGETS[target]
    kwargs = {**kwargs, **extra}
    servers = SERVERS if with_servers else []
    args = ["plan", "--desired", rel(desired)]
    for argument, file in facts.items():
        args += ["--" + argument.replace("_", "-"), rel(file)]
    for s in servers:
        args += ["--servers", rel(s)]
    expected = cli_json(*args, *flags_of(kwargs), "--format", "json")
    got = cp.plan(
        desired.read_text(),
        **{argument: file.read_text() for argument, file in facts.items()},
        servers=[s.read_text() for s in servers],
        **kwargs,
    )
    assert got == expected
    if target == "load balancer":
        assert got["calls"], "the example plans calls"
    else:
        # Or refuses them, as the CLI does (a small quota).
        assert got["calls"] or not got["valid"]
    dicts = cp.plan(
        json.loads(desired.read_text()),
        **{argument: json.loads(file.read_text()) for argument, file in facts.items()},
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


# ---------------------------------------------------------------------------------------------
# A vServer group's members


def test_a_group_plan_with_facts_as_text_bytes_and_dict():
    desired, group = GROUP_DESIRED.read_text(), GROUP.read_text()
    facts = json.loads(group)
    as_text = cp.plan(desired, vserver_group=group, region_id="cn-beijing")
    assert as_text == cli_json(
        "plan", "--desired", rel(GROUP_DESIRED), "--vserver-group", rel(GROUP),
        "--region-id", "cn-beijing", "--format", "json",
    )
    assert cp.plan(desired, vserver_group=group.encode(), region_id="cn-beijing") == as_text
    assert cp.plan(desired, vserver_group=facts, region_id="cn-beijing") == as_text
    assert cp.plan(json.loads(desired), vserver_group=facts, region_id="cn-beijing") == as_text
    assert as_text["valid"]
    assert as_text["vserver_group_id"] == facts["VServerGroupId"]
    # The group's facts name its load balancer.
    assert as_text["load_balancer_id"] == facts["LoadBalancerId"]
    assert {c["action"] for c in as_text["calls"]} <= {
        "AddVServerGroupBackendServers", "SetVServerGroupAttribute",
        "RemoveVServerGroupBackendServers",
    }
    for call in as_text["calls"]:
        assert call["parameters"]["RegionId"] == "cn-beijing"
        assert call["parameters"]["VServerGroupId"] == facts["VServerGroupId"]
        assert "LoadBalancerId" not in call["parameters"]
        # The parameters are the request as sent: checking them again finds nothing.
        report = cp.check(json.dumps({"Action": call["action"], **call["parameters"]}))
        assert report["valid"], report
    # The first call against the group as it is: valid, and it changes what the plan says.
    first = as_text["calls"][0]
    report = cp.check(json.dumps({"Action": first["action"], **first["parameters"]}), vserver_group=group)
    assert report["valid"], report
    assert len(report["diff"]["members_after"]) == first["members_after"]
    # None is no facts: the load balancer's plan.
    lb_plan = cp.plan(DESIRED.read_text(), load_balancer=LB.read_text(), vserver_group=None, region_id=None)
    assert lb_plan == cp.plan(DESIRED.read_text(), load_balancer=LB.read_text())
    assert "vserver_group_id" not in lb_plan


def test_a_group_plan_without_a_region_is_a_facts_error():
    desired, group = GROUP_DESIRED.read_text(), GROUP.read_text()
    status, _, stderr = run_cli(
        "plan", "--desired", rel(GROUP_DESIRED), "--vserver-group", rel(GROUP), "--format", "json"
    )
    assert status == 2 and "--region-id" in stderr
    for facts in (group, json.loads(group)):
        with pytest.raises(cp.FactsError) as raised:
            cp.plan(desired, vserver_group=facts)
        assert str(raised.value).startswith("region_id: ")
        assert "give region_id (or load_balancer" in str(raised.value)


def regions(plan):
    return {c["parameters"]["RegionId"] for c in plan["calls"] if c["action"] != "Wait"}


def test_the_region_is_region_id_else_the_desired_request_s_else_the_load_balancer_s(tmp_path):
    group, lb = GROUP.read_text(), LB.read_text()
    members = json.loads(GROUP_DESIRED.read_text())
    path = tmp_path / "desired.json"

    def both(desired, *flags, with_lb=True, **kwargs):
        path.write_text(desired)
        facts_flags = ["--vserver-group", rel(GROUP)] + (["--load-balancer", rel(LB)] if with_lb else [])
        expected = cli_json("plan", "--desired", path, *facts_flags, *flags, "--format", "json")
        facts = {"load_balancer": lb} if with_lb else {}
        got = cp.plan(desired, vserver_group=group, **facts, **kwargs)
        assert got == expected
        return got

    # The load balancer's facts name it.
    assert regions(both(json.dumps(members))) == {json.loads(lb)["RegionId"]}
    # Without them, a desired request object's names it.
    request = json.dumps({"RegionId": "cn-shanghai", "BackendServers": members})
    assert regions(both(request, with_lb=False)) == {"cn-shanghai"}
    # region_id comes first.
    assert regions(
        both(request, "--region-id", "cn-hangzhou", with_lb=False, region_id="cn-hangzhou")
    ) == {"cn-hangzhou"}
    # The load balancer's own region, given, is no contradiction.
    assert regions(both(json.dumps(members), "--region-id", "cn-beijing", region_id="cn-beijing")) == {
        "cn-beijing"
    }
    # Another region than the load balancer's facts name is refused, not sent: a FactsError,
    # where the CLI exits 2, with the same words.
    for desired, flags, kwargs, given in [
        (request, [], {}, "cn-shanghai"),
        (json.dumps(members), ["--region-id", "cn-hangzhou"], {"region_id": "cn-hangzhou"}, "cn-hangzhou"),
    ]:
        message = f'the calls\' region "{given}" is not the load balancer\'s, "cn-beijing"; expected the region its facts name'
        with pytest.raises(cp.FactsError) as raised:
            cp.plan(desired, vserver_group=group, load_balancer=lb, **kwargs)
        assert str(raised.value) == message
        path.write_text(desired)
        status, _, stderr = run_cli(
            "plan", "--desired", path, "--vserver-group", rel(GROUP), "--load-balancer", rel(LB), *flags
        )
        assert (status, stderr) == (2, f"clb-preflight: {message}\n")
    # The load balancer's plan takes it too, and refuses another.
    expected = cli_json(
        "plan", "--desired", rel(DESIRED), "--load-balancer", rel(LB), "--region-id", "cn-beijing",
        "--format", "json",
    )
    got = cp.plan(DESIRED.read_text(), load_balancer=lb, region_id="cn-beijing")
    assert got == expected and regions(got) == {"cn-beijing"}
    with pytest.raises(cp.FactsError, match="is not the load balancer's"):
        cp.plan(DESIRED.read_text(), load_balancer=lb, region_id="cn-hangzhou")


@pytest.mark.parametrize("region", ["Beijing", "beijing", "cn_beijing", "cn--beijing", "1-cn", "", " cn-beijing"])
def test_a_malformed_region_id_is_a_value_error_naming_it(region):
    status, _, stderr = run_cli(
        "plan", "--desired", rel(GROUP_DESIRED), "--vserver-group", rel(GROUP),
        "--region-id", region, "--format", "json",
    )
    assert status == 2
    for facts in ({"vserver_group": GROUP.read_text()}, {"load_balancer": LB.read_text()}):
        with pytest.raises(ValueError) as raised:
            cp.plan(GROUP_DESIRED.read_text(), region_id=region, **facts)
        # Not a FactsError: the argument's value is wrong, not the facts.
        assert type(raised.value) is ValueError
        message = str(raised.value)
        assert message.startswith("region_id: ")
        # The library's reason, as the CLI gives it.
        assert message[len("region_id: "):] in stderr


@pytest.mark.parametrize("region", [1, b"cn-beijing", ["cn-beijing"], True])
def test_a_region_id_not_a_str_is_a_type_error(region):
    with pytest.raises(TypeError, match="^region_id takes a str"):
        cp.plan(GROUP_DESIRED.read_text(), vserver_group=GROUP.read_text(), region_id=region)


def test_a_desired_request_for_another_group(tmp_path):
    desired = tmp_path / "other.json"
    desired.write_text(json.dumps({"VServerGroupId": "rsp-2zeotherotherother", "BackendServers": "[]"}))
    status, _, stderr = run_cli(
        "plan", "--desired", desired, "--vserver-group", rel(GROUP), "--region-id", "cn-beijing"
    )
    assert status == 2
    message = stderr.strip().split(": ", 2)[2]
    with pytest.raises(cp.FactsError) as raised:
        cp.plan(desired.read_text(), vserver_group=GROUP.read_text(), region_id="cn-beijing")
    assert str(raised.value) == "desired: " + message


def test_without_the_load_balancer_s_nor_a_group_s_facts():
    with pytest.raises(cp.FactsError) as raised:
        cp.plan(DESIRED.read_text(), servers=[SERVERS[0].read_text()], region_id="cn-beijing")
    message = str(raised.value)
    assert message.startswith("plan needs the load balancer's facts: give load_balancer")
    assert "or vserver_group" in message


def stub_fields(name):
    """A TypedDict of the stubs: (its required keys, its NotRequired keys)."""
    stub = Path(cp.__file__).parent / "__init__.pyi"
    tree = ast.parse(stub.read_text())
    node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name)
    required, optional = set(), set()
    for field in node.body:
        if isinstance(field, ast.AnnAssign):
            annotation = field.annotation
            not_required = (
                isinstance(annotation, ast.Subscript)
                and isinstance(annotation.value, ast.Name)
                and annotation.value.id == "NotRequired"
            )
            (optional if not_required else required).add(field.target.id)
    return required, optional


@pytest.mark.parametrize("target", TARGETS)
def test_the_stubs_say_the_plan_s_keys(target):
    desired, facts, extra = TARGETS[target]
    plan = cp.plan(desired.read_text(), **{a: f.read_text() for a, f in facts.items()}, **extra)
    for value, name in [(plan, "Plan"), *((c["parameters"], "Parameters") for c in plan["calls"]
                                           if c["action"] != "Wait")]:
        required, optional = stub_fields(name)
        assert required <= set(value) <= required | optional, (name, sorted(value))
    stub = (Path(cp.__file__).parent / "__init__.pyi").read_text()
    for call in plan["calls"]:
        assert f'"{call["action"]}"' in stub


def test_plan_errors():
    lb, desired = LB.read_text(), DESIRED.read_text()
    with pytest.raises(cp.FactsError, match="load_balancer"):
        cp.plan(desired)
    with pytest.raises(cp.FactsError, match="^load_balancer: facts are not valid JSON"):
        cp.plan(desired, load_balancer="{")
    with pytest.raises(cp.FactsError, match="^vserver_group: facts are not valid JSON"):
        cp.plan(desired, vserver_group="{")
    with pytest.raises(TypeError):
        cp.plan(desired, load_balancer=lb, region_id=1)
    with pytest.raises(ValueError, match="^region_id: "):
        cp.plan(desired, load_balancer=lb, region_id="Beijing")
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
    # A wrong type names its argument.
    with pytest.raises(TypeError, match="^drain takes a bool, not str"):
        cp.plan(desired, load_balancer=lb, drain="yes")
    with pytest.raises(TypeError, match="^allow_empty takes a bool, not int"):
        cp.plan(desired, load_balancer=lb, allow_empty=1)
    with pytest.raises(TypeError, match="^order takes a str, not int"):
        cp.plan(desired, load_balancer=lb, order=1)
    with pytest.raises(TypeError, match="^order takes a str, not NoneType"):
        cp.plan(desired, load_balancer=lb, order=None)
    with pytest.raises(TypeError):
        cp.plan(desired, lb)  # the facts are keyword-only
    with pytest.raises(TypeError):
        cp.plan([{"ServerId": object()}], load_balancer=lb)
    with pytest.raises(ValueError):
        cp.plan([{"ServerId": "i-1", "Weight": float("nan")}], load_balancer=lb)


# ---------------------------------------------------------------------------------------------
# A shared load balancer: own, other_groups, min_serving

SHARED = PLAN_CASES / "floor-rolling"
SHARED_DESIRED = SHARED / "desired.json"
SHARED_LB = SHARED / "load-balancer.json"
OTHER = SHARED / OTHER_GROUP
OWNER = "k8s/80/web/"


def shared_cli(*flags, statuses=(0, 1)):
    return cli_json(
        "plan", "--desired", rel(SHARED_DESIRED), "--load-balancer", rel(SHARED_LB), *flags,
        "--format", "json", statuses=statuses,
    )


def shared_plan(**kwargs):
    return cp.plan(SHARED_DESIRED.read_text(), load_balancer=SHARED_LB.read_text(), **kwargs)


def other_group_as(form, path=OTHER):
    text = path.read_text()
    return {"str": text, "bytes": text.encode(), "dict": json.loads(text)}[form]


@pytest.mark.parametrize("form", ["str", "bytes", "dict"])
def test_other_groups_as_text_bytes_and_dict_count_toward_the_quota(form):
    flags = ["--own", OWNER, "--quota", "11"]
    expected = shared_cli(*flags, "--other-group", rel(OTHER))
    # The other group's members count: the plan differs from the one without them.
    without = shared_cli(*flags)
    assert expected != without
    assert shared_plan(own=OWNER, quota=11) == without
    group = other_group_as(form)
    assert shared_plan(own=OWNER, quota=11, other_groups=[group]) == expected
    # Any iterable: a tuple, a generator.
    assert shared_plan(own=OWNER, quota=11, other_groups=(group,)) == expected
    assert shared_plan(own=OWNER, quota=11, other_groups=(g for g in [group])) == expected
    # None and () are no other groups.
    assert shared_plan(own=OWNER, quota=11, other_groups=None) == without
    assert shared_plan(own=OWNER, quota=11, other_groups=()) == without


def test_other_groups_are_repeatable_as_the_cli_s_flag(tmp_path):
    second = tmp_path / "other-group-2.json"
    facts = json.loads(OTHER.read_text())
    facts["VServerGroupId"] = "rsp-2zesecond"
    second.write_text(json.dumps(facts))
    flags = ["--own", OWNER, "--quota", "11"]
    expected = shared_cli(*flags, "--other-group", rel(OTHER), "--other-group", second)
    # Two groups' members are more than the quota takes: refused, as the CLI does.
    assert expected["valid"] is False
    got = shared_plan(own=OWNER, quota=11, other_groups=[OTHER.read_text(), facts])
    assert got == expected
    assert got["errors"][0]["code"] == "InstanceBackendServerNumberOverLimit"


def test_an_other_group_that_cannot_be_used_is_a_facts_error_naming_its_index(tmp_path):
    facts = json.loads(OTHER.read_text())
    facts["LoadBalancerId"] = "lb-2zeotheraaaaaaaaaaaaaa"
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text(json.dumps(facts))
    status, _, stderr = run_cli(
        "plan", "--desired", rel(SHARED_DESIRED), "--load-balancer", rel(SHARED_LB),
        "--other-group", rel(OTHER), "--other-group", elsewhere, "--format", "json",
    )
    assert status == 2
    # The CLI names the file where the package names the argument and its index.
    message = stderr.strip().split(f"{elsewhere}: ", 1)[1]
    assert message.startswith("facts contradict each other: ")
    for group in (elsewhere.read_text(), facts):
        with pytest.raises(cp.FactsError) as raised:
            shared_plan(other_groups=[OTHER.read_text(), group])
        assert str(raised.value) == "other_groups[1]: " + message
    bad = [
        ("{", "^other_groups\\[0\\]: facts are not valid JSON"),
        (SHARED_LB.read_text(), "^other_groups\\[0\\]: facts are not a response of DescribeVServerGroupAttribute"),
        (json.loads(SHARED_LB.read_text()), "^other_groups\\[0\\]: facts are not a response of DescribeVServerGroupAttribute"),
        (b"\xff{}", "^other_groups\\[0\\]: the facts are not UTF-8 text"),
    ]
    for group, match in bad:
        with pytest.raises(cp.FactsError, match=match):
            shared_plan(other_groups=[group])


@pytest.mark.parametrize(
    "other_groups",
    [OTHER.read_text(), OTHER.read_bytes(), json.loads(OTHER.read_text()), 3, [3], [None], [[OTHER.read_text()]]],
    ids=["one str", "one bytes", "one dict", "int", "[int]", "[None]", "[list]"],
)
def test_other_groups_of_the_wrong_type_is_a_type_error(other_groups):
    with pytest.raises(TypeError, match="other_groups"):
        shared_plan(other_groups=other_groups)


@pytest.mark.parametrize("floor", [7, "7", 0, "0", "50%", "100%", "0%", 9])
def test_min_serving_as_int_or_text_equals_the_cli(floor):
    flags = ["--own", OWNER, "--quota", "11", "--other-group", rel(OTHER), "--drain"]
    expected = shared_cli(*flags, "--min-serving", str(floor))
    got = shared_plan(own=OWNER, quota=11, other_groups=[OTHER.read_text()], drain=True,
                      min_serving=floor)
    assert got == expected
    if got["valid"]:
        # Every call tells how many serve after it, never below the floor.
        calls = [c for c in got["calls"] if c["action"] != "Wait"]
        assert calls and all("serving_after" in c for c in calls)
        if isinstance(floor, int):
            assert min(c["serving_after"] for c in calls) >= floor
    else:
        assert got["errors"][0]["code"] == "Plan.BelowServingFloor"


def test_an_int_floor_is_that_many_members():
    assert shared_plan(own=OWNER, min_serving=7) == shared_plan(own=OWNER, min_serving="7")
    assert shared_plan(own=OWNER, min_serving=0) == shared_plan(own=OWNER, min_serving="0")
    # None is no floor: no serving_after.
    plain = shared_plan(own=OWNER, min_serving=None)
    assert plain == shared_plan(own=OWNER)
    assert all("serving_after" not in c for c in plain["calls"])


@pytest.mark.parametrize(
    "floor", [-1, 10**30, "-1", "101%", "3 members", "", "7.5", " 3", "+3", "50 %", "%"]
)
def test_a_floor_that_is_no_floor_is_a_value_error_naming_it(floor):
    status, _, stderr = run_cli(
        "plan", "--desired", rel(SHARED_DESIRED), "--load-balancer", rel(SHARED_LB),
        f"--min-serving={floor}", "--format", "json",
    )
    assert status == 2
    with pytest.raises(ValueError) as raised:
        shared_plan(min_serving=floor)
    # Not a FactsError: the argument's value is wrong, not the facts.
    assert type(raised.value) is ValueError
    message = str(raised.value)
    assert message.startswith("min_serving: serving floor ")
    # The library's message, as the CLI gives it.
    assert message[len("min_serving: "):] in stderr


@pytest.mark.parametrize("floor", [7.0, True, False, b"7", [7], {"members": 7}])
def test_a_floor_of_the_wrong_type_is_a_type_error(floor):
    with pytest.raises(TypeError, match="^min_serving takes an int"):
        shared_plan(min_serving=floor)


@pytest.mark.parametrize("prefix", [OWNER, "k8s/"])
def test_own_equals_the_cli(prefix):
    expected = shared_cli("--own", prefix)
    got = shared_plan(own=prefix)
    assert got == expected
    assert got["own"] == prefix
    assert "foreign" in got["summary"]
    # None is no owner: every member is the plan's.
    plain = shared_plan(own=None)
    assert plain == shared_plan() == shared_cli()
    assert "own" not in plain and "foreign" not in plain["summary"]


def test_an_empty_owner_is_refused():
    # An empty prefix would own every member with a description, another owner's too (an unset
    # variable in a script): a ValueError, where the CLI exits 2.
    message = "the owner's prefix is empty, which would own every member with a description; expected a prefix such as k8s/80/web/"
    with pytest.raises(ValueError) as raised:
        shared_plan(own="")
    assert str(raised.value) == f"own: {message}"
    assert not isinstance(raised.value, cp.FactsError)
    status, stdout, stderr = run_cli("plan", "--desired", rel(DESIRED), "--load-balancer", rel(LB), "--own", "")
    assert status == 2 and stdout == "" and message in stderr


@pytest.mark.parametrize("prefix", [b"k8s/", 1, ["k8s/"]])
def test_own_not_a_str_is_a_type_error(prefix):
    with pytest.raises(TypeError, match="^own takes a str"):
        shared_plan(own=prefix)


def test_the_stubs_say_the_shared_plan_s_keys():
    plan = shared_plan(own=OWNER, quota=11, other_groups=[OTHER.read_text()], min_serving=7,
                       drain=True)
    assert plan["valid"] and "own" in plan and "foreign" in plan["summary"]
    for value, name in [(plan, "Plan"), (plan["summary"], "Summary"),
                        *((c, "MemberCall") for c in plan["calls"] if c["action"] != "Wait")]:
        required, optional = stub_fields(name)
        assert required <= set(value) <= required | optional, (name, sorted(value))
    assert {"own"} <= stub_fields("Plan")[1]
    assert {"foreign"} <= stub_fields("Summary")[1]
    assert {"serving_after"} <= stub_fields("MemberCall")[1]
