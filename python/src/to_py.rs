//! serde values straight to Python objects: a report or a plan becomes the `dict` that
//! `json.loads` of its JSON would give (same keys in the same order, same values), without
//! writing the JSON and reading it back (python/bench.py measures both: reading the JSON back
//! takes over twice as long).
//!
//! A map becomes a `dict`, a sequence a `list`, a string a `str`, an integer an `int`, a boolean
//! a `bool`, unit and `None` are `None`. An enum variant with data becomes `{variant: data}`, as
//! serde_json writes it.
//!
//! The one trick, and its reason: a report repeats a few short strings (its keys, the fields of
//! `backend_servers`, the rule ids of `unchecked`, `"ecs"`, `"100"` …) in every report. Making a
//! new `str` for each, and hashing it again when it is put in a dict, was a large part of the
//! cost of a valid report's dicts; [`Words`] keeps one interned `str` for each such string,
//! shared by every report, so a hit is a reference count and a `dict` insertion with a hash
//! already known. Any other string is made as usual, so a string the table lacks costs only the
//! look-up: the table is a cache, never the contract.
//!
//! Tried and dropped: writing the value first as a flat tape of tokens off the GIL (on
//! `check_many`'s workers), the GIL then needed only to make the objects from the tape. The
//! tape cost more to write than the walk it saved, and the tapes made on the workers and
//! freed on the calling thread made `jobs=2` slower than `jobs=1` (bench.py: 1.66 and 2.3
//! times `json.loads`, against 1.2 and 0.9 this way).

use std::fmt;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyList, PyString};
use pyo3::IntoPyObjectExt;
use serde::ser::{self, Serialize};

/// Converts `value` to Python objects, as `json.loads(serde_json::to_string(value))` would.
///
/// # Errors
/// Python's error when an object cannot be made (memory), or a serde error of `value`'s own.
pub(crate) fn to_py<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let words = words(py);
    value.serialize(ToPy { py, words }).map_err(|Error(e)| e)
}

/// Strings that reports and plans repeat: their keys and their usual short values. Rule ids
/// (`R1`…`R40`) are added to these.
const WORDS: &[&str] = &[
    // A report's keys.
    "valid",
    "errors",
    "warnings",
    "unchecked",
    "action",
    "load_balancer_id",
    "region_id",
    "backend_servers",
    "diff",
    "code",
    "rule",
    "path",
    "message",
    "location",
    "line",
    "column",
    "add",
    "already_attached",
    "changed",
    "removed",
    "members_after",
    "before",
    "after",
    // A plan's keys.
    "calls",
    "parameters",
    "summary",
    "reason",
    "seconds",
    "set",
    "remove",
    "unchanged",
    "RegionId",
    "LoadBalancerId",
    "BackendServers",
    // A backend server's keys and usual values.
    "ServerId",
    "Type",
    "Weight",
    "ServerIp",
    "Port",
    "Description",
    "ecs",
    "eni",
    "eci",
    "0",
    "50",
    "80",
    "100",
    "443",
    "8080",
    // Actions.
    "AddBackendServers",
    "SetBackendServers",
    "RemoveBackendServers",
    "Wait",
    "drain",
];

/// The longest string looked up in [`Words`]: longer ones are never in it.
const LONGEST: usize = 20;
/// Slots in the open-addressing table: a power of two, over twice the words.
const SLOTS: usize = 256;

/// Interned `str`s for [`WORDS`] and the rule ids, found by a hash of the text.
struct Words {
    texts: Vec<String>,
    strings: Vec<Py<PyString>>,
    /// Index + 1 into `texts`/`strings`; 0 for an empty slot.
    slots: [u16; SLOTS],
}

