//! What one document gives a drift report, worked out where it was
//! validated (a worker thread, for NDJSON), so that the calling thread only
//! adds up small records and never holds a parsed tree.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde_json::{Map, Value};

use crate::diagnostic::{Code, Diagnostic};
use crate::kind::BodyKind;
use crate::model::{self, ELEMENT, Object, Shape};
use crate::parse::Report;
use crate::pointer::Pointer;
use crate::secret::{self, REDACTED};
use crate::text::truncate;

/// Values shown (enum values, the distributions') are cut after this many characters.
pub(super) const MAX_VALUE_CHARS: usize = 64;

/// What the paths of a ListInstances page's own fields (not its instances') start with.
pub(super) const PAGE: &str = "(page)";

/// The top-level fields whose values the report tallies, in its order.
pub(super) const DISTRIBUTED: [&str; 3] = ["Status", "AcceleratorType", "PaymentType"];

/// What a document is, for the report's counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A GetInstance body: one instance.
    Instance,
    /// A ListInstances page: as many instances as it lists.
    Page,
    /// An API error body: no instance.
    ApiError,
    /// Not JSON, or not a JSON object: no instance.
    Unreadable,
}

/// One document's share of the report.
#[derive(Debug)]
pub(crate) struct Contribution {
    /// The line of the stream the document is on (1 for a whole file).
    pub(super) number: u64,
    pub(super) kind: Kind,
    /// Whether no diagnostic is an error.
    pub(super) valid: bool,
    /// Diagnostics per code, sorted by code.
    pub(super) codes: Vec<(Code, u32)>,
    /// Unknown fields, one record per path, in the order first met.
    pub(super) unknown: Vec<Seen>,
    /// Undocumented and unlisted enum values, one record per path and value.
    pub(super) values: Vec<EnumSeen>,
    /// The instances: one for a body, one per item of a page.
    pub(super) instances: Vec<Facts>,
}

/// An unknown field's sightings in one document.
#[derive(Debug)]
pub(super) struct Seen {
    /// The path without array indexes (`Datasets[].Foo`).
    pub(super) path: Box<str>,
    /// How many times it occurs.
    pub(super) count: u32,
    /// In how many of the document's instances (a page's envelope counts as one).
    pub(super) instances: u32,
    /// The line, within the document, of its first occurrence.
    pub(super) line: u32,
}

/// An enum value outside the documented list, in one document.
#[derive(Debug)]
pub(super) struct EnumSeen {
    pub(super) path: Box<str>,
    /// The value as shown: redacted and cut short.
    pub(super) value: Box<str>,
    /// `enum.unknown` (closed list) or `enum.unlisted` (open list).
    pub(super) code: Code,
    pub(super) count: u32,
    pub(super) line: u32,
}

/// What one instance carries.
#[derive(Debug)]
pub(super) struct Facts {
    /// A bit per documented field ([`table`]'s indexes): whether the instance carries it.
    pub(super) present: Box<[u64]>,
    /// The values of [`DISTRIBUTED`], as shown; `None` when absent.
    pub(super) values: [Option<Box<str>>; 3],
}

/// A documented field, and the documented fields of the objects it holds.
struct Node {
    index: usize,
    wire: &'static str,
    /// Whether it is documented in a GetInstance body, and in a ListInstances item.
    carried: [bool; 2],
    children: Vec<Node>,
}

/// The field table as a tree of indexes, and each field's path as shown.
pub(super) struct Table {
    roots: Vec<Node>,
    /// `Datasets[].Uri`, in the order of the field table.
    pub(super) paths: Vec<String>,
    /// Per path: whether a GetInstance body documents it, and a ListInstances item.
    pub(super) carried: Vec<[bool; 2]>,
    /// The documented values of each of [`DISTRIBUTED`], which need no redaction.
    documented: [&'static [&'static str]; 3],
}

