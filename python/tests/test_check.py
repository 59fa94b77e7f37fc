"""`check` and `check_many` against `clb-preflight check --format json`: every shipped request
and test case (the default server group's calls and the vServer groups'), with and without
facts, facts (the load balancer's, the vServer group's, the servers') as text and as dicts."""

import json

import pytest

import clb_preflight as cp
from conftest import (
    CONTEXT_CASES,
    EXAMPLES,
    REPO,
    argument_of,
    cli_json,
    context_dirs,
    facts_args,
    facts_files,
    rel,
    request_files,
    run_cli,
)

REQUESTS = request_files()

# The calls on a vServer group: all but the default server group's three.
GROUP_ACTIONS = {
    "CreateVServerGroup",
    "AddVServerGroupBackendServers",
    "RemoveVServerGroupBackendServers",
    "SetVServerGroupAttribute",
    "ModifyVServerGroupBackendServers",
    "CreateMasterSlaveServerGroup",
}


def test_the_cases_are_there():
    # Guards the parametrized tests below against an empty (vacuous) parametrization.
    assert len(REQUESTS) > 150
    assert any(p.suffix == ".query" for p in REQUESTS)
    assert any(p.suffix == ".txt" for p in REQUESTS)
    assert len(context_dirs()) > 30


def test_the_group_cases_are_there():
    # The request cases of group calls are among REQUESTS (so checked by the two tests below),
    # every group call among them valid at least once; and the context cases with a group's
    # facts, the three ways facts about a group cannot be used among them.
    group_calls = [p for p in REQUESTS if b"VServerGroup" in p.read_bytes() or b"MasterSlave" in p.read_bytes()]
    assert len(group_calls) > 60
    valid = {cp.check(p.read_bytes()).get("action") for p in group_calls}
    assert GROUP_ACTIONS <= valid
    with_group = [d for d in context_dirs() if (d / "vserver-group.json").exists()]
    assert len(with_group) >= 10
    assert {d.name for d in with_group} >= {
        "error-vserver-group-member-without-port",
        "error-vserver-group-mismatch",
        "error-vserver-group-of-another-load-balancer",
    }


@pytest.mark.parametrize("path", REQUESTS, ids=rel)
def test_check_bytes_equals_the_cli(path):
    expected = cli_json("check", "--format", "json", rel(path))
    assert cp.check(path.read_bytes()) == expected


@pytest.mark.parametrize("path", REQUESTS, ids=rel)
def test_check_str_equals_check_bytes(path):
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: only bytes can hold it")
    assert cp.check(text) == cp.check(data)


def test_json_is_the_same_text():
    # The dict dumps to the JSON the CLI prints, byte for byte: same keys in the same order.
    path = EXAMPLES / "invalid.json"
    _, stdout, _ = run_cli("check", "--format", "json", rel(path))
    assert json.dumps(cp.check(path.read_bytes()), indent=2, ensure_ascii=False) + "\n" == stdout


def _context_case(folder, as_dicts, as_bytes=False):
    lb, group, servers, quota = facts_files(folder)

    def read(p):
        if as_dicts:
            return json.loads(p.read_text())
        return p.read_bytes() if as_bytes else p.read_text()

    return dict(
        load_balancer=read(lb) if lb else None,
        vserver_group=read(group) if group else None,
        servers=[read(s) for s in servers],
        quota=quota,
    )


def _cli_facts_error(folder, stderr):
    """The CLI's `clb-preflight: FILE: MESSAGE` for facts that cannot be used, as the package
    says it: the argument that took FILE, then the library's message."""
    _, file, message = stderr.strip().split(": ", 2)
    return f"{argument_of(folder, REPO / file)}: {message}"


