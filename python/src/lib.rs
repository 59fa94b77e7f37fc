//! `clb_preflight._native`: the `clb-preflight` library for Python, the native half of the
//! `clb_preflight` package (its `__init__.py` re-exports everything here).
//!
//! Each function reads its Python arguments while holding the GIL (texts are borrowed, not
//! copied), does the library's work without it (`Python::detach`, PyO3's name for what was
//! `allow_threads`), then builds the result's `dict` with it, straight from the library's
//! serde output (`to_py`). The `dict` is the JSON the command line prints, parsed: the tests
//! under `python/tests/` compare the two on every shipped case.
//!
//! Errors are Python's: `TypeError` for an argument of the wrong type, `ValueError` for a bad
//! value, and `FactsError` (a `ValueError`) for facts that cannot be used — where the command
//! line exits 2 — with the library's message after the argument's name (the command line puts
//! the file's name there).

mod to_py;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};
use serde_json::Value;

// Every name of the library this binding uses, in one place: when the library moves or renames
// one, this is the line to change.
use clb_preflight::live::explain as explain_error;
use clb_preflight::plan::{plan as plan_calls, MinServing, Order, PlanError, PlanOptions};
use clb_preflight::{checker::WithFacts, Checker, Context, ContextError, RegionId, Report};

use to_py::to_py;

pyo3::create_exception!(
    clb_preflight,
    FactsError,
    PyValueError,
    "Facts that cannot be used: a Describe response that is not JSON, not the response its \
argument takes, malformed or contradicting other facts, or about another load balancer than \
the request's, or about another vServer group than the request's; also a plan without the load \
balancer's facts nor a vServer group's, or a group's plan whose region nothing names. Where the \
command line exits 2. The message is the library's, after the argument's name \
(`load_balancer: facts are …`, `vserver_group: facts are …`)."
);

/// How many requests a worker checks at a time in `check_many`: large enough that handing out
/// work costs nothing next to it, small enough (about a millisecond of dicts) that the reports
/// come back in order steadily.
const BLOCK: usize = 256;

/// How many requests `check_many(jobs=1)` checks at a time without the GIL before making their
/// dicts: their reports, a few megabytes, are all that is held at once.
const CHUNK: usize = 4096;

// ---------------------------------------------------------------------------------------------
// Arguments

/// A request as given: borrowed from a Python `str` or `bytes` (both immutable, so the borrow
/// holds without the GIL), or owned bytes for a `str` that is not valid Unicode.
enum Request<'a> {
    Text(&'a str),
    Bytes(&'a [u8]),
    Owned(Vec<u8>),
}

impl<'a> Request<'a> {
    /// Reads a request argument: `str` or `bytes`, else `TypeError`.
    fn of(obj: &'a Bound<'_, PyAny>, what: &dyn Fn() -> String) -> PyResult<Request<'a>> {
        if let Ok(text) = obj.cast::<PyString>() {
            return Ok(match text.to_str() {
                Ok(text) => Request::Text(text),
                // Lone surrogates: the bytes a file holding them would have, which are not UTF-8
                // (the report says so, as the command line's does).
                Err(_) => Request::Owned(
                    text.call_method1("encode", ("utf-8", "surrogatepass"))?
                        .cast::<PyBytes>()?
                        .as_bytes()
                        .to_vec(),
                ),
            });
        }
        if let Ok(bytes) = obj.cast::<PyBytes>() {
            return Ok(Request::Bytes(bytes.as_bytes()));
        }
        Err(PyTypeError::new_err(format!(
            "{} takes a request as str or bytes, not {}",
            what(),
            type_name(obj)
        )))
    }

    /// Its bytes.
    fn bytes(&self) -> &[u8] {
        match self {
            Request::Text(text) => text.as_bytes(),
            Request::Bytes(bytes) => bytes,
            Request::Owned(bytes) => bytes,
        }
    }

    /// Its text, when it is UTF-8.
    fn text(&self) -> Option<&str> {
        match self {
            Request::Text(text) => Some(text),
            Request::Bytes(bytes) => std::str::from_utf8(bytes).ok(),
            Request::Owned(bytes) => std::str::from_utf8(bytes).ok(),
        }
    }
}

/// Checks `request` as the command line does: checked and located at once when it is UTF-8
/// text. The error is the message of a `FactsError`: the facts are about another load balancer
/// (or vServer group) than the request's, after the name of the argument that gave them.
fn check_one(checker: &Checker<WithFacts<'_>>, request: &Request<'_>) -> Result<Report, String> {
    match request.text() {
        Some(text) => checker.check_located(text),
        None => checker.check_bytes(request.bytes()),
    }
    .map_err(|e| {
        // As the command line names the file: the group's for a group mismatch, else the load
        // balancer's (the only other facts a request is compared with).
        let name = match e {
            ContextError::VServerGroupMismatch { .. } => "vserver_group",
            _ => "load_balancer",
        };
        format!("{name}: {e}")
    })
}

/// What `check_many`'s workers share: each block's reports once checked, and how many workers
/// have ended.
struct Slots<T> {
    done: Vec<Option<Vec<T>>>,
    /// Blocks whose dicts are made, for a worker to drop: freeing the reports where they were
    /// made keeps that work (and the allocator's cross-thread frees) off the GIL's thread.
    spent: Vec<Vec<T>>,
    finished: usize,
}

