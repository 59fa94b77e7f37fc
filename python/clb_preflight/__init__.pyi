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

class Position(TypedDict):
    """A character's place in the checked text (1-based; columns in characters)."""

    line: int
    column: int

class Span(TypedDict):
    """Bytes of the checked text: ``start`` inclusive, ``end`` exclusive."""

    start: int
    end: int

class Location(TypedDict):
    """Where a finding's value lies in the checked text: its first character (``line``,
    ``column``), its last (``end``), its bytes (``span``)."""

    line: int
    column: int
    end: Position
    span: Span

class Finding(TypedDict):
    """One error or warning."""

    code: str
    rule: str
    path: str
    message: str
    location: NotRequired[Location]
    suggestion: NotRequired[str]
    repeats: NotRequired[int]
    help: NotRequired[str]

BackendServer = dict[str, str]
"""A backend server as the API acts on it: ``ServerId``, ``Type``, ``Weight``, and
``ServerIp``, ``Port``, ``Description`` (``ServerType`` in a master-slave group) when present;
every value a string."""

class Changed(TypedDict):
    before: BackendServer
    after: BackendServer

class Diff(TypedDict):
    """What the call changes on the load balancer, or on the vServer group (with their
    facts)."""

    add: List[BackendServer]
    already_attached: List[BackendServer]
    changed: List[Changed]
    removed: List[BackendServer]
    members_after: List[BackendServer]

class Report(TypedDict):
    """The JSON report of ``clb-preflight check --format json``, parsed. The request's parts
    only when valid (``action`` absent for ``AddBackendServers``; ``load_balancer_id`` or
    ``vserver_group_id`` as the call names one; ``group_name`` when it gives one;
    ``old_backend_servers`` for ``ModifyVServerGroupBackendServers``); ``diff`` with the facts
    of what the call changes."""

    valid: bool
    errors: List[Finding]
    warnings: List[Finding]
    unchecked: List[str]
    action: NotRequired[str]
    load_balancer_id: NotRequired[str]
    vserver_group_id: NotRequired[str]
    region_id: NotRequired[str]
    group_name: NotRequired[str]
    old_backend_servers: NotRequired[List[BackendServer]]
    backend_servers: NotRequired[List[BackendServer]]
    diff: NotRequired[Diff]

class Parameters(TypedDict):
    """A planned call's API parameters as sent: ``RegionId`` (when known: always for a vServer
    group's calls), ``LoadBalancerId`` for the load balancer's calls or ``VServerGroupId`` for a
    group's, and ``BackendServers`` as its JSON string."""

    RegionId: NotRequired[str]
    LoadBalancerId: NotRequired[str]
    VServerGroupId: NotRequired[str]
    BackendServers: str

class MemberCall(TypedDict):
    """A planned API call: its action, its parameters as sent (a request model's
    ``from_map``), its servers, the number of members after it; with ``min_serving``, the
    number of members with a weight above 0 after it (``serving_after``)."""

    action: Literal[
        "AddBackendServers",
        "SetBackendServers",
        "RemoveBackendServers",
        "AddVServerGroupBackendServers",
        "SetVServerGroupAttribute",
        "RemoveVServerGroupBackendServers",
    ]
    parameters: Parameters
    backend_servers: List[BackendServer]
    members_after: int
    serving_after: NotRequired[int]

class Wait(TypedDict):
    """A planned wait for connections to drain."""

    action: Literal["Wait"]
    reason: Literal["drain"]
    seconds: int

class Summary(TypedDict):
    """The plan's counts; with ``own``, ``foreign``: the members not owned, left alone (a refused
    plan counts them too)."""

    add: int
    set: int
    remove: int
    unchanged: int
    calls: int
    foreign: NotRequired[int]

class Plan(TypedDict):
    """The JSON plan of ``clb-preflight plan --format json``, parsed. ``vserver_group_id`` for
    a vServer group's plan; ``load_balancer_id`` when the facts name it (the load balancer's,
    or the group's, which names its load balancer); ``own``, the prefix given as ``own``."""

    valid: bool
    errors: List[Finding]
    warnings: List[Finding]
    unchecked: List[str]
    vserver_group_id: NotRequired[str]
    load_balancer_id: NotRequired[str]
    own: NotRequired[str]
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
    the argument takes, malformed, contradicting other facts (a vServer group of another load
    balancer than ``load_balancer``'s), about another load balancer or vServer group than the
    request's; a plan without the load balancer's facts nor a vServer group's, or a group's
    plan whose region nothing names (``region_id: …``). The message is the library's, after
    the argument's name (``vserver_group: facts are about vserver group …``)."""

def check(
    text: Text,
    load_balancer: Optional[Response] = None,
    servers: Optional[Iterable[Response]] = (),
    vserver_group: Optional[Response] = None,
    quota: Optional[int] = None,
) -> Report:
    """Checks one request; returns its report (the CLI's JSON report, parsed).

    Facts, each as JSON text or a dict: ``load_balancer`` a DescribeLoadBalancerAttribute
    response, ``vserver_group`` a DescribeVServerGroupAttribute response (for the calls on
    that group), each of ``servers`` a DescribeInstances, DescribeNetworkInterfaces or
    DescribeContainerGroups response; ``quota`` needs ``load_balancer``.

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
    other_groups: Optional[Iterable[Response]] = (),
    quota: Optional[int] = None,
    order: Literal["add-first", "remove-first"] = "add-first",
    drain: bool = False,
    region_id: Optional[str] = None,
    drain_seconds: Optional[int] = None,
    allow_empty: bool = False,
    own: Optional[str] = None,
    min_serving: Union[int, str, None] = None,
) -> Plan:
    """Plans the fewest valid Add/Set/Remove calls from the load balancer's members to
    ``desired`` — or, with ``vserver_group`` (a DescribeVServerGroupAttribute response), from
    that group's members, each desired item with its ``Port``; returns the plan (the CLI's
    JSON plan, parsed). ``load_balancer`` is needed unless ``vserver_group`` is given.

    ``region_id`` is the region every call names, before the desired request object's and the
    load balancer's facts'; a group's calls need one of them.

    On a shared load balancer: ``own`` manages only the members whose Description starts with
    it (``--own``); ``other_groups`` (the load balancer's other vServer groups' responses,
    ``--other-group``) count toward the quota; ``min_serving`` (an int, or ``"3"``/``"50%"``,
    ``--min-serving``) keeps that many members serving after every call, or refuses the plan.

    Raises FactsError without the load balancer's facts nor a group's, with facts that cannot
    be used (``other_groups[n]: …``), or for a group's plan whose region nothing names;
    ValueError for a malformed ``region_id``, a ``min_serving`` that is no floor, an unknown
    ``order``, ``drain_seconds`` without ``drain``; TypeError for a wrong type (``region_id``
    or ``own`` not a str, ``min_serving`` neither an int nor a str)."""

def explain(code: str, http_status: Optional[int] = None) -> Explanation:
    """What to do about a live API error code: its class, whether to retry, the rule that
    catches it before sending, advice."""