@pytest.mark.parametrize("facts_as", ["text", "bytes", "dicts"])
@pytest.mark.parametrize("folder", context_dirs(), ids=lambda p: p.name)
def test_check_with_facts_equals_the_cli(folder, facts_as):
    request = folder / "request.json"
    facts = _context_case(folder, facts_as == "dicts", facts_as == "bytes")
    status, stdout, stderr = run_cli("check", "--format", "json", *facts_args(folder), rel(request))
    if folder.name.startswith("error-"):
        assert status == 2, stderr
        expected = _cli_facts_error(folder, stderr)
        with pytest.raises(cp.FactsError) as raised:
            cp.check(request.read_bytes(), **facts)
        assert str(raised.value) == expected
        # check_many raises the same: facts that name another load balancer or group than the
        # request's are found checking it (its index first), the others on reading the facts.
        about_another = expected.startswith(("load_balancer: facts are about ", "vserver_group: facts are about "))
        for jobs in (1, 2):
            with pytest.raises(cp.FactsError) as raised:
                cp.check_many([request.read_text()], jobs=jobs, **facts)
            assert str(raised.value) == ("texts[0]: " if about_another else "") + expected
        return
    assert status in (0, 1), stderr
    assert cp.check(request.read_bytes(), **facts) == json.loads(stdout)


def _reports_by_file(stdout):
    """The reports `check --format json` prints for several requests, by their `file`."""
    decoder, reports, at = json.JSONDecoder(), {}, 0
    while at < len(stdout):
        if stdout[at].isspace():
            at += 1
            continue
        report, at = decoder.raw_decode(stdout, at)
        reports[report.pop("file")] = report
    return reports


@pytest.mark.parametrize(
    "folder",
    [d for d in context_dirs() if (d / "vserver-group.json").exists() and not d.name.startswith("error-")],
    ids=lambda p: p.name,
)
def test_every_request_against_a_groups_facts_equals_the_cli(folder):
    # Each shipped request and the case's own checked against a group's facts (and the case's
    # other facts): the calls on that group get its members' rules and diff; the other groups'
    # calls and the requests for another load balancer are FactsErrors where the CLI prints its
    # message and goes on.
    requests = [*REQUESTS, folder / "request.json"]
    status, stdout, stderr = run_cli("check", "--format", "json", *facts_args(folder), *map(rel, requests))
    assert status in (0, 1, 2), stderr
    reports = _reports_by_file(stdout)
    messages = [line for line in stderr.splitlines() if line.startswith("clb-preflight: ")]
    facts = _context_case(folder, as_dicts=True)
    refused = []
    for path in requests:
        if rel(path) in reports:
            assert cp.check(path.read_bytes(), **facts) == reports[rel(path)], rel(path)
            continue
        with pytest.raises(cp.FactsError) as raised:
            cp.check(path.read_bytes(), **facts)
        refused.append(str(raised.value))
    assert len(refused) == len(messages)
    assert sorted(refused) == sorted(_cli_facts_error(folder, m) for m in messages)
    assert any(m.startswith("vserver_group: facts are about vserver group ") for m in refused)
    assert "diff" in reports[rel(folder / "request.json")]


def test_facts_errors_name_the_argument():
    for name, pattern in [
        ("error-vserver-group-member-without-port", r"^vserver_group: facts are malformed: "),
        ("error-vserver-group-mismatch", r"^vserver_group: facts are about vserver group "),
        ("error-vserver-group-of-another-load-balancer", r"^vserver_group: facts contradict each other: "),
    ]:
        facts = _context_case(CONTEXT_CASES / name, as_dicts=False)
        with pytest.raises(cp.FactsError, match=pattern):
            cp.check((CONTEXT_CASES / name / "request.json").read_text(), **facts)
    folder = CONTEXT_CASES / "error-servers-contradict"
    facts = _context_case(folder, as_dicts=True)
    with pytest.raises(cp.FactsError, match=r"^servers\[1\]: facts contradict each other: "):
        cp.check((folder / "request.json").read_text(), **facts)
    folder = CONTEXT_CASES / "error-load-balancer-mismatch"
    with pytest.raises(cp.FactsError, match=r"^load_balancer: facts are about load balancer "):
        cp.check(
            (folder / "request.json").read_text(),
            load_balancer=(folder / "load-balancer.json").read_text(),
        )


def test_a_byte_order_mark_before_facts_is_set_aside():
    folder = CONTEXT_CASES / "all-facts-valid"
    facts = _context_case(folder, as_dicts=False)
    with_bom = dict(
        facts,
        load_balancer="\ufeff" + facts["load_balancer"],
        servers=[("\ufeff" + s).encode("utf-8") for s in facts["servers"]],
    )
    request = (folder / "request.json").read_text()
    assert cp.check(request, **with_bom) == cp.check(request, **facts)
    assert "diff" in cp.check(request, **with_bom)
    folder = CONTEXT_CASES / "group-set-changes-weight"
    group = (folder / "vserver-group.json").read_text()
    request = (folder / "request.json").read_text()
    expected = cp.check(request, vserver_group=group)
    assert "diff" in expected
    assert cp.check(request, vserver_group="\ufeff" + group) == expected
    assert cp.check(request, vserver_group=("\ufeff" + group).encode("utf-8")) == expected