/// Counts a worker as finished when dropped (also when it unwinds), and wakes the waiter.
struct Finished<'a, T>(&'a Mutex<Slots<T>>, &'a Condvar);

impl<T> Drop for Finished<'_, T> {
    fn drop(&mut self) {
        lock(self.0).finished += 1;
        self.1.notify_one();
    }
}

/// Tells the workers to stop when dropped: the caller is done, returning or raising.
struct Stop<'a>(&'a AtomicBool);

impl Drop for Stop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Gives other Python threads their turn while this thread makes dicts, as the interpreter
/// does between bytecodes: a long `check_many` holds the GIL about a switch interval at a
/// stretch (`sys.getswitchinterval()`, 5 ms by default), not for all its dicts.
///
/// The GIL is let go once more than an interval and a half has passed. Not more often: a
/// thread waiting for the GIL asks for it only when a whole interval passes without the GIL
/// being let go (CPython's `take_gil`), and only a thread that asked is sure to get it when it
/// is let go; letting go every millisecond would wake it each time and starve it. Costs
/// nothing when no other thread waits.
struct Turns {
    every: Duration,
    since: Instant,
}

impl Turns {
    fn new(py: Python<'_>) -> Turns {
        let interval = py
            .import("sys")
            .and_then(|sys| sys.call_method0("getswitchinterval"))
            .and_then(|i| i.extract::<f64>())
            .unwrap_or(0.005);
        Turns {
            every: Duration::from_secs_f64(interval.clamp(1e-6, 1.0) * 1.5),
            since: Instant::now(),
        }
    }

    /// Lets the GIL go when this thread has held it long enough.
    fn take(&mut self, py: Python<'_>) {
        if self.since.elapsed() >= self.every {
            py.detach(|| ());
            self.restart();
        }
    }

    /// The GIL was let go (a wait, a check): a new stretch begins.
    fn restart(&mut self) {
        self.since = Instant::now();
    }
}

/// Locks `mutex`, also after a panic elsewhere (the slots stay consistent: each is written
/// whole).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A Describe response as given: its JSON text, or the value a `dict` holds.
enum Response {
    Text(String),
    Value(Value),
}

/// The facts of one call, read from the arguments with the GIL, made into a [`Context`]
/// without it.
struct Facts {
    load_balancer: Option<Response>,
    vserver_group: Option<Response>,
    servers: Vec<Response>,
    /// The load balancer's other vServer groups (`plan`'s `other_groups`): their members count
    /// toward the quota.
    other_groups: Vec<Response>,
    quota: Option<usize>,
}

impl Facts {
    /// Reads the facts arguments. `quota` needs `load_balancer`, as on the command line.
    fn read(
        load_balancer: Option<&Bound<'_, PyAny>>,
        servers: Option<&Bound<'_, PyAny>>,
        vserver_group: Option<&Bound<'_, PyAny>>,
        quota: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Facts> {
        let load_balancer = load_balancer
            .filter(|lb| !lb.is_none())
            .map(|lb| response(lb, "load_balancer"))
            .transpose()?;
        let listed = servers
            .map(|s| responses(s, "servers"))
            .transpose()?
            .unwrap_or_default();
        let vserver_group = vserver_group
            .filter(|g| !g.is_none())
            .map(|g| response(g, "vserver_group"))
            .transpose()?;
        let quota = quota.filter(|q| !q.is_none()).map(quota_arg).transpose()?;
        if quota.is_some() && load_balancer.is_none() {
            return Err(FactsError::new_err(
                "quota needs the load balancer's facts: give load_balancer too",
            ));
        }
        Ok(Facts {
            load_balancer,
            vserver_group,
            servers: listed,
            other_groups: Vec::new(),
            quota,
        })
    }

    /// The context, or the message of the facts that cannot be used. Needs no GIL.
    ///
    /// Added in the command line's order (load balancer, vServer group, servers, other groups),
    /// so that the same facts fail on the same argument: a group of another load balancer than
    /// `load_balancer`'s is `vserver_group`'s error.
    fn context(self) -> Result<Context, String> {
        let mut context = Context::new();
        if let Some(lb) = self.load_balancer {
            match lb {
                Response::Text(text) => context.add_load_balancer(&text),
                Response::Value(value) => context.add_load_balancer_value(value),
            }
            .map_err(|e| format!("load_balancer: {e}"))?;
        }
        if let Some(group) = self.vserver_group {
            match group {
                Response::Text(text) => context.add_vserver_group(&text),
                Response::Value(value) => context.add_vserver_group_value(value),
            }
            .map_err(|e| format!("vserver_group: {e}"))?;
        }
        for (n, servers) in self.servers.into_iter().enumerate() {
            match servers {
                Response::Text(text) => context.add_servers(&text),
                Response::Value(value) => context.add_servers_value(value),
            }
            .map_err(|e| format!("servers[{n}]: {e}"))?;
        }
        // `--other-group` is read after the other facts on the command line too. The library
        // reads another group from its text only: a `dict` is written back as JSON first.
        for (n, group) in self.other_groups.into_iter().enumerate() {
            match group {
                Response::Text(text) => context.add_other_group(&text),
                Response::Value(value) => match serde_json::to_string(&value) {
                    Ok(text) => context.add_other_group(&text),
                    Err(e) => return Err(format!("other_groups[{n}]: {e}")),
                },
            }
            .map_err(|e| format!("other_groups[{n}]: {e}"))?;
        }
        if let Some(quota) = self.quota {
            context.set_quota(quota);
        }
        Ok(context)
    }
}

/// A list of Describe responses argument (`servers`, `other_groups`): any iterable of them, but
/// not a single one (`TypeError`: give `[response]`). Each is named `name[n]` in messages.
fn responses(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<Response>> {
    if obj.is_none() {
        return Ok(Vec::new());
    }
    if obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<PyBytes>()
        || obj.cast::<PyMapping>().is_ok()
    {
        return Err(PyTypeError::new_err(format!(
            "{name} takes a list of Describe responses, not one {}: give [response]",
            type_name(obj)
        )));
    }
    let items = obj.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "{name} takes a list of Describe responses, not {}",
            type_name(obj)
        ))
    })?;
    items
        .enumerate()
        .map(|(n, item)| response(&item?, &format!("{name}[{n}]")))
        .collect()
}

