"""Type stubs of ``clb_preflight`` (the functions are in its native module)."""

from typing import Any, Iterable, List, Literal, Mapping, Optional, Sequence, TypedDict, Union

from typing_extensions import NotRequired

__version__: str
"""The version of the package, the same as the ``clb-preflight`` crate's."""

Text = Union[str, bytes]
"""A request, or JSON text: ``str`` or ``bytes``."""

Response = Union[str, bytes, Mapping[str, Any]]
"""A Describe response: its JSON text, or the ``dict`` that ``json.loads`` or an SDK's
``to_map()`` gives."""

class Location(TypedDict):
    """Where a finding's value starts in the checked text (1-based)."""

    line: int
    column: int

class Finding(TypedDict):
    """One error or warning."""

    code: str
    rule: str
    path: str
    message: str
    location: NotRequired[Location]

BackendServer = dict[str, str]
"""A backend server as the API acts on it: ``ServerId``, ``Type``, ``Weight``, and
``ServerIp``, ``Port``, ``Description`` when present; every value a string."""

class Changed(TypedDict):
    before: BackendServer
    after: BackendServer

class Diff(TypedDict):
    """What the call changes on the load balancer (with the load balancer's facts)."""

    add: List[BackendServer]
    already_attached: List[BackendServer]
    changed: List[Changed]
    removed: List[BackendServer]
    members_after: List[BackendServer]

class Report(TypedDict):
    """The JSON report of ``clb-preflight check --format json``, parsed."""

    valid: bool
    errors: List[Finding]
    warnings: List[Finding]
    unchecked: List[str]
    action: NotRequired[str]
    load_balancer_id: NotRequired[str]
    region_id: NotRequired[str]
    backend_servers: NotRequired[List[BackendServer]]
    diff: NotRequired[Diff]

class MemberCall(TypedDict):
    """A planned API call: its action, its parameters as sent, its servers."""

    action: Literal["AddBackendServers", "SetBackendServers", "RemoveBackendServers"]
    parameters: dict[str, str]
    backend_servers: List[BackendServer]
    members_after: int

class Wait(TypedDict):
    """A planned wait for connections to drain."""

    action: Literal["Wait"]
    reason: Literal["drain"]
    seconds: int

class Summary(TypedDict):
    add: int
    set: int
    remove: int
    unchanged: int
    calls: int

class Plan(TypedDict):
    """The JSON plan of ``clb-preflight plan --format json``, parsed."""

    valid: bool
    errors: List[Finding]
    warnings: List[Finding]
    unchecked: List[str]
    load_balancer_id: str
    calls: List[Union[MemberCall, Wait]]
    summary: Summary
    members_after: List[BackendServer]

Explanation = TypedDict(
    "Explanation",
    {
        "code": str,
        "class": Literal["throttled", "busy", "permanent", "unknown"],
        "retry": bool,
        "rule": Optional[str],
        "advice": str,
    },
)
"""What ``clb-preflight explain --format json`` prints."""

class FactsError(ValueError):
    """Facts that cannot be used (where the command line exits 2): not JSON, not the response
    the argument takes, malformed, contradicting other facts, about another load balancer
    than the request's; a plan without the load balancer's facts; vServer-group facts (not
    supported yet). The message is the library's, after the argument's name."""

def check(
    text: Text,
    load_balancer: Optional[Response] = None,
    servers: Optional[Iterable[Response]] = (),
    vserver_group: Optional[Response] = None,
    quota: Optional[int] = None,
) -> Report:
    """Checks one request; returns its report (the CLI's JSON report, parsed).

    Raises FactsError for facts that cannot be used, TypeError for a wrong type, ValueError
    for a quota below 1. A text that is no request is a report with a MalformedRequest error.
    """

def check_many(
    texts: Iterable[Text],
    *,
    jobs: Optional[int] = None,
    load_balancer: Optional[Response] = None,
    servers: Optional[Iterable[Response]] = (),
    vserver_group: Optional[Response] = None,
    quota: Optional[int] = None,
) -> List[Report]:
    """Checks many requests against the same facts on ``jobs`` threads (default: one per
    core; the checks without the GIL, the dicts on the calling thread); returns their reports
    in order, the same dicts as ``check`` one by one."""

def plan(
    desired: Union[Text, Sequence[Mapping[str, Any]], Mapping[str, Any]],
    *,
    load_balancer: Optional[Response] = None,
    vserver_group: Optional[Response] = None,
    servers: Optional[Iterable[Response]] = (),
    quota: Optional[int] = None,
    order: Literal["add-first", "remove-first"] = "add-first",
    drain: bool = False,
    region_id: Optional[str] = None,
    drain_seconds: Optional[int] = None,
    allow_empty: bool = False,
) -> Plan:
    """Plans the fewest valid Add/Set/Remove calls from the load balancer's members to
    ``desired``; returns the plan (the CLI's JSON plan, parsed). ``load_balancer`` is needed.

    Raises FactsError without the load balancer's facts, with facts that cannot be used, or
    with ``vserver_group``/``region_id`` (not supported yet)."""

def explain(code: str, http_status: Optional[int] = None) -> Explanation:
    """What to do about a live API error code: its class, whether to retry, the rule that
    catches it before sending, advice."""
