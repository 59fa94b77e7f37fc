"""`explain` against `clb-preflight explain --format json`."""

import json

import pytest

import clb_preflight as cp
from conftest import cli_json

CODES = [
    ("ServiceIsConfiguring", None),
    ("ServiceIsConfiguring", 400),
    ("Throttling.User", 400),
    ("TooManyBackendServers", 400),
    ("InvalidWeight.Malformed", None),
    ("SomethingNew", 503),
    ("SomethingNew", 429),
    ("SomethingNew", 400),
    ("SomethingNew", None),
    ("", None),
]


@pytest.mark.parametrize("code,status", CODES)
def test_explain_equals_the_cli(code, status):
    args = ["explain", code, "--format", "json"]
    if status is not None:
        args += ["--http-status", str(status)]
    expected = cli_json(*args, statuses=(0,))
    got = cp.explain(code, status) if status is not None else cp.explain(code)
    assert got == expected
    assert list(got) == ["code", "class", "retry", "rule", "advice"]
    assert json.dumps(got, separators=(",", ":")) == json.dumps(expected, separators=(",", ":"))


def test_explain_classes():
    assert cp.explain("TooManyBackendServers")["rule"] == "R4"
    assert cp.explain("SomethingNew", http_status=503)["class"] == "busy"
    assert cp.explain("SomethingNew", http_status=503)["retry"] is True
    assert cp.explain("SomethingNew")["class"] == "unknown"


def test_explain_errors():
    with pytest.raises(ValueError, match="100 to 599"):
        cp.explain("Throttling", 600)
    with pytest.raises(ValueError):
        cp.explain("Throttling", 99)
    with pytest.raises(TypeError):
        cp.explain(400)
    with pytest.raises(TypeError):
        cp.explain("Throttling", "400")
    with pytest.raises(TypeError):
        cp.explain("Throttling", True)