/// A Describe response argument: JSON text (`str`, or UTF-8 `bytes`; a leading byte-order mark
/// set aside, as the command line does) or a mapping (a `dict` from `json.loads` or an SDK's
/// `to_map()`).
fn response(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Response> {
    let text = if let Ok(text) = obj.cast::<PyString>() {
        text.to_cow()?.into_owned()
    } else if let Ok(bytes) = obj.cast::<PyBytes>() {
        String::from_utf8(bytes.as_bytes().to_vec())
            .map_err(|_| FactsError::new_err(format!("{name}: the facts are not UTF-8 text")))?
    } else if obj.cast::<PyMapping>().is_ok() {
        let value = json_value(obj, 0, &mut 0).map_err(|e| match e {
            NotJson::TooDeep => FactsError::new_err(format!(
                "{name}: the response nests deeper than {MAX_DEPTH} levels (or holds itself); expected a Describe response, which JSON text could carry"
            )),
            NotJson::TooLarge => FactsError::new_err(format!(
                "{name}: the response holds more than {MAX_VALUES} values (counting each time a shared one is met); expected a Describe response"
            )),
            NotJson::Value(e) => {
                PyTypeError::new_err(format!("{name}: the response cannot be read as JSON: {e}"))
            }
            NotJson::Python(e) => e,
        })?;
        return Ok(Response::Value(value));
    } else {
        return Err(PyTypeError::new_err(format!(
            "{name} takes a Describe response as JSON text (str or bytes) or as a dict, not {}",
            type_name(obj)
        )));
    };
    Ok(Response::Text(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    }))
}

/// How many containers a fact given as a `dict` may nest, itself included: as many as serde_json
/// reads in JSON text (its recursion limit of 128 admits 127), so a `dict` and its `json.dumps`
/// are read alike — and a `dict` that holds itself ends here instead of overflowing the stack.
const MAX_DEPTH: usize = 127;

/// How many values a fact given as a `dict` may hold, each shared one counted each time it is
/// met: a list that holds the same list twice, nested, doubles at every level; a Describe
/// response of 10,000 members holds about 100,000.
const MAX_VALUES: usize = 1_000_000;

/// Why a Python value is not JSON.
enum NotJson {
    /// It nests deeper than [`MAX_DEPTH`] (or holds itself).
    TooDeep,
    /// It holds more than [`MAX_VALUES`] values.
    TooLarge,
    /// A value JSON has no form for.
    Value(String),
    /// Python raised while it was read (its `__len__`, `items()` or iteration): raised again as
    /// it is, as `json.dumps` lets it through (a `KeyboardInterrupt` stays one).
    Python(PyErr),
}

impl From<PyErr> for NotJson {
    fn from(error: PyErr) -> NotJson {
        NotJson::Python(error)
    }
}

impl From<String> for NotJson {
    fn from(message: String) -> NotJson {
        NotJson::Value(message)
    }
}

/// A Python value as JSON: `dict` (any mapping with `str` keys), `list`, `tuple`, `str`, `int`,
/// `float`, `bool` and `None`, as `json.dumps` takes them.
fn json_value(obj: &Bound<'_, PyAny>, depth: usize, seen: &mut usize) -> Result<Value, NotJson> {
    *seen += 1;
    if *seen > MAX_VALUES {
        return Err(NotJson::TooLarge);
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(text) = obj.cast::<PyString>() {
        return text
            .to_cow()
            .map(|t| Value::String(t.into_owned()))
            .map_err(|e| NotJson::Value(e.to_string()));
    }
    if obj.is_instance_of::<PyInt>() {
        return match obj.extract::<i64>() {
            Ok(n) => Ok(Value::from(n)),
            Err(_) => obj
                .extract::<u64>()
                .map(Value::from)
                .map_err(|_| NotJson::Value(format!("the integer {obj} is out of range"))),
        };
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return serde_json::Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| NotJson::Value(format!("{obj} is not a JSON number")));
    }
    let nests = obj.cast::<PyMapping>().is_ok()
        || obj.is_instance_of::<PyList>()
        || obj.is_instance_of::<PyTuple>();
    // `depth` containers hold this one.
    if nests && depth >= MAX_DEPTH {
        return Err(NotJson::TooDeep);
    }
    if let Ok(map) = obj.cast::<PyMapping>() {
        let mut out = serde_json::Map::new();
        if map.len()? > MAX_VALUES {
            return Err(NotJson::TooLarge);
        }
        for item in map.items()?.iter() {
            let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) =
                item.extract().map_err(|e: PyErr| e.to_string())?;
            let key = key
                .cast::<PyString>()
                .map_err(|_| format!("a key of type {} (JSON keys are str)", type_name(&key)))?
                .to_cow()
                .map_err(|e| e.to_string())?
                .into_owned();
            out.insert(key, json_value(&value, depth + 1, seen)?);
        }
        return Ok(Value::Object(out));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut out = Vec::new();
        for item in obj.try_iter()? {
            out.push(json_value(&item?, depth + 1, seen)?);
        }
        return Ok(Value::Array(out));
    }
    Err(NotJson::Value(format!(
        "a value of type {} (not JSON)",
        type_name(obj)
    )))
}