/// The table, made once per interpreter.
fn words(py: Python<'_>) -> &Words {
    static WORDS_CELL: PyOnceLock<Words> = PyOnceLock::new();
    WORDS_CELL.get_or_init(py, || {
        let mut texts: Vec<String> = WORDS.iter().map(|w| (*w).to_owned()).collect();
        texts.extend((1..=40).map(|n| format!("R{n}")));
        let mut slots = [0u16; SLOTS];
        for (i, text) in texts.iter().enumerate() {
            let mut slot = hash(text.as_bytes());
            // Linear probing; the table is less than half full, so an empty slot is near.
            while slots.get(slot).is_some_and(|s| *s != 0) {
                slot = (slot + 1) % SLOTS;
            }
            if let Some(s) = slots.get_mut(slot) {
                *s = u16::try_from(i + 1).unwrap_or(0);
            }
        }
        let strings = texts
            .iter()
            .map(|t| PyString::intern(py, t).unbind())
            .collect();
        Words {
            texts,
            strings,
            slots,
        }
    })
}

/// FNV-1a of a short text, reduced to a slot.
fn hash(bytes: &[u8]) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h = (h ^ u32::from(*b)).wrapping_mul(0x0100_0193);
    }
    (h as usize) % SLOTS
}

impl Words {
    /// The shared `str` for `text`, when the table has it.
    fn get<'py>(&self, py: Python<'py>, text: &str) -> Option<Bound<'py, PyString>> {
        if text.len() > LONGEST {
            return None;
        }
        let mut slot = hash(text.as_bytes());
        loop {
            let index = usize::from(*self.slots.get(slot)?).checked_sub(1)?;
            if self.texts.get(index).is_some_and(|t| t == text) {
                return self.strings.get(index).map(|s| s.bind(py).clone());
            }
            slot = (slot + 1) % SLOTS;
        }
    }

    /// `text` as a Python `str`: the shared one when there is one, else a new one.
    fn str<'py>(&self, py: Python<'py>, text: &str) -> Bound<'py, PyString> {
        self.get(py, text)
            .unwrap_or_else(|| PyString::new(py, text))
    }
}

/// A Python error carried through serde.
pub(crate) struct Error(PyErr);

impl From<PyErr> for Error {
    fn from(e: PyErr) -> Error {
        Error(e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Error {
        Error(PyValueError::new_err(msg.to_string()))
    }
}

type Result<T> = std::result::Result<T, Error>;

/// The serializer: each value to one Python object.
#[derive(Clone, Copy)]
struct ToPy<'w, 'py> {
    py: Python<'py>,
    words: &'w Words,
}

impl<'py> ToPy<'_, 'py> {
    fn str(self, text: &str) -> Bound<'py, PyAny> {
        self.words.str(self.py, text).into_any()
    }

    fn int<I: IntoPyObject<'py>>(self, v: I) -> Result<Bound<'py, PyAny>> {
        v.into_bound_py_any(self.py).map_err(Error)
    }

    /// `{variant: value}`, as serde_json writes an enum variant with data.
    fn variant(self, variant: &str, value: Bound<'py, PyAny>) -> Result<Bound<'py, PyAny>> {
        let dict = PyDict::new(self.py);
        dict.set_item(self.str(variant), value)?;
        Ok(dict.into_any())
    }
}

impl<'w, 'py> ser::Serializer for ToPy<'w, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    type SerializeSeq = Seq<'w, 'py>;
    type SerializeTuple = Seq<'w, 'py>;
    type SerializeTupleStruct = Seq<'w, 'py>;
    type SerializeTupleVariant = Seq<'w, 'py>;
    type SerializeMap = Map<'w, 'py>;
    type SerializeStruct = Map<'w, 'py>;
    type SerializeStructVariant = Map<'w, 'py>;