def test_wrong_facts_are_facts_errors():
    request = (EXAMPLES / "request.json").read_text()
    lb = (EXAMPLES / "describe-load-balancer.json").read_text()
    instances = (EXAMPLES / "describe-instances.json").read_text()
    with pytest.raises(cp.FactsError, match=r"^load_balancer: facts are not valid JSON"):
        cp.check(request, load_balancer="{")
    with pytest.raises(cp.FactsError, match=r"^load_balancer: facts are not a response of DescribeLoadBalancerAttribute"):
        cp.check(request, load_balancer=instances)
    with pytest.raises(cp.FactsError, match=r"^servers\[0\]: facts are not a response of "):
        cp.check(request, load_balancer=lb, servers=[lb])
    with pytest.raises(cp.FactsError, match=r"^load_balancer: the facts are not UTF-8 text"):
        cp.check(request, load_balancer=b"\xff{}")
    with pytest.raises(cp.FactsError, match="quota needs the load balancer's facts"):
        cp.check(request, quota=10)
    group = (CONTEXT_CASES / "group-add-valid" / "vserver-group.json").read_text()
    with pytest.raises(cp.FactsError, match=r"^vserver_group: facts are not valid JSON"):
        cp.check(request, vserver_group="{")
    with pytest.raises(cp.FactsError, match=r"^vserver_group: facts are not a response of DescribeVServerGroupAttribute"):
        cp.check(request, vserver_group=lb)
    with pytest.raises(cp.FactsError, match=r"^vserver_group: facts are not a response of DescribeVServerGroupAttribute"):
        cp.check(request, vserver_group=json.loads(instances))
    with pytest.raises(cp.FactsError, match=r"^load_balancer: facts are not a response of DescribeLoadBalancerAttribute"):
        cp.check(request, load_balancer=group)
    with pytest.raises(cp.FactsError, match=r"^servers\[0\]: facts are not a response of "):
        cp.check(request, servers=[group])
    with pytest.raises(cp.FactsError, match=r"^vserver_group: the facts are not UTF-8 text"):
        cp.check(request, vserver_group=b"\xff{}")


def test_the_cli_says_the_same_of_wrong_json():
    # The library's message, as the CLI prints it after the file's name.
    status, _, stderr = run_cli(
        "check", "--load-balancer", "examples/describe-instances.json", "examples/request.json"
    )
    assert status == 2
    with pytest.raises(cp.FactsError) as raised:
        cp.check(
            (EXAMPLES / "request.json").read_text(),
            load_balancer=(EXAMPLES / "describe-instances.json").read_text(),
        )
    # The CLI says more when a file is the wrong response; both name what was expected.
    assert "DescribeLoadBalancerAttribute" in stderr
    assert "DescribeLoadBalancerAttribute" in str(raised.value)


def test_quota_takes_the_cli_values():
    folder = CONTEXT_CASES / "r25-over-quota"
    facts = _context_case(folder, as_dicts=False)
    request = (folder / "request.json").read_text()
    expected = cli_json("check", "--format", "json", *facts_args(folder), rel(folder / "request.json"))
    assert cp.check(request, **facts) == expected
    assert any(e["rule"] == "R25" for e in expected["errors"])
    # A larger quota lifts R25's error, as on the command line.
    lb = facts["load_balancer"]
    roomy = cli_json(
        "check", "--format", "json", "--load-balancer", rel(folder / "load-balancer.json"),
        "--quota", "1000", rel(folder / "request.json"),
    )
    assert cp.check(request, load_balancer=lb, quota=1000) == roomy
    assert not any(e["rule"] == "R25" for e in roomy["errors"])
    with pytest.raises(ValueError, match="at least 1"):
        cp.check(request, load_balancer=lb, quota=0)
    with pytest.raises(ValueError, match="at least 1"):
        cp.check(request, load_balancer=lb, quota=-5)
    # Past the CLI's largest quota is the same as it: no limit in practice.
    largest = cli_json(
        "check", "--format", "json", "--load-balancer", rel(folder / "load-balancer.json"),
        "--quota", str(2**64 - 1), rel(folder / "request.json"),
    )
    assert cp.check(request, load_balancer=lb, quota=2**64 - 1) == largest
    assert cp.check(request, load_balancer=lb, quota=10**30) == largest