/// A whole number argument in `min..=max`: `TypeError` for another type (a `bool` among them),
/// `ValueError` out of range.
fn whole(obj: &Bound<'_, PyAny>, name: &str, min: u64, max: u64) -> PyResult<u64> {
    int_only(obj, name)?;
    match obj.extract::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(PyValueError::new_err(format!(
            "{name} takes {min} to {max}, not {obj}"
        ))),
    }
}

/// `TypeError` unless `obj` is an `int` (a `bool` is not taken for one).
fn int_only(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<()> {
    if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "{name} takes an int, not {}",
            type_name(obj)
        )));
    }
    Ok(())
}

/// The members quota: an int, at least 1 (one past any count is as good as no limit).
fn quota_arg(obj: &Bound<'_, PyAny>) -> PyResult<usize> {
    int_only(obj, "quota")?;
    if obj.lt(1)? {
        return Err(PyValueError::new_err(
            "quota: the quota is at least 1 member",
        ));
    }
    Ok(obj
        .extract::<u64>()
        .ok()
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(usize::MAX))
}

/// `order`: `"add-first"` or `"remove-first"` (else `ValueError`), a `str` (else `TypeError`).
fn order_arg(obj: &Bound<'_, PyAny>) -> PyResult<Order> {
    let text = obj
        .cast::<PyString>()
        .map_err(|_| PyTypeError::new_err(format!("order takes a str, not {}", type_name(obj))))?
        .to_cow()?;
    match &*text {
        "add-first" => Ok(Order::AddFirst),
        "remove-first" => Ok(Order::RemoveFirst),
        other => Err(PyValueError::new_err(format!(
            "order takes \"add-first\" or \"remove-first\", not {other:?}"
        ))),
    }
}

/// A flag argument named `name`: a `bool` (else `TypeError`, as an `int` is no flag here).
fn flag_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<bool> {
    obj.cast::<PyBool>()
        .map(|b| b.is_true())
        .map_err(|_| PyTypeError::new_err(format!("{name} takes a bool, not {}", type_name(obj))))
}

/// `drain`: a `bool`.
fn drain_arg(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    flag_arg(obj, "drain")
}

/// `allow_empty`: a `bool`.
fn allow_empty_arg(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    flag_arg(obj, "allow_empty")
}

/// The type's name, for messages.
fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "this type".to_owned(), |n| n.to_string())
}

// ---------------------------------------------------------------------------------------------
// check, check_many

/// Checks a request in either wire form and returns its report: the `dict` that
/// `json.loads` of `clb-preflight check --format json` gives for the same input and facts.
///
/// `text` is the request as `str` or `bytes`: a JSON object of API parameters (`RegionId`,
/// `LoadBalancerId`, `BackendServers` as its JSON string or an array) or an RPC query string.
/// Anything else gives a report with a `MalformedRequest` error, never an exception.
///
/// Facts (optional) make the context rules (R20 to R29, R32) and the `diff` apply:
/// `load_balancer` is a `DescribeLoadBalancerAttribute` response, `vserver_group` a
/// `DescribeVServerGroupAttribute` response (the group whose members a vServer-group call
/// changes: its members, with their ports), each item of `servers` a `DescribeInstances`,
/// `DescribeNetworkInterfaces` or `DescribeContainerGroups` response, each as JSON text or as
/// a `dict`; `quota` the members quota when not 200 (needs `load_balancer`).
///
/// Raises `FactsError` (a `ValueError`) for facts that cannot be used — among them a group of
/// another load balancer than `load_balancer`'s, and facts about another load balancer or group
/// than the request's — `TypeError` for an argument of the wrong type, `ValueError` for a quota
/// below 1.
#[pyfunction]
#[pyo3(
    signature = (text, load_balancer=None, servers=None, vserver_group=None, quota=None),
    text_signature = "(text, load_balancer=None, servers=(), vserver_group=None, quota=None)"
)]
fn check<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    load_balancer: Option<&Bound<'py, PyAny>>,
    servers: Option<&Bound<'py, PyAny>>,
    vserver_group: Option<&Bound<'py, PyAny>>,
    quota: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let request = Request::of(text, &|| "check".to_owned())?;
    let facts = Facts::read(load_balancer, servers, vserver_group, quota)?;
    let report = py.detach(|| {
        let context = facts.context()?;
        check_one(&Checker::new().with_context(&context), &request)
    });
    to_py(py, &report.map_err(FactsError::new_err)?)
}

