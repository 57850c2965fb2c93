//! Matching the elements of two arrays: by identity key, as a multiset of
//! strings, by whole value, or by position.

use std::borrow::Cow;
use std::collections::HashMap;

use super::identity;
use super::walk::{Keys, Label, NOWHERE, Step};
use super::{Copier, FieldClass, Filter};
use crate::json::Node;
use crate::pointer;

/// The JSON text of each kept element's canonical form.
pub(super) fn canonical_texts<'a, N: Node<'a>>(
    filter: Filter<'_>,
    items: &[N],
    kept: &[usize],
    class: FieldClass,
    schema: &mut Vec<&'a str>,
    array_ptr: &mut String,
) -> Vec<String> {
    let mut copier = Copier::new(filter, true);
    let len = array_ptr.len();
    kept.iter()
        .map(|&i| {
            pointer::push_index(array_ptr, i);
            let text = copier.copy(items[i], class, schema, array_ptr).to_string();
            array_ptr.truncate(len);
            text
        })
        .collect()
}

/// Matches equal keys, each new key used once, in order: for each old
/// position, the new position it matches; and which new positions were used.
pub(super) fn match_multiset<K: std::hash::Hash + Eq>(
    old: &[K],
    new: &[K],
) -> (Vec<Option<usize>>, Vec<bool>) {
    let mut queues: HashMap<&K, (Vec<usize>, usize)> = HashMap::with_capacity(new.len());
    for (q, key) in new.iter().enumerate() {
        queues.entry(key).or_default().0.push(q);
    }
    let mut used = vec![false; new.len()];
    let matches = old
        .iter()
        .map(|key| {
            let (positions, next) = queues.get_mut(key)?;
            let q = *positions.get(*next)?;
            *next += 1;
            used[q] = true;
            Some(q)
        })
        .collect();
    (matches, used)
}

/// The steps of a keyed array whose keys identify every element on both
/// sides; `matches` holds the new position of each old one, if any.
pub(super) fn keyed_steps<'a, N>(
    old_kept: &[usize],
    new_kept: &[usize],
    old_keys: Keys<'a>,
    new_keys: Keys<'a>,
    matches: &[usize],
    field: &'static str,
) -> Vec<Step<'a, N>> {
    let mut new_matched = vec![false; new_kept.len()];
    let mut steps = Vec::with_capacity(old_kept.len().max(new_kept.len()));
    for ((key, &q), &i) in old_keys.keys.into_iter().zip(matches).zip(old_kept) {
        steps.push(if q == NOWHERE {
            Step::Removed(i, Label::Key(field, key))
        } else {
            new_matched[q] = true;
            Step::Pair(i, new_kept[q], Label::Key(field, key))
        });
    }
    for ((key, matched), &j) in new_keys.keys.into_iter().zip(new_matched).zip(new_kept) {
        if !matched {
            steps.push(Step::Added(j, Label::Key(field, key)));
        }
    }
    steps
}

pub(super) fn match_set<'a, N: Node<'a>>(
    old: &[N],
    new: &[N],
    old_kept: &[usize],
    new_kept: &[usize],
) -> Vec<Step<'a, N>> {
    let old_keys: Vec<Cow<'_, str>> = old_kept
        .iter()
        .map(|&i| identity::set_key(old[i]))
        .collect();
    let new_keys: Vec<Cow<'_, str>> = new_kept
        .iter()
        .map(|&j| identity::set_key(new[j]))
        .collect();
    let (old_match, new_matched) = match_multiset(&old_keys, &new_keys);
    let mut steps = Vec::with_capacity(old_kept.len().max(new_kept.len()));
    for (p, m) in old_match.into_iter().enumerate() {
        let i = old_kept[p];
        steps.push(match m {
            Some(q) => Step::Pair(i, new_kept[q], Label::Value(old[i])),
            None => Step::Removed(i, Label::Value(old[i])),
        });
    }
    for (q, &j) in new_kept.iter().enumerate() {
        if !new_matched[q] {
            steps.push(Step::Added(j, Label::Value(new[j])));
        }
    }
    steps
}

pub(super) fn match_positions<'a, N>(old_kept: &[usize], new_kept: &[usize]) -> Vec<Step<'a, N>> {
    let mut steps = Vec::with_capacity(old_kept.len().max(new_kept.len()));
    for (p, &i) in old_kept.iter().enumerate() {
        steps.push(match new_kept.get(p) {
            Some(&j) => Step::Pair(i, j, Label::Index(j)),
            None => Step::Removed(i, Label::Index(i)),
        });
    }
    for &j in new_kept.iter().skip(old_kept.len()) {
        steps.push(Step::Added(j, Label::Index(j)));
    }
    steps
}