def test_not_a_request_is_a_report():
    for text in ["", "[]", "not a request", b"\xff\xfe", "\ud800", "{\"LoadBalancerId\": 1}"]:
        report = cp.check(text)
        assert report["valid"] is False
        assert report["errors"], text
    assert cp.check("[]")["errors"][0]["code"] == "MalformedRequest"
    assert cp.check(b"\xff\xfe")["errors"][0]["code"] == "MalformedRequest"
    # A str with a lone surrogate is read as the bytes a file holding it would have.
    assert cp.check("\ud800") == cp.check("\ud800".encode("utf-8", "surrogatepass"))


# ---------------------------------------------------------------------------------------------
# check_many


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_check_many_equals_single_checks_in_order(jobs):
    texts = [p.read_bytes() for p in REQUESTS]
    # Over a block of 256, so that several workers share the work, and in a shuffled order.
    texts = (texts * 3)[::-1]
    reports = cp.check_many(iter(texts), jobs=jobs)
    assert reports == [cp.check(t) for t in texts]
    assert len(reports) == len(texts) > 256


def _checkable(texts, facts):
    """The texts that the facts are not about another load balancer than."""
    out = []
    for text in texts:
        try:
            cp.check(text, **facts)
        except cp.FactsError:
            continue
        out.append(text)
    return out


@pytest.mark.parametrize("jobs", [1, 2])
def test_check_many_with_facts_equals_single_checks(jobs):
    everything = [p.read_bytes() for p in REQUESTS]
    checked = 0
    for folder in context_dirs():
        if folder.name.startswith("error-"):
            continue
        facts = _context_case(folder, as_dicts=True)
        request = (folder / "request.json").read_bytes()
        texts = [request, *_checkable(everything, facts)] * 2
        reports = cp.check_many(texts, jobs=jobs, **facts)
        assert reports == [cp.check(t, **facts) for t in texts]
        checked += len(texts)
    assert checked > 1000


@pytest.mark.parametrize("jobs", [1, 2])
def test_check_many_raises_for_the_first_mismatch(jobs):
    folder = CONTEXT_CASES / "error-load-balancer-mismatch"
    lb = (folder / "load-balancer.json").read_text()
    good = (folder / "request.json").read_text().replace(
        "lb-2ze7o5h52g02kkzze7lru", json.loads(lb)["LoadBalancerId"]
    )
    bad = (folder / "request.json").read_text()
    texts = [good] * 600 + [bad] + [good] * 10
    with pytest.raises(cp.FactsError, match=r"^texts\[600\]: load_balancer: facts are about"):
        cp.check_many(texts, jobs=jobs, load_balancer=lb)
    assert len(cp.check_many([good] * 600, jobs=jobs, load_balancer=lb)) == 600


@pytest.mark.parametrize("jobs", [1, 2])
def test_check_many_raises_for_the_first_group_mismatch(jobs):
    folder = CONTEXT_CASES / "error-vserver-group-mismatch"
    group = json.loads((folder / "vserver-group.json").read_text())
    bad = (folder / "request.json").read_text()
    good = bad.replace("rsp-2zeotherotherother", group["VServerGroupId"])
    # The default server group's calls are not compared with the group's facts.
    default = (EXAMPLES / "request.json").read_text()
    texts = [good, default] * 300 + [bad] + [good] * 10
    with pytest.raises(
        cp.FactsError, match=r"^texts\[600\]: vserver_group: facts are about vserver group "
    ):
        cp.check_many(texts, jobs=jobs, vserver_group=group)
    reports = cp.check_many(texts[:600], jobs=jobs, vserver_group=group)
    assert reports[0] == cp.check(good, vserver_group=group)
    assert reports[0]["valid"] and "diff" in reports[0]
    assert reports[1] == cp.check(default)