/// Checks many requests against the same facts: the list of their reports, in order, each the
/// `dict` that `check` gives for it.
///
/// `texts` is any iterable of requests (`str` or `bytes`). The work runs on `jobs` threads
/// (default: one per core): with `jobs=1` the calling thread checks the requests without the
/// GIL, then makes their dicts; with more, `jobs - 1` worker threads check them without the
/// GIL while the calling thread makes the dicts of those already checked (dicts need the GIL).
/// Other Python threads get their turn between blocks of 256 dicts. The facts arguments are
/// `check`'s.
///
/// Raises what `check` raises; `FactsError` for the first request, in order, that the load
/// balancer's (or the vServer group's) facts are not about (its index in the message);
/// `ValueError` for `jobs` below 1.
#[pyfunction]
#[pyo3(
    signature = (texts, *, jobs=None, load_balancer=None, servers=None, vserver_group=None, quota=None),
    text_signature = "(texts, *, jobs=None, load_balancer=None, servers=(), vserver_group=None, quota=None)"
)]
fn check_many<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    jobs: Option<&Bound<'py, PyAny>>,
    load_balancer: Option<&Bound<'py, PyAny>>,
    servers: Option<&Bound<'py, PyAny>>,
    vserver_group: Option<&Bound<'py, PyAny>>,
    quota: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    if texts.is_instance_of::<PyString>() || texts.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(
            "check_many takes an iterable of requests, not one request: use check, or give [text]",
        ));
    }
    let jobs = match jobs.filter(|j| !j.is_none()) {
        Some(jobs) => usize::try_from(whole(jobs, "jobs", 1, 4096)?).unwrap_or(1),
        None => std::thread::available_parallelism().map_or(1, usize::from),
    };
    let objects: Vec<Bound<'py, PyAny>> = texts
        .try_iter()
        .map_err(|_| {
            PyTypeError::new_err(format!(
                "check_many takes an iterable of requests, not {}",
                type_name(texts)
            ))
        })?
        .collect::<PyResult<_>>()?;
    let requests = objects
        .iter()
        .enumerate()
        .map(|(n, obj)| Request::of(obj, &|| format!("check_many: texts[{n}]")))
        .collect::<PyResult<Vec<_>>>()?;
    let facts = Facts::read(load_balancer, servers, vserver_group, quota)?;
    let context = py.detach(|| facts.context()).map_err(FactsError::new_err)?;
    let checker = Checker::new().with_context(&context);
    let check = |request: &Request<'_>| check_one(&checker, request);
    let out = PyList::empty(py);
    // The dict of request `n`; the first whose facts are about another load balancer (or group)
    // ends the call.
    let append = |n: usize, checked: &Result<Report, String>| -> PyResult<()> {
        let report = checked
            .as_ref()
            .map_err(|message| FactsError::new_err(format!("texts[{n}]: {message}")))?;
        out.append(to_py(py, report)?)
    };
    if jobs == 1 || requests.len() <= BLOCK {
        // Many checked at a time without the GIL: taking it back costs up to a switch interval
        // (5 ms) when other Python threads are busy, so not once a block.
        let mut turns = Turns::new(py);
        for (c, chunk) in requests.chunks(CHUNK).enumerate() {
            let reports: Vec<_> = py.detach(|| chunk.iter().map(check).collect());
            turns.restart();
            for (i, checked) in reports.iter().enumerate() {
                if i % 16 == 0 {
                    turns.take(py);
                }
                append(c * CHUNK + i, checked)?;
            }
            // Freed without the GIL too: that is Rust's work.
            py.detach(move || drop(reports));
        }
        return Ok(out);
    }
    // Workers check blocks in turn and put them in their slots; this thread, holding the GIL,
    // makes the dicts of each block in order as soon as it is there, and waits without the GIL.
    let blocks: Vec<&[Request<'_>]> = requests.chunks(BLOCK).collect();
    // `jobs` threads in all: this one, which makes the dicts, and the workers. (Measured: one
    // worker besides this thread for `jobs=2` is faster than two, which would share the two
    // cores with it; bench.py, jobs=2 / jobs=1: 0.70 - 0.75 against 0.81 - 1.07.)
    let workers = (jobs - 1).clamp(1, blocks.len());
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let shared = Mutex::new(Slots {
        done: (0..blocks.len()).map(|_| None).collect(),
        spent: Vec::new(),
        finished: 0,
    });
    let ready = Condvar::new();
    std::thread::scope(|scope| -> PyResult<()> {
        for _ in 0..workers {
            let (blocks, next, stop, check, shared, ready) =
                (&blocks, &next, &stop, &check, &shared, &ready);
            scope.spawn(move || {
                // Counted as finished however the worker ends, so that no one waits for it.
                let _finished = Finished(shared, ready);
                while !stop.load(Ordering::Relaxed) {
                    // Taken under the lock, freed after it.
                    let spent = std::mem::take(&mut lock(shared).spent);
                    drop(spent);
                    let b = next.fetch_add(1, Ordering::Relaxed);
                    let Some(block) = blocks.get(b) else { break };
                    let reports: Vec<_> = block.iter().map(check).collect();
                    if let Some(slot) = lock(shared).done.get_mut(b) {
                        *slot = Some(reports);
                    }
                    ready.notify_one();
                }
            });
        }
        // Ends the workers early when this thread returns an error.
        let _stop = Stop(&stop);
        let mut turns = Turns::new(py);
        for wanted in 0..blocks.len() {
            // Taken at once when it is there (the usual case: the workers are ahead); waited
            // for without the GIL when not.
            let ready_now = lock(&shared).done.get_mut(wanted).and_then(Option::take);
            let ready_now_taken = ready_now.is_some();
            let reports = ready_now.or_else(|| {
                py.detach(|| {
                    let mut slots = lock(&shared);
                    loop {
                        if let Some(reports) = slots.done.get_mut(wanted).and_then(Option::take) {
                            return Some(reports);
                        }
                        if slots.finished == workers {
                            return None;
                        }
                        slots = ready.wait(slots).unwrap_or_else(PoisonError::into_inner);
                    }
                })
            });
            let Some(reports) = reports else {
                return Err(PyRuntimeError::new_err("check_many: a worker ended early"));
            };
            if !ready_now_taken {
                turns.restart();
            }
            for (i, checked) in reports.iter().enumerate() {
                if i % 16 == 0 {
                    turns.take(py);
                }
                append(wanted * BLOCK + i, checked)?;
            }
            lock(&shared).spent.push(reports);
        }
        // What the workers, done before this thread, did not free.
        let spent = std::mem::take(&mut lock(&shared).spent);
        py.detach(move || drop(spent));
        Ok(())
    })?;
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// plan

/// Plans the fewest valid `AddBackendServers`, `SetBackendServers` and `RemoveBackendServers`
/// calls that take the load balancer's members to `desired`, in a safe order — or, given
/// `vserver_group`, the group's `AddVServerGroupBackendServers`, `SetVServerGroupAttribute` and
/// `RemoveVServerGroupBackendServers` calls: the `dict` that `json.loads` of
/// `clb-preflight plan --format json` gives.
///
/// `desired` is the members wanted: JSON text (`str` or `bytes`: an array of backend-server
/// objects, or a request object) or a list of dicts (each with the fields of a `BackendServers`
/// item; findings' locations then point into `json.dumps(desired)`). `load_balancer` (its
/// `DescribeLoadBalancerAttribute` response) is needed unless `vserver_group` is given;
/// `servers` as for `check`; `quota` the members quota when not 200, as `plan --quota` (here
/// without needing `load_balancer`).
///
/// `vserver_group` (its `DescribeVServerGroupAttribute` response, JSON text or a `dict`) plans
/// that group's members: each desired item needs `Port`, a member is known by its server and
/// its port (a port move is an add and a remove), and every call names `RegionId` and
/// `VServerGroupId`. `load_balancer` is then optional: given, its facts check the calls too
/// (its status, its servers) and name the region. `region_id` (a `str` such as `"cn-beijing"`)
/// is the region every call names, before the desired request object's; a group's plan needs
/// one of the three. A region other than the one the load balancer's facts name is refused
/// (`FactsError`).
///
/// `order` is `"add-first"` (the default: capacity never drops) or `"remove-first"`; `drain`
/// sets the servers to be removed to weight 0 and waits `drain_seconds` (default 30) before
/// removing them; `allow_empty` allows a plan that leaves the load balancer (or the group)
/// without members.
///
/// On a load balancer others manage too: `own` (a `str`, as `plan --own PREFIX`) manages only
/// the members whose `Description` starts with it — the others are never set nor removed, each
/// desired item must carry such a description, and one that is a member not owned is refused
/// (R41); the plan then names `"own"`, and its summary counts the members left alone
/// (`"foreign"`). `other_groups` (an iterable of the load balancer's other vServer groups'
/// `DescribeVServerGroupAttribute` responses, each JSON text or a `dict`, as `--other-group`)
/// makes their members count toward the members quota (R25). `min_serving` (as
/// `--min-serving`: an `int` n, n members, or a `str`, `"3"` or `"50%"` of those serving now,
/// rounded up) is the serving floor (R42): after every call at least that many members have a
/// weight above 0; the calls are ordered in waves where needed (each call then tells its
/// `"serving_after"`), or the plan is refused.
///
/// A plan that cannot be valid is a plan dict with `"valid": False`, its errors and no calls.
/// Raises `FactsError` without the load balancer's facts nor a group's, with facts that cannot
/// be used (`other_groups[1]: …` for another group's), and for a group's plan whose region
/// nothing names (`region_id: …`). `ValueError` for an unknown `order`, `drain_seconds` without
/// `drain`, a malformed `region_id` or a `min_serving` that is no floor (a negative `int`,
/// `"101%"`, `"3 members"`); `TypeError` for a wrong type.
#[pyfunction]
#[pyo3(
    signature = (
        desired, *, load_balancer=None, vserver_group=None, servers=None, other_groups=None,
        quota=None, order=Order::AddFirst, drain=false, region_id=None, drain_seconds=None,
        allow_empty=false, own=None, min_serving=None
    ),
    text_signature = "(desired, *, load_balancer=None, vserver_group=None, servers=(), other_groups=(), quota=None, order='add-first', drain=False, region_id=None, drain_seconds=None, allow_empty=False, own=None, min_serving=None)"
)]
#[allow(clippy::too_many_arguments)]
fn plan<'py>(
    py: Python<'py>,
    desired: &Bound<'py, PyAny>,
    load_balancer: Option<&Bound<'py, PyAny>>,
    vserver_group: Option<&Bound<'py, PyAny>>,
    servers: Option<&Bound<'py, PyAny>>,
    other_groups: Option<&Bound<'py, PyAny>>,
    quota: Option<&Bound<'py, PyAny>>,
    #[pyo3(from_py_with = order_arg)] order: Order,
    #[pyo3(from_py_with = drain_arg)] drain: bool,
    region_id: Option<&Bound<'py, PyAny>>,
    drain_seconds: Option<&Bound<'py, PyAny>>,
    #[pyo3(from_py_with = allow_empty_arg)] allow_empty: bool,
    own: Option<&Bound<'py, PyAny>>,
    min_serving: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let desired = desired_text(desired)?;
    let drain_seconds = match drain_seconds.filter(|s| !s.is_none()) {
        Some(_) if !drain => {
            return Err(PyValueError::new_err(
                "drain_seconds needs drain=True (it is how long a drain waits)",
            ))
        }
        Some(seconds) => u32::try_from(whole(seconds, "drain_seconds", 0, u64::from(u32::MAX))?)
            .unwrap_or(u32::MAX),
        None => PlanOptions::DEFAULT_DRAIN_SECONDS,
    };
    let region = region_id
        .filter(|r| !r.is_none())
        .map(region_arg)
        .transpose()?;
    let own = own.filter(|o| !o.is_none()).map(own_arg).transpose()?;
    let min_serving = min_serving
        .filter(|m| !m.is_none())
        .map(min_serving_arg)
        .transpose()?;
    let mut facts = Facts::read(load_balancer, servers, vserver_group, None)?;
    facts.other_groups = other_groups
        .map(|g| responses(g, "other_groups"))
        .transpose()?
        .unwrap_or_default();
    // As on the command line, where `--quota` needs no `--load-balancer` for a plan (without the
    // load balancer's facts nor a group's there is no plan).
    let quota = quota.filter(|q| !q.is_none()).map(quota_arg).transpose()?;
    let mut options = PlanOptions::default()
        .order(order)
        .drain(drain)
        .drain_seconds(drain_seconds)
        .allow_empty(allow_empty);
    if let Some(region) = region {
        options = options.region_id(region);
    }
    if let Some(prefix) = own {
        options = options.own(prefix);
    }
    if let Some(floor) = min_serving {
        options = options.min_serving(floor);
    }
    let planned = py.detach(move || {
        let mut context = facts.context()?;
        if let Some(quota) = quota {
            context.set_quota(quota);
        }
        plan_calls(&desired, &context, options).map_err(|e| match e {
            PlanError::NoLoadBalancer => "plan needs the load balancer's facts: give \
                load_balancer (its DescribeLoadBalancerAttribute response), or vserver_group \
                (its DescribeVServerGroupAttribute response) to plan a vServer group's members"
                .to_owned(),
            PlanError::NoRegion => "region_id: a vServer group's calls name the region: give \
                region_id (or load_balancer, whose facts name it)"
                .to_owned(),
            e @ (PlanError::EmptyOwner | PlanError::RegionMismatch { .. }) => e.to_string(),
            other => format!("desired: {other}"),
        })
    });
    to_py(py, &planned.map_err(FactsError::new_err)?)
}

