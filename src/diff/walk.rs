//! The walk over both snapshots: objects key by key, arrays element by
//! element after matching, values compared and copied into changes.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasher;

use std::marker::PhantomData;

use serde_json::Value;

use super::identity::{self, Identity};
use super::matching::{self, canonical_texts, match_multiset, match_positions, match_set};
use super::paths::{push_path_key, push_path_label};
use super::{
    Change, ChangeKind, Copier, ELEMENT, FieldClass, Filter, Finding, FindingCode, classify,
};
use crate::decode::quote;
use crate::diagnostic::Severity;
use crate::json::{Kind, Lookup, Node};
use crate::pointer::Pointer;

/// How the findings describe the fallback for arrays no key identifies.
pub(super) const FALLBACK: &str = "matched by whole value";

/// Which snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Old,
    New,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Side::Old => "old",
            Side::New => "new",
        }
    }
}

/// How an array element is named in a readable path.
pub(super) enum Label<'a, N> {
    Key(&'static str, Cow<'a, str>),
    Value(N),
    Index(usize),
}

/// One step of an array comparison, by element index in each snapshot.
pub(super) enum Step<'a, N> {
    Pair(usize, usize, Label<'a, N>),
    Removed(usize, Label<'a, N>),
    Added(usize, Label<'a, N>),
}

/// Why one identity key candidate could not be used on one side.
pub(super) struct Trouble {
    pub(super) side: Side,
    pub(super) missing: usize,
    /// The first repeated key, how many elements share it, and how many other keys repeat.
    pub(super) duplicate: Option<(String, usize, usize)>,
}

/// The keys of one side's kept elements under one candidate, or why there are none.
pub(super) struct Keys<'a> {
    pub(super) keys: Vec<Cow<'a, str>>,
    /// Each key's hash and position, sorted (see [`matching::sorted_hashes`]).
    pub(super) sorted: Vec<(u64, usize)>,
}

/// How an array's elements are walked.
enum Plan<'a, N> {
    /// By key, in a walk that checks each match (see [`Walk::walk_keyed`]).
    Keyed(Keyed<'a>),
    Steps(Vec<Step<'a, N>>),
}

/// A keyed array whose keys identify every element on both sides.
struct Keyed<'a> {
    field: &'static str,
    old: Keys<'a>,
    new: Keys<'a>,
    /// For each old position, the new position of the same hash
    /// ([`NOWHERE`] if none), unchecked (see [`matching::match_sorted`]).
    matches: Vec<usize>,
}

/// A position in no snapshot.
pub(super) const NOWHERE: usize = usize::MAX;

/// The classes of the keys of an array's elements, which all share a path.
pub(super) type ClassMemo<'a> = Vec<(&'a str, FieldClass)>;

/// How many steps of an array walk are touched at once, a batch ahead of the one compared.
const AHEAD: usize = 8;