    fn serialize_bool(self, v: bool) -> Result<Self::Ok> {
        Ok(PyBool::new(self.py, v).to_owned().into_any())
    }
    fn serialize_i8(self, v: i8) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_i16(self, v: i16) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_i32(self, v: i32) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_i64(self, v: i64) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_i128(self, v: i128) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_u8(self, v: u8) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_u16(self, v: u16) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_u32(self, v: u32) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_u64(self, v: u64) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_u128(self, v: u128) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_f32(self, v: f32) -> Result<Self::Ok> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Self::Ok> {
        // serde_json writes a number that is not finite as `null`.
        if v.is_finite() {
            Ok(PyFloat::new(self.py, v).into_any())
        } else {
            self.serialize_none()
        }
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok> {
        Ok(self.str(v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok> {
        Ok(self.str(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Self::Ok> {
        Ok(PyBytes::new(self.py, v).into_any())
    }
    fn serialize_none(self) -> Result<Self::Ok> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Self::Ok> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Self::Ok> {
        Ok(self.str(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        let value = value.serialize(self)?;
        self.variant(variant, value)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'w, 'py>> {
        Ok(Seq {
            to: self,
            items: Vec::with_capacity(len.unwrap_or(0)),
            variant: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'w, 'py>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Seq<'w, 'py>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq<'w, 'py>> {
        Ok(Seq {
            variant: Some(variant),
            ..self.serialize_seq(Some(len))?
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Map<'w, 'py>> {
        Ok(Map {
            to: self,
            dict: PyDict::new(self.py),
            key: None,
            variant: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Map<'w, 'py>> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Map<'w, 'py>> {
        Ok(Map {
            variant: Some(variant),
            ..self.serialize_map(Some(len))?
        })
    }
}

/// A sequence being built: its items, made into a `list` at the end.
struct Seq<'w, 'py> {
    to: ToPy<'w, 'py>,
    items: Vec<Bound<'py, PyAny>>,
    /// The variant's name, for a tuple variant.
    variant: Option<&'static str>,
}

impl<'py> Seq<'_, 'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.items.push(value.serialize(self.to)?);
        Ok(())
    }

    fn finish(self) -> Result<Bound<'py, PyAny>> {
        let list = PyList::new(self.to.py, self.items)?.into_any();
        match self.variant {
            Some(variant) => self.to.variant(variant, list),
            None => Ok(list),
        }
    }
}

impl<'py> ser::SerializeSeq for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok> {
        self.finish()
    }
}

impl<'py> ser::SerializeTuple for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok> {
        self.finish()
    }
}

impl<'py> ser::SerializeTupleStruct for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok> {
        self.finish()
    }
}

impl<'py> ser::SerializeTupleVariant for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok> {
        self.finish()
    }
}

/// A map being built: the `dict`, filled in the order the entries come.
struct Map<'w, 'py> {
    to: ToPy<'w, 'py>,
    dict: Bound<'py, PyDict>,
    /// A key given alone (`serialize_key`), waiting for its value.
    key: Option<Bound<'py, PyAny>>,
    /// The variant's name, for a struct variant.
    variant: Option<&'static str>,
}

impl<'py> Map<'_, 'py> {
    fn finish(self) -> Result<Bound<'py, PyAny>> {
        let dict = self.dict.into_any();
        match self.variant {
            Some(variant) => self.to.variant(variant, dict),
            None => Ok(dict),
        }
    }
}

impl<'py> ser::SerializeMap for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.key = Some(key.serialize(self.to)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let key = self
            .key
            .take()
            .ok_or_else(|| <Error as ser::Error>::custom("a map value without its key"))?;
        self.dict.set_item(key, value.serialize(self.to)?)?;
        Ok(())
    }
    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<()> {
        let key = key.serialize(self.to)?;
        self.dict.set_item(key, value.serialize(self.to)?)?;
        Ok(())
    }
    fn end(self) -> Result<Self::Ok> {
        self.finish()
    }
}

impl<'py> ser::SerializeStruct for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.dict
            .set_item(self.to.str(key), value.serialize(self.to)?)?;
        Ok(())
    }
    fn end(self) -> Result<Self::Ok> {
        self.finish()
    }
}

impl<'py> ser::SerializeStructVariant for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<Self::Ok> {
        self.finish()
    }
}