/// The region every planned call names: a `str` (else `TypeError`) that is a region id (else
/// `ValueError`, with the library's reason).
fn region_arg(obj: &Bound<'_, PyAny>) -> PyResult<RegionId> {
    let text = obj.cast::<PyString>().map_err(|_| {
        PyTypeError::new_err(format!("region_id takes a str, not {}", type_name(obj)))
    })?;
    text.to_cow()?
        .parse::<RegionId>()
        .map_err(|e| PyValueError::new_err(format!("region_id: {e}")))
}

/// The prefix of the members' descriptions that the plan manages (`--own PREFIX`): a `str`,
/// else `TypeError`; not empty, else `ValueError`.
fn own_arg(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let text = obj
        .cast::<PyString>()
        .map_err(|_| PyTypeError::new_err(format!("own takes a str, not {}", type_name(obj))))?;
    let prefix = text.to_cow()?.into_owned();
    if prefix.is_empty() {
        return Err(PyValueError::new_err(format!(
            "own: {}",
            PlanError::EmptyOwner
        )));
    }
    Ok(prefix)
}

/// The serving floor (`--min-serving N|N%`): an `int` (not a `bool`) is that many members, a
/// `str` is read as the command line reads it (`"3"`, `"50%"`); anything else is a
/// `TypeError`. A value that is no floor is a `ValueError` with the library's message.
fn min_serving_arg(obj: &Bound<'_, PyAny>) -> PyResult<MinServing> {
    let text = if obj.is_instance_of::<PyString>() {
        obj.cast::<PyString>()?.to_cow()?.into_owned()
    } else if obj.is_instance_of::<PyInt>() && !obj.is_instance_of::<PyBool>() {
        match obj.extract::<usize>() {
            Ok(n) => return Ok(MinServing::Members(n)),
            // Negative, or past any count: its digits, for the library's message.
            Err(_) => obj.call_method0("__index__")?.str()?.to_cow()?.into_owned(),
        }
    } else {
        return Err(PyTypeError::new_err(format!(
            "min_serving takes an int (members) or a str such as \"3\" or \"50%\", not {}",
            type_name(obj)
        )));
    };
    text.parse::<MinServing>()
        .map_err(|e| PyValueError::new_err(format!("min_serving: {e}")))
}