/// Reads a little of each element the `steps` name, all at once: the
/// elements of a snapshot matched to another in another order are far
/// apart in memory, and the misses of a batch overlap where those of one
/// element at a time would be waited for one by one.
fn warm<'a, N: Node<'a>>(steps: &[Step<'a, N>], old: &[N], new: &[N]) {
    let mut sum = 0usize;
    for step in steps {
        sum = sum.wrapping_add(match *step {
            Step::Pair(_, j, _) | Step::Added(j, _) => new[j].warm(),
            Step::Removed(i, _) => old[i].warm(),
        });
    }
    std::hint::black_box(sum);
}

/// [`warm`] for the new elements matched to a batch of old ones.
fn warm_matched<'a, N: Node<'a>>(matches: &[usize], new_kept: &[usize], new: &[N]) {
    let sum = matches
        .iter()
        .filter(|&&q| q != NOWHERE)
        .fold(0usize, |sum, &q| sum.wrapping_add(new[new_kept[q]].warm()));
    std::hint::black_box(sum);
}

/// How many keys a [`ClassMemo`] remembers.
pub(super) const MEMO_SIZE: usize = 32;

/// The state of a diff walk: where we are in both snapshots, and what was found.
pub(super) struct Walk<'a, 'o, N> {
    pub(super) filter: Filter<'o>,
    /// Object keys and [`ELEMENT`]s from the root.
    pub(super) schema: Vec<&'a str>,
    pub(super) old_ptr: Pointer,
    pub(super) new_ptr: Pointer,
    pub(super) path: String,
    pub(super) changes: Vec<Change>,
    pub(super) findings: Vec<Finding>,
    /// Set while walking the JSON held by a JSON text field.
    text: Option<Text>,
    nodes: PhantomData<N>,
}

/// The JSON text field a walk is inside of.
struct Text {
    /// The field's own pointers in the old and new snapshot.
    old_field: Pointer,
    new_field: Pointer,
    /// The field's new value as a patch writes it (redacted).
    whole_new: Value,
    /// Whether `whole_new` hides a secret.
    redacted: bool,
}

impl<'a, 'o, N: Node<'a>> Walk<'a, 'o, N> {
    pub(super) fn new(filter: Filter<'o>) -> Self {
        Walk {
            filter,
            schema: Vec::new(),
            old_ptr: Pointer::root(),
            new_ptr: Pointer::root(),
            path: String::new(),
            changes: Vec::new(),
            findings: Vec::new(),
            text: None,
            nodes: PhantomData,
        }
    }

    pub(super) fn value(
        &mut self,
        old: N,
        new: N,
        class: FieldClass,
        memo: Option<&mut ClassMemo<'a>>,
    ) {
        if class != FieldClass::Secret {
            match (old.kind(), new.kind()) {
                (Kind::Object, Kind::Object) => return self.object(old, new, class, memo),
                (Kind::Array, Kind::Array) => return self.array(old, new, class),
                (Kind::String, Kind::String)
                    if old.as_str() != new.as_str()
                        && self.json_text()
                        && self.json_texts(old, new, class) =>
                {
                    return;
                }
                _ => {}
            }
        }
        if !crate::number::values_equal(old, new) {
            let mut copier = Copier::new(self.filter, false);
            let old_copy = copier.copy(old, class, &mut self.schema, &mut self.old_ptr);
            let new_copy = copier.copy(new, class, &mut self.schema, &mut self.new_ptr);
            let redacted = copier.redacted;
            self.push(
                ChangeKind::Changed,
                Some(old_copy),
                Some(new_copy),
                class,
                false,
                None,
                redacted,
            );
        }
    }

    /// Compares two JSON texts as the JSON they hold, so that key order and
    /// whitespace do not count and a change shows at the member that
    /// changed. Returns `false`, having done nothing, unless both parse.
    fn json_texts(&mut self, old: N, new: N, class: FieldClass) -> bool {
        let (Some(old_text), Some(new_text)) = (old.as_str(), new.as_str()) else {
            return false;
        };
        let (Ok(old_json), Ok(new_json)) = (
            serde_json::from_str::<Value>(old_text),
            serde_json::from_str::<Value>(new_text),
        ) else {
            return false;
        };
        // A pointer cannot reach into a string: the changes inside carry the
        // field's pointers, and where in the text they are apart from them.
        let mut copier = Copier::new(self.filter, false);
        // What a patch writes: the new text as its copy, from the JSON already parsed.
        let whole_new = copier
            .parsed_json_text(&new_json, class, &self.schema, &self.new_ptr)
            .map_or(Value::Null, Value::String);
        let mut inner = Walk::<&Value>::new(self.filter);
        inner.schema = self.schema.clone();
        inner.old_ptr = self.old_ptr.clone();
        inner.new_ptr = self.new_ptr.clone();
        inner.path = self.path.clone();
        inner.text = Some(Text {
            old_field: self.old_ptr.clone(),
            new_field: self.new_ptr.clone(),
            whole_new,
            redacted: copier.redacted,
        });
        inner.value(&old_json, &new_json, class, None);
        self.changes.append(&mut inner.changes);
        self.findings.append(&mut inner.findings);
        true
    }

    /// Records a change at the current place.
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: ChangeKind,
        old: Option<Value>,
        new: Option<Value>,
        class: FieldClass,
        element: bool,
        add_at: Option<Pointer>,
        redacted: bool,
    ) {
        let (old_pointer, new_pointer) = match kind {
            ChangeKind::Changed => (Some(&self.old_ptr), Some(&self.new_ptr)),
            ChangeKind::Removed => (Some(&self.old_ptr), None),
            ChangeKind::Added => (None, Some(&self.new_ptr)),
        };
        let mut change = Change {
            kind,
            path: self.path.clone(),
            old_pointer: old_pointer.cloned(),
            new_pointer: new_pointer.cloned(),
            text_pointer: None,
            old,
            new,
            class,
            element,
            add_at,
            redacted,
            json_text: self.json_text(),
            section: self.section(),
            text_field: None,
        };
        if let Some(text) = &self.text {
            // Inside JSON text: the pointers are the field's, the rest is where in the text.
            let inner = match (&change.old_pointer, &change.new_pointer) {
                (Some(p), _) => p.strip_prefix(&text.old_field),
                (None, Some(p)) => p.strip_prefix(&text.new_field),
                (None, None) => None,
            };
            let field = |p: &Option<Pointer>, field: &Pointer| p.as_ref().map(|_| field.clone());
            change.old_pointer = field(&change.old_pointer, &text.old_field);
            change.new_pointer = field(&change.new_pointer, &text.new_field);
            change.text_pointer = Some(inner.unwrap_or_default());
            change.text_field = Some((text.old_field.clone(), text.whole_new.clone()));
            change.redacted |= text.redacted;
            change.element = false;
            change.add_at = None;
        }
        self.changes.push(change);
    }

    /// Whether the value at the current path is JSON text, by the field table.
    fn json_text(&self) -> bool {
        crate::model::field_at(&self.schema).is_some_and(crate::model::Field::is_json_text)
    }

    /// The rendered section of the current value: its top-level field's, by
    /// the field table (of the body the field belongs to).
    fn section(&self) -> Option<crate::model::Section> {
        let top = self.schema.first()?;
        crate::model::field_at(&[top])?.facts.section
    }

    fn removed(&mut self, old: N, class: FieldClass, element: bool) {
        let mut copier = Copier::new(self.filter, false);
        let copy = copier.copy(old, class, &mut self.schema, &mut self.old_ptr);
        let redacted = copier.redacted;
        self.push(
            ChangeKind::Removed,
            Some(copy),
            None,
            class,
            element,
            None,
            redacted,
        );
    }

    fn added(&mut self, new: N, class: FieldClass, add_at: Pointer, element: bool) {
        let mut copier = Copier::new(self.filter, false);
        let copy = copier.copy(new, class, &mut self.schema, &mut self.new_ptr);
        let redacted = copier.redacted;
        self.push(
            ChangeKind::Added,
            None,
            Some(copy),
            class,
            element,
            Some(add_at),
            redacted,
        );
    }

    /// Compares two objects key by key. `memo` caches the classes of the keys
    /// of an array's elements, which share a path.
    fn object(&mut self, old: N, new: N, class: FieldClass, mut memo: Option<&mut ClassMemo<'a>>) {
        let lens = (self.old_ptr.len(), self.new_ptr.len(), self.path.len());
        // Snapshots serialized from the model list their keys in the same
        // order: walking both objects side by side saves a lookup per key.
        let mut ahead = new.members();
        let mut next = ahead.next();
        let mut found = 0;
        let mut lookup = None;
        for (key, old_child) in old.members() {
            let new_child = match next {
                Some((k, v)) if k == key => {
                    next = ahead.next();
                    Some(v)
                }
                _ => lookup.get_or_insert_with(|| Lookup::new(new)).get(key),
            };
            found += usize::from(new_child.is_some());
            self.enter_key(key);
            let child_class = self.classify(key, class, memo.as_deref_mut());
            let keep_old = self.filter.keeps(child_class, &self.old_ptr);
            let new_child = new_child.filter(|_| self.filter.keeps(child_class, &self.new_ptr));
            match (keep_old, new_child) {
                (true, Some(new_child)) => self.value(old_child, new_child, child_class, None),
                (true, None) => self.removed(old_child, child_class, false),
                (false, Some(new_child)) => {
                    let at = self.old_ptr.clone();
                    self.added(new_child, child_class, at, false);
                }
                (false, None) => {}
            }
            self.leave(lens);
        }
        if found == new.len() {
            return;
        }
        let old = Lookup::new(old);
        for (key, new_child) in new.members() {
            if old.get(key).is_some() {
                continue;
            }
            self.enter_key(key);
            let child_class = self.classify(key, class, memo.as_deref_mut());
            if self.filter.keeps(child_class, &self.new_ptr) {
                let at = self.old_ptr.clone();
                self.added(new_child, child_class, at, false);
            }
            self.leave(lens);
        }
    }

    /// The class of the key just entered, through the memo when there is one.
    fn classify(
        &self,
        key: &'a str,
        parent: FieldClass,
        memo: Option<&mut ClassMemo<'a>>,
    ) -> FieldClass {
        let Some(memo) = memo else {
            return classify(&self.schema, parent);
        };
        if let Some(&(_, class)) = memo.iter().find(|(k, _)| *k == key) {
            return class;
        }
        let class = classify(&self.schema, parent);
        // Bounded, so that elements with many distinct keys cost no more than without a memo.
        if memo.len() < MEMO_SIZE {
            memo.push((key, class));
        }
        class
    }

    fn enter_key(&mut self, key: &'a str) {
        self.schema.push(key);
        self.old_ptr.push(key);
        self.new_ptr.push(key);
        push_path_key(&mut self.path, key);
    }

    fn leave(&mut self, (old, new, path): (usize, usize, usize)) {
        self.schema.pop();
        self.old_ptr.truncate(old);
        self.new_ptr.truncate(new);
        self.path.truncate(path);
    }

    fn array(&mut self, old: N, new: N, class: FieldClass) {
        let old: Vec<N> = old.elements().collect();
        let new: Vec<N> = new.elements().collect();
        let (old, new) = (&old[..], &new[..]);
        let old_kept = self.filter.kept_elements(old.len(), &mut self.old_ptr);
        let new_kept = self.filter.kept_elements(new.len(), &mut self.new_ptr);
        let plan = match identity::identity(&self.schema) {
            Some(Identity::Keys(candidates)) => {
                self.match_keys(old, new, &old_kept, &new_kept, candidates, class)
            }
            Some(Identity::Set) => Plan::Steps(match_set(old, new, &old_kept, &new_kept)),
            None => Plan::Steps(match_positions(&old_kept, &new_kept)),
        };
        self.schema.push(ELEMENT);
        match plan {
            Plan::Keyed(keyed) => self.walk_keyed(old, new, &old_kept, &new_kept, keyed, class),
            Plan::Steps(steps) => self.walk_steps(old, new, &steps, class),
        }
        self.schema.pop();
    }

    fn walk_steps(&mut self, old: &[N], new: &[N], steps: &[Step<'a, N>], class: FieldClass) {
        let lens = (self.old_ptr.len(), self.new_ptr.len(), self.path.len());
        let array_ptr = self.old_ptr.clone();
        let mut memo = ClassMemo::new();
        for (k, step) in steps.iter().enumerate() {
            if k % AHEAD == 0 {
                // The next batch, a batch ahead (the first two at the start).
                let from = if k == 0 { 0 } else { k + AHEAD };
                let to = steps.len().min(k + 2 * AHEAD);
                warm(steps.get(from..to).unwrap_or_default(), old, new);
            }
            match *step {
                // Most elements of two snapshots are unchanged: one comparison
                // of their text, not a walk through both, member by member.
                Step::Pair(i, j, _)
                    if self.filter.ignore.is_empty() && old[i].same_flat_object(new[j]) => {}
                Step::Pair(i, j, ref label) => {
                    self.old_ptr.push_index(i);
                    self.new_ptr.push_index(j);
                    push_path_label(&mut self.path, label);
                    self.value(old[i], new[j], class, Some(&mut memo));
                }
                Step::Removed(i, ref label) => {
                    self.old_ptr.push_index(i);
                    push_path_label(&mut self.path, label);
                    self.removed(old[i], class, true);
                }
                Step::Added(j, ref label) => {
                    self.new_ptr.push_index(j);
                    push_path_label(&mut self.path, label);
                    self.added(new[j], class, array_ptr.clone().key("-"), true);
                }
            }
            self.old_ptr.truncate(lens.0);
            self.new_ptr.truncate(lens.1);
            self.path.truncate(lens.2);
        }
    }

    /// Walks a keyed array: the old elements in order, each paired with the
    /// new element of the same hash if their keys are the same, else
    /// removed; then the new elements left, added. The order of the steps
    /// [`Walk::walk_steps`] would take.
    ///
    /// The keys of a pair are checked here rather than before the walk: a
    /// pair of the same text (most of them) has the same key, and the
    /// others are few. Checking them all first cost a cache miss per pair
    /// on the new side, whose elements are far apart in memory, and the
    /// walk then missed on the same elements again.
    fn walk_keyed(
        &mut self,
        old: &[N],
        new: &[N],
        old_kept: &[usize],
        new_kept: &[usize],
        keyed: Keyed<'a>,
        class: FieldClass,
    ) {
        let Keyed {
            field,
            old: old_keys,
            new: new_keys,
            matches,
        } = keyed;
        let lens = (self.old_ptr.len(), self.new_ptr.len(), self.path.len());
        let mut memo = ClassMemo::new();
        let mut new_matched = vec![false; new_kept.len()];
        for (p, (&q, &i)) in matches.iter().zip(old_kept).enumerate() {
            if p % AHEAD == 0 {
                // The next batch, a batch ahead (the first two at the start).
                let from = if p == 0 { 0 } else { p + AHEAD };
                let to = matches.len().min(p + 2 * AHEAD);
                warm_matched(matches.get(from..to).unwrap_or_default(), new_kept, new);
            }
            let key = &old_keys.keys[p];
            let label = || Label::<N>::Key(field, key.clone());
            if q != NOWHERE {
                let j = new_kept[q];
                // Without ignored pointers the key is the element's alone:
                // the same text, the same key, and nothing to walk.
                if self.filter.ignore.is_empty() && old[i].same_flat_object(new[j]) {
                    new_matched[q] = true;
                    continue;
                }
                if *key == new_keys.keys[q] {
                    new_matched[q] = true;
                    self.old_ptr.push_index(i);
                    self.new_ptr.push_index(j);
                    push_path_label(&mut self.path, &label());
                    self.value(old[i], new[j], class, Some(&mut memo));
                    self.leave_element(lens);
                    continue;
                }
            }
            self.old_ptr.push_index(i);
            push_path_label(&mut self.path, &label());
            self.removed(old[i], class, true);
            self.leave_element(lens);
        }
        let add_at = self.old_ptr.clone().key("-");
        let added = new_kept.iter().zip(new_keys.keys).zip(new_matched);
        for ((&j, key), matched) in added {
            if !matched {
                self.new_ptr.push_index(j);
                push_path_label(&mut self.path, &Label::<N>::Key(field, key));
                self.added(new[j], class, add_at.clone(), true);
                self.leave_element(lens);
            }
        }
    }

    fn leave_element(&mut self, (old, new, path): (usize, usize, usize)) {
        self.old_ptr.truncate(old);
        self.new_ptr.truncate(new);
        self.path.truncate(path);
    }

    /// Matches by the first key candidate usable in both snapshots, reporting
    /// the candidates that were not; with none usable, falls back to
    /// [`Walk::match_values`].
    fn match_keys(
        &mut self,
        old: &[N],
        new: &[N],
        old_kept: &[usize],
        new_kept: &[usize],
        candidates: &'static [&'static [&'static str]],
        class: FieldClass,
    ) -> Plan<'a, N> {
        let mut troubles: Vec<(&'static [&'static str], Trouble)> = Vec::new();
        let hasher = matching::key_hasher();
        for alternatives in candidates {
            let old_keys = self.keys(old, old_kept, alternatives, Side::Old, &hasher);
            let new_keys = self.keys(new, new_kept, alternatives, Side::New, &hasher);
            match (old_keys, new_keys) {
                (Ok(old_keys), Ok(new_keys)) => {
                    self.report(
                        troubles,
                        &format!("matched by {}", alternatives.join(" or ")),
                    );
                    let matches = matching::match_sorted(&old_keys, &new_keys);
                    return Plan::Keyed(Keyed {
                        field: alternatives[0],
                        old: old_keys,
                        new: new_keys,
                        matches,
                    });
                }
                (old_keys, new_keys) => {
                    troubles.extend(old_keys.err().map(|t| (*alternatives, t)));
                    troubles.extend(new_keys.err().map(|t| (*alternatives, t)));
                }
            }
        }
        let keys: Vec<String> = candidates.iter().map(|a| a.join(" or ")).collect();
        let resolution = format!(
            "{FALLBACK}, then by {} in order of appearance",
            keys.join(", else ")
        );
        self.report(troubles, &resolution);
        Plan::Steps(self.match_values(old, new, old_kept, new_kept, class, candidates))
    }

    /// The keys of the kept elements of one side, if every one has a key and
    /// no two share one, with their hashes sorted for [`matching::match_sorted`].
    fn keys(
        &self,
        items: &[N],
        kept: &[usize],
        alternatives: &[&str],
        side: Side,
        hasher: &impl BuildHasher,
    ) -> Result<Keys<'a>, Trouble> {
        let array_ptr = match side {
            Side::Old => &self.old_ptr,
            Side::New => &self.new_ptr,
        };
        let mut keys = Vec::with_capacity(kept.len());
        let mut hashed = Vec::with_capacity(kept.len());
        let mut missing = 0;
        for (p, &i) in kept.iter().enumerate() {
            let element_ptr = if self.filter.ignore.is_empty() {
                Pointer::root()
            } else {
                array_ptr.clone().index(i)
            };
            let keep = |field: &str| self.filter.keeps_field(&element_ptr, field);
            let key = identity::key_of(items[i], alternatives, keep);
            // Hashed here, while the key's text is in the cache.
            match &key {
                Some(key) => hashed.push((hasher.hash_one(&**key), p)),
                None => missing += 1,
            }
            // Keep positions aligned with `kept`; a missing key makes the candidate unusable anyway.
            keys.push(key);
        }
        let (sorted, repeated) = matching::sorted_hashes(&keys, hashed);
        let keys: Vec<Cow<'a, str>> = keys
            .into_iter()
            .map(|k| k.unwrap_or(Cow::Borrowed("")))
            .collect();
        if missing == 0 && repeated.is_empty() {
            return Ok(Keys { keys, sorted });
        }
        let duplicate = if repeated.is_empty() {
            None
        } else {
            // Count per repeated key, in order of first appearance.
            let mut counts: HashMap<usize, usize> = HashMap::new();
            for first in &repeated {
                *counts.entry(*first).or_insert(1) += 1;
            }
            let first = *repeated.iter().min().unwrap_or(&0);
            let count = counts.get(&first).copied().unwrap_or(2);
            Some((keys[first].to_string(), count, counts.len() - 1))
        };
        Err(Trouble {
            side,
            missing,
            duplicate,
        })
    }

    fn report(&mut self, troubles: Vec<(&'static [&'static str], Trouble)>, resolution: &str) {
        let by_key = !resolution.starts_with(FALLBACK);
        for (alternatives, trouble) in troubles {
            let field = alternatives.join(" or ");
            let side = trouble.side.name();
            if trouble.missing > 0 {
                let n = trouble.missing;
                let (noun, verb) = if n == 1 {
                    ("element", "has")
                } else {
                    ("elements", "have")
                };
                self.findings.push(Finding {
                    severity: if by_key {
                        Severity::Info
                    } else {
                        Severity::Warning
                    },
                    code: FindingCode::KeyMissing,
                    message: format!(
                        "{}: {n} {noun} of the {side} snapshot {verb} no {field}; {resolution}",
                        self.path
                    ),
                });
            }
            if let Some((key, count, others)) = trouble.duplicate {
                let others = match others {
                    0 => String::new(),
                    1 => " (and 1 other repeated value)".to_owned(),
                    n => format!(" (and {n} other repeated values)"),
                };
                self.findings.push(Finding {
                    severity: Severity::Warning,
                    code: FindingCode::KeyDuplicate,
                    message: format!(
                        "{}: {count} elements of the {side} snapshot share {field} {}{others}; {resolution}",
                        self.path,
                        quote(&key)
                    ),
                });
            }
        }
    }

    /// Matches equal elements (volatile and ignored fields left out), then
    /// the others that have the same key (under the first candidate each has)
    /// in order of appearance; the rest are removed and added. For keyed
    /// arrays whose keys cannot identify every element.
    fn match_values(
        &mut self,
        old: &[N],
        new: &[N],
        old_kept: &[usize],
        new_kept: &[usize],
        class: FieldClass,
        candidates: &'static [&'static [&'static str]],
    ) -> Vec<Step<'a, N>> {
        self.schema.push(ELEMENT);
        let old_texts = canonical_texts(
            self.filter,
            old,
            old_kept,
            class,
            &mut self.schema,
            &mut self.old_ptr,
        );
        let new_texts = canonical_texts(
            self.filter,
            new,
            new_kept,
            class,
            &mut self.schema,
            &mut self.new_ptr,
        );
        self.schema.pop();
        let (mut pairs, mut new_matched) = match_multiset(&old_texts, &new_texts);
        drop((old_texts, new_texts));
        let any_key = |items: &[N], i: usize, array_ptr: &Pointer| {
            let element_ptr = if self.filter.ignore.is_empty() {
                Pointer::root()
            } else {
                array_ptr.clone().index(i)
            };
            candidates.iter().enumerate().find_map(|(c, alternatives)| {
                identity::key_of(items[i], alternatives, |f| {
                    self.filter.keeps_field(&element_ptr, f)
                })
                .map(|key| (c, key))
            })
        };
        let mut spare: HashMap<(usize, Cow<'a, str>), Vec<usize>> = HashMap::new();
        for (q, &j) in new_kept.iter().enumerate().rev() {
            if !new_matched[q] {
                if let Some(key) = any_key(new, j, &self.new_ptr) {
                    spare.entry(key).or_default().push(q);
                }
            }
        }
        for (p, &i) in old_kept.iter().enumerate() {
            if pairs[p].is_none() {
                // Stacks were filled from the end: `pop` gives the first spare element.
                let q = any_key(old, i, &self.old_ptr).and_then(|key| spare.get_mut(&key)?.pop());
                if let Some(q) = q {
                    new_matched[q] = true;
                    pairs[p] = Some(q);
                }
            }
        }
        let mut steps = Vec::with_capacity(old_kept.len().max(new_kept.len()));
        for (p, m) in pairs.into_iter().enumerate() {
            let i = old_kept[p];
            steps.push(match m {
                Some(q) => Step::Pair(i, new_kept[q], Label::Index(new_kept[q])),
                None => Step::Removed(i, Label::Index(i)),
            });
        }
        for (q, &j) in new_kept.iter().enumerate() {
            if !new_matched[q] {
                steps.push(Step::Added(j, Label::Index(j)));
            }
        }
        steps
    }
}
