"""Check an Alibaba Cloud CLB ``AddBackendServers`` request (or another member call: the
default server group's, a vServer group's, a master-slave group's) before it is sent, and plan
the member calls: the ``clb-preflight`` Rust library, for Python.

- :func:`check` — one request (JSON text of API parameters, or an RPC query string) to its
  report, the ``dict`` that ``clb-preflight check --format json`` prints; with facts (the
  load balancer's, a vServer group's, the servers' Describe responses) the context rules and
  the ``diff``;
- :func:`check_many` — many requests against the same facts, on several threads;
- :func:`plan` — the fewest valid Add/Set/Remove calls from the members attached (the load
  balancer's, or a vServer group's) to the ones wanted (``clb-preflight plan --format json``);
- :func:`explain` — what to do about an error code the live API returned;
- :class:`FactsError` — facts that cannot be used (a ``ValueError``).

The work runs in Rust without the GIL; every function is safe to call from any number of
threads at once.
"""

from ._native import FactsError, __version__, check, check_many, explain, plan

__all__ = ["FactsError", "__version__", "check", "check_many", "explain", "plan"]