/// The desired members' JSON text: `str`, UTF-8 `bytes`, or a list (or a request `dict`) as
/// `json.dumps` writes it.
fn desired_text(desired: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(text) = desired.cast::<PyString>() {
        return Ok(text.to_cow()?.into_owned());
    }
    if let Ok(bytes) = desired.cast::<PyBytes>() {
        return String::from_utf8(bytes.as_bytes().to_vec())
            .map_err(|_| FactsError::new_err("desired: the desired members are not UTF-8 text"));
    }
    if desired.is_instance_of::<PyList>()
        || desired.is_instance_of::<PyTuple>()
        || desired.cast::<PyMapping>().is_ok()
    {
        let json = desired.py().import("json")?;
        let kwargs = PyDict::new(desired.py());
        kwargs.set_item("allow_nan", false)?;
        let text = json
            .call_method("dumps", (desired,), Some(&kwargs))?
            .cast::<PyString>()?
            .to_cow()?
            .into_owned();
        return Ok(text);
    }
    Err(PyTypeError::new_err(format!(
        "desired takes JSON text (str or bytes) or a list of dicts, not {}",
        type_name(desired)
    )))
}

// ---------------------------------------------------------------------------------------------
// explain

/// Explains an error code the live API returned: the `dict` that `clb-preflight explain CODE
/// --format json` prints, `{"code", "class", "retry", "rule", "advice"}` in that order.
///
/// `class` is `"throttled"`, `"busy"`, `"permanent"` or `"unknown"`; `retry` whether to send
/// the same request again after a backoff; `rule` the rule id that catches the error before
/// sending (`None` when none does). `http_status` (100 to 599), when given, classifies codes
/// this package does not know (429: throttled, 5xx: busy).
#[pyfunction]
#[pyo3(signature = (code, http_status=None))]
fn explain<'py>(
    py: Python<'py>,
    code: &Bound<'py, PyAny>,
    http_status: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let code = code
        .cast::<PyString>()
        .map_err(|_| PyTypeError::new_err(format!("code takes a str, not {}", type_name(code))))?
        .to_cow()?;
    let status = http_status
        .filter(|s| !s.is_none())
        .map(|s| whole(s, "http_status", 100, 599).map(|n| u16::try_from(n).unwrap_or(599)))
        .transpose()?;
    // The library's `Serialize` is the JSON contract, as the command line prints it.
    to_py(py, &explain_error(&code, status))?
        .cast_into::<PyDict>()
        .map_err(|_| PyRuntimeError::new_err("an explanation is a JSON object"))
}