def test_check_many_equals_the_cli_batch_mode():
    # `check --jsonl`: one report per line with its line number; the same reports.
    path = EXAMPLES / "batch.jsonl"
    status, stdout, stderr = run_cli("check", "--jobs", "2", "--jsonl", rel(path))
    assert status in (0, 1), stderr
    expected = [json.loads(line) for line in stdout.splitlines()]
    lines = path.read_bytes().split(b"\n")
    numbered = [(n, l) for n, l in enumerate(lines, 1) if l.strip(b" \t")]
    reports = cp.check_many([l for _, l in numbered], jobs=2)
    assert [e.pop("line") for e in expected] == [n for n, _ in numbered]
    assert reports == expected


def test_check_many_takes_any_iterable():
    text = (EXAMPLES / "request.json").read_text()
    assert cp.check_many([]) == []
    assert cp.check_many(t for t in [text, text.encode()]) == [cp.check(text)] * 2
    assert cp.check_many((text,), jobs=1) == [cp.check(text)]
    with pytest.raises(TypeError, match="not one request"):
        cp.check_many(text)
    with pytest.raises(TypeError, match="texts\\[1\\]"):
        cp.check_many([text, 3])
    with pytest.raises(TypeError):
        cp.check_many(5)
    with pytest.raises(ValueError):
        cp.check_many([text], jobs=0)
    with pytest.raises(TypeError):
        cp.check_many([text], jobs="2")


def test_facts_that_hold_themselves_or_nest_too_deep_are_facts_errors():
    # A dict fact is read as deep as JSON text is (128 levels): one that holds itself, or nests
    # deeper, is a FactsError, not a crash; one that shares a list at every level is bounded too.
    request = (EXAMPLES / "request.json").read_text()
    lb = json.loads((EXAMPLES / "describe-load-balancer.json").read_text())
    looped = dict(lb)
    looped["Self"] = looped
    with pytest.raises(cp.FactsError, match=r"^load_balancer: the response nests deeper than 127 levels \(or holds itself\)"):
        cp.check(request, load_balancer=looped)
    deep = []
    for _ in range(20_000):
        deep = [deep]
    server = json.loads((EXAMPLES / "describe-instances.json").read_text())
    server["Deep"] = deep
    with pytest.raises(cp.FactsError, match=r"^servers\[0\]: the response nests deeper than 127 levels"):
        cp.check(request, servers=[server])
    with pytest.raises(cp.FactsError, match=r"^vserver_group: the response nests deeper"):
        cp.check(request, vserver_group={"VServerGroupId": "rsp-1", "Deep": deep})
    shared = []
    for _ in range(100):
        shared = [shared, shared]
    with pytest.raises(cp.FactsError, match=r"^load_balancer: the response holds more than 1000000 values"):
        cp.check(request, load_balancer=dict(lb, Shared=shared))
    # As deep as the text may be, a dict is read as its text is: 127 containers, the response's
    # own object among them, and not one more.
    def nested(levels):
        value = {}
        for _ in range(levels - 2):
            value = {"n": value}
        return dict(lb, Nested=value)

    assert cp.check(request, load_balancer=nested(127)) == cp.check(
        request, load_balancer=json.dumps(nested(127))
    )
    with pytest.raises(cp.FactsError, match="nests deeper than 127 levels"):
        cp.check(request, load_balancer=nested(128))
    with pytest.raises(cp.FactsError, match="recursion limit exceeded"):
        cp.check(request, load_balancer=json.dumps(nested(128)))


def test_what_python_raises_reading_a_facts_mapping_is_raised_as_it_is():
    import collections.abc

    class Boom(Exception):
        pass

    class Exploding(collections.abc.Mapping):
        def __getitem__(self, key):
            raise Boom("getitem")

        def __iter__(self):
            raise Boom("iter")

        def __len__(self):
            return 1

    class Huge(collections.abc.Mapping):
        def __getitem__(self, key):
            return key

        def __iter__(self):
            return iter(range(10**12))

        def __len__(self):
            return 10**12

    request = (EXAMPLES / "request.json").read_text()
    with pytest.raises(Boom):
        cp.check(request, load_balancer=Exploding())
    with pytest.raises(cp.FactsError, match="holds more than 1000000 values"):
        cp.check(request, load_balancer=Huge())