impl Table {
    fn new() -> Self {
        fn walk(
            object: &'static Object,
            prefix: &str,
            within: [bool; 2],
            table: &mut Table,
        ) -> Vec<Node> {
            let mut nodes = Vec::with_capacity(object.fields.len());
            for field in object.fields {
                let index = table.paths.len();
                let carried = [0, 1].map(|i| within[i] && field.facts.carried.in_context(i == 1));
                let mut path = if prefix.is_empty() {
                    field.wire.to_owned()
                } else {
                    format!("{prefix}.{}", field.wire)
                };
                table.paths.push(path.clone());
                table.carried.push(carried);
                let mut shape = &field.shape;
                while let Shape::Array(item) = shape {
                    path.push_str(ELEMENT);
                    shape = item;
                }
                let children = match shape {
                    Shape::Object(o) => walk(o, &path, carried, table),
                    _ => Vec::new(),
                };
                nodes.push(Node {
                    index,
                    wire: field.wire,
                    carried,
                    children,
                });
            }
            nodes
        }
        let documented =
            DISTRIBUTED.map(|wire| match model::root().field(wire).map(|f| &f.shape) {
                Some(Shape::Enum { values, .. }) => *values,
                _ => &[],
            });
        let mut table = Table {
            roots: Vec::new(),
            paths: Vec::new(),
            carried: Vec::new(),
            documented,
        };
        table.roots = walk(model::root(), "", [true, true], &mut table);
        table
    }

    fn words(&self) -> usize {
        self.paths.len().div_ceil(64)
    }
}

/// The one table, built on first use.
pub(super) fn table() -> &'static Table {
    static TABLE: LazyLock<Table> = LazyLock::new(Table::new);
    &TABLE
}

/// Sets the bit of every documented field `map` carries (not `null`), and
/// of the fields of the objects it holds, through arrays; `item` says
/// whether `map` is a ListInstances item, where a few fields are not
/// documented (and so are unknown fields, not present ones).
fn mark(nodes: &[Node], map: &Map<String, Value>, item: usize, bits: &mut [u64]) {
    for node in nodes {
        if !node.carried[item] {
            continue;
        }
        let Some(value) = map.get(node.wire) else {
            continue;
        };
        if value.is_null() {
            continue;
        }
        bits[node.index / 64] |= 1 << (node.index % 64);
        if !node.children.is_empty() {
            mark_in(&node.children, value, item, bits);
        }
    }
}

fn mark_in(nodes: &[Node], value: &Value, item: usize, bits: &mut [u64]) {
    match value {
        Value::Object(map) => mark(nodes, map, item, bits),
        Value::Array(elements) => {
            for element in elements {
                mark_in(nodes, element, item, bits);
            }
        }
        _ => {}
    }
}

/// The facts of one instance object.
fn facts(table: &Table, map: &Map<String, Value>, item: bool) -> Facts {
    let mut present = vec![0u64; table.words()].into_boxed_slice();
    mark(&table.roots, map, usize::from(item), &mut present);
    let values = std::array::from_fn(|i| {
        let value = map.get(DISTRIBUTED[i])?;
        Some(match value {
            Value::Null => return None,
            // Documented values are shown as they are; others through the secret policy.
            Value::String(s) if table.documented[i].contains(&s.as_str()) => Box::from(s.as_str()),
            Value::String(s) => shown(s),
            _ => Box::from("(not a string)"),
        })
    });
    Facts { present, values }
}

/// A value from a document as the report shows it: redacted, cut short.
fn shown(value: &str) -> Box<str> {
    truncate(&secret::redact::text(value), MAX_VALUE_CHARS).into_boxed_str()
}

/// Where a diagnostic points, as the report groups it: the path without
/// array indexes (`Datasets[].Foo`), and the instance of a page it is in
/// (`None` for the envelope, or a body's only instance).
///
/// The tokens are the diagnostic's pointer, already through the secret
/// policy; `value` only says which of them are array indexes.
pub(super) fn place(
    pointer: &Pointer,
    value: Option<&Value>,
    page: bool,
) -> (String, Option<usize>) {
    let mut path = String::new();
    let mut at = value;
    let mut instance = None;
    let all: Vec<_> = pointer.tokens().collect();
    let mut rest = &all[..];
    if page {
        match rest {
            [key, n, tail @ ..] if key == "Instances" && n.parse::<usize>().is_ok() => {
                let n = n.parse::<usize>().unwrap_or_default();
                instance = Some(n);
                at = at.and_then(|v| v.get("Instances")).and_then(|v| v.get(n));
                rest = tail;
            }
            _ => path.push_str(PAGE),
        }
    }
    for token in rest {
        match at {
            Some(Value::Array(items)) => {
                path.push_str(ELEMENT);
                at = token.parse::<usize>().ok().and_then(|n| items.get(n));
            }
            Some(Value::Object(map)) => {
                at = map.get(token.as_ref());
                push_key(&mut path, token);
            }
            // Past what the value says (a redacted token): digits are indexes.
            _ => {
                if !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) {
                    path.push_str(ELEMENT);
                } else {
                    push_key(&mut path, token);
                }
                at = None;
            }
        }
    }
    (path, instance)
}

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