// ---------------------------------------------------------------------------------------------
// For bench.py only

/// For `bench.py` only, not part of the API: checks `texts` on the calling thread without the
/// GIL, as `check_many(texts, jobs=1)` does, and returns what `mode` says instead of the dicts:
/// `"check"` the number of valid reports (the check alone, no dicts made), `"json"` each
/// report's JSON text (for timing `json.loads` of it against the dicts made directly).
#[pyfunction]
fn _bench_check<'py>(
    py: Python<'py>,
    texts: Vec<Bound<'py, PyString>>,
    mode: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let texts = texts
        .iter()
        .map(|t| t.to_str())
        .collect::<PyResult<Vec<&str>>>()?;
    let context = Context::new();
    let checker = Checker::new().with_context(&context);
    let check = |text: &&str| checker.check_located(text).ok();
    match mode {
        "check" => {
            let valid = py.detach(|| {
                texts
                    .iter()
                    .filter_map(check)
                    .filter(|r| r.is_valid())
                    .count()
            });
            Ok(valid.into_pyobject(py)?.into_any())
        }
        "json" => {
            let json: Vec<String> = py.detach(|| {
                texts
                    .iter()
                    .filter_map(check)
                    .map(|r| serde_json::to_string(&r).unwrap_or_default())
                    .collect()
            });
            Ok(PyList::new(py, json)?.into_any())
        }
        _ => Err(PyValueError::new_err("mode takes \"check\" or \"json\"")),
    }
}

// ---------------------------------------------------------------------------------------------
// The module

/// The native half of `clb_preflight`: `check`, `check_many`, `plan`, `explain`, `FactsError`
/// and `__version__`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("FactsError", m.py().get_type::<FactsError>())?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(check_many, m)?)?;
    m.add_function(wrap_pyfunction!(plan, m)?)?;
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    m.add_function(wrap_pyfunction!(_bench_check, m)?)?;
    Ok(())
}