/// The enum value a diagnostic is about, as shown. Enum diagnostics come
/// only from documented enum fields, none of which is secret, so the value's
/// shape is all the secret policy has to judge.
fn enum_value(d: &Diagnostic, value: Option<&Value>) -> Box<str> {
    match value.and_then(|v| v.pointer(d.pointer.as_str())) {
        Some(Value::String(s)) => shown(s),
        // The pointer was redacted, so it no longer finds its value.
        _ => Box::from(REDACTED),
    }
}

impl Contribution {
    /// A line too long to read into memory: one `json.too-large`, no instance.
    pub(super) fn too_large(number: u64) -> Self {
        Contribution {
            number,
            kind: Kind::Unreadable,
            valid: false,
            codes: vec![(Code::JsonTooLarge, 1)],
            unknown: Vec::new(),
            values: Vec::new(),
            instances: Vec::new(),
        }
    }

    /// What validating a document found, `report` holding its parsed value.
    pub(super) fn of(number: u64, report: &Report) -> Self {
        let table = table();
        let value = report.value();
        let diagnostics = report.diagnostics();
        let kind = match report.kind() {
            Some(BodyKind::ListInstances) => Kind::Page,
            Some(BodyKind::ApiError) => Kind::ApiError,
            // Not a JSON object (or a report without its document).
            None => Kind::Unreadable,
            Some(_) => Kind::Instance,
        };
        let kind = if value.is_none() {
            Kind::Unreadable
        } else {
            kind
        };
        // A handful of codes per document: a list is faster than a map.
        let mut codes: Vec<(Code, u32)> = Vec::new();
        for d in diagnostics {
            match codes.iter_mut().find(|(c, _)| *c == d.code) {
                Some((_, n)) => *n += 1,
                None => codes.push((d.code, 1)),
            }
        }
        codes.sort_unstable();
        let page = kind == Kind::Page;
        // Indexes into the lists, which keep the order first met: a hostile
        // body has up to MAX_DIAGNOSTICS of these.
        let mut unknown: Vec<Seen> = Vec::new();
        let mut unknown_at: HashMap<String, (usize, Option<usize>)> = HashMap::new();
        let mut values: Vec<EnumSeen> = Vec::new();
        let mut values_at: HashMap<(String, Box<str>), usize> = HashMap::new();
        for d in diagnostics {
            match d.code {
                Code::FieldUnknown => {
                    let (path, instance) = place(&d.pointer, value, page);
                    match unknown_at.get_mut(&path) {
                        // Diagnostics are in position order, so an instance's
                        // sightings of a path come together.
                        Some((i, last)) => {
                            let seen = &mut unknown[*i];
                            seen.count += 1;
                            if *last != instance {
                                seen.instances += 1;
                                *last = instance;
                            }
                        }
                        None => {
                            unknown_at.insert(path.clone(), (unknown.len(), instance));
                            unknown.push(Seen {
                                path: path.into_boxed_str(),
                                count: 1,
                                instances: 1,
                                line: d.line,
                            });
                        }
                    }
                }
                Code::EnumUnknown | Code::EnumUnlisted => {
                    let (path, _) = place(&d.pointer, value, page);
                    let shown = enum_value(d, value);
                    let key = (path, shown);
                    match values_at.get(&key) {
                        Some(&i) => values[i].count += 1,
                        None => {
                            values.push(EnumSeen {
                                path: key.0.as_str().into(),
                                value: key.1.clone(),
                                code: d.code,
                                count: 1,
                                line: d.line,
                            });
                            values_at.insert(key, values.len() - 1);
                        }
                    }
                }
                _ => {}
            }
        }
        let instances = match (kind, value) {
            (Kind::Instance, Some(Value::Object(map))) => vec![facts(table, map, false)],
            (Kind::Page, Some(page)) => page
                .get("Instances")
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(Value::as_object)
                        .map(|map| facts(table, map, true))
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        Contribution {
            number,
            kind,
            valid: report.is_valid(),
            codes,
            unknown,
            values,
            instances,
        }
    }
}
