//! Matching the elements of two arrays: by identity key, as a multiset of
//! strings, by whole value, or by position.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;

use super::identity;
use super::walk::{Keys, Label, NOWHERE, Step};
use super::{Copier, FieldClass, Filter};
use crate::json::Node;
use crate::pointer::Pointer;

/// The hasher of identity keys: keyed anew in each process, so that no
/// input can be made to collide on purpose.
#[cfg(not(test))]
pub(super) fn key_hasher() -> foldhash::fast::RandomState {
    foldhash::fast::RandomState::default()
}

/// The hasher of identity keys; under test, [`test_hashes::by_length`]
/// makes every key's hash its length, so that the walk's own check of a
/// colliding pair runs end to end.
#[cfg(test)]
pub(super) fn key_hasher() -> test_hashes::KeyHasher {
    test_hashes::KeyHasher
}

#[cfg(test)]
pub(super) mod test_hashes {
    use std::cell::Cell;
    use std::hash::{BuildHasher, Hasher};

    thread_local! {
        static BY_LENGTH: Cell<bool> = const { Cell::new(false) };
    }

    /// Runs `f` with identity keys hashed by their length alone on this thread.
    pub(crate) fn by_length<T>(f: impl FnOnce() -> T) -> T {
        BY_LENGTH.with(|on| on.set(true));
        let out = f();
        BY_LENGTH.with(|on| on.set(false));
        out
    }

    pub(crate) struct KeyHasher;

    pub(crate) enum Hashing {
        Fast(foldhash::fast::FoldHasher<'static>),
        ByLength(u64),
    }

    impl BuildHasher for KeyHasher {
        type Hasher = Hashing;

        fn build_hasher(&self) -> Hashing {
            if BY_LENGTH.with(Cell::get) {
                Hashing::ByLength(0)
            } else {
                Hashing::Fast(foldhash::fast::FixedState::default().build_hasher())
            }
        }
    }

    impl Hasher for Hashing {
        fn finish(&self) -> u64 {
            match self {
                Hashing::Fast(h) => h.finish(),
                Hashing::ByLength(n) => *n,
            }
        }

        fn write(&mut self, bytes: &[u8]) {
            match self {
                Hashing::Fast(h) => h.write(bytes),
                Hashing::ByLength(n) => *n = n.wrapping_add(bytes.len() as u64),
            }
        }
    }
}

/// The JSON text of each kept element's canonical form.
pub(super) fn canonical_texts<'a, N: Node<'a>>(
    filter: Filter<'_>,
    items: &[N],
    kept: &[usize],
    class: FieldClass,
    schema: &mut Vec<&'a str>,
    array_ptr: &mut Pointer,
) -> Vec<String> {
    let mut copier = Copier::new(filter, true);
    let len = array_ptr.len();
    kept.iter()
        .map(|&i| {
            array_ptr.push_index(i);
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

/// Sorts each present key's hash and position (`hashed`, in order of
/// position), so that equal keys sit together, in order of position; and
/// for each key equal to an earlier one, the position where it first
/// appears.
///
/// Sorting rather than a hash table: a table of a large array's keys is
/// far larger than the cache, and each entry and lookup of it missed; the
/// sort reads and writes memory in order.
pub(super) fn sorted_hashes(
    keys: &[Option<Cow<'_, str>>],
    hashed: Vec<(u64, usize)>,
) -> (Vec<(u64, usize)>, Vec<usize>) {
    let sorted = sort_by_hash(hashed);
    let mut repeated = Vec::new();
    // The distinct keys of a run of equal hashes, each with its first position.
    let mut distinct: Vec<usize> = Vec::new();
    for run in sorted
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        distinct.clear();
        for &(_, p) in run {
            match distinct.iter().find(|&&first| keys[first] == keys[p]) {
                Some(&first) => repeated.push(first),
                None => distinct.push(p),
            }
        }
    }
    (sorted, repeated)
}

/// `pairs` of a hash and a distinct position, sorted: what `sort_unstable`
/// gives, in time linear in their number where the hashes are spread (a
/// keyed hash's are), and no worse than a comparison sort's where not.
///
/// A comparison sort grew by 12x from 20,000 keys to 200,000 (its log
/// factor) and was a third of a large diff. This puts each pair in one of
/// about as many buckets as there are pairs, by its hash's top bits (an
/// order the hashes' own order refines), and sorts each bucket: nearly all
/// hold a pair or two. Hashes that are not spread fill few buckets, each
/// sorted as before.
fn sort_by_hash(mut pairs: Vec<(u64, usize)>) -> Vec<(u64, usize)> {
    let n = pairs.len();
    if n < 64 {
        pairs.sort_unstable();
        return pairs;
    }
    let bits = usize::BITS - (n - 1).leading_zeros();
    let shift = u64::BITS - bits;
    let bucket = |hash: u64| (hash >> shift) as usize;
    // First the size of each bucket, then where each starts, then, as
    // pairs are put in place, where each ends.
    let mut ends = vec![0_usize; (1 << bits) + 1];
    for &(hash, _) in &pairs {
        ends[bucket(hash) + 1] += 1;
    }
    for b in 1..ends.len() {
        ends[b] += ends[b - 1];
    }
    let mut sorted = vec![(0, 0); n];
    for &pair in &pairs {
        let end = &mut ends[bucket(pair.0)];
        sorted[*end] = pair;
        *end += 1;
    }
    let mut start = 0;
    for &end in &ends[..ends.len() - 1] {
        if end - start > 1 {
            sorted[start..end].sort_unstable();
        }
        start = end;
    }
    sorted
}

/// For each old position, the new position of the same hash ([`NOWHERE`]
/// if none), for two sides whose keys are all present and distinct.
///
/// Where one key on each side has a hash, the two are matched unchecked:
/// the caller compares them (see [`Walk::walk_keyed`](super::walk::Walk)),
/// in a walk that reads both elements anyway. Where more keys share a
/// hash, they are compared here.
pub(super) fn match_sorted(old: &Keys<'_>, new: &Keys<'_>) -> Vec<usize> {
    let mut matches = vec![NOWHERE; old.keys.len()];
    let (mut a, mut b) = (0, 0);
    let (old_sorted, new_sorted) = (&old.sorted, &new.sorted);
    while a < old_sorted.len() && b < new_sorted.len() {
        let hash = old_sorted[a].0;
        match hash.cmp(&new_sorted[b].0) {
            Ordering::Less => a += 1,
            Ordering::Greater => b += 1,
            Ordering::Equal => {
                let run = |sorted: &[(u64, usize)], from: usize| {
                    from + sorted[from..].iter().take_while(|h| h.0 == hash).count()
                };
                let (old_end, new_end) = (run(old_sorted, a), run(new_sorted, b));
                if old_end - a == 1 && new_end - b == 1 {
                    matches[old_sorted[a].1] = new_sorted[b].1;
                } else {
                    for &(_, p) in &old_sorted[a..old_end] {
                        let same = new_sorted[b..new_end]
                            .iter()
                            .find(|&&(_, q)| old.keys[p] == new.keys[q]);
                        if let Some(&(_, q)) = same {
                            matches[p] = q;
                        }
                    }
                }
                (a, b) = (old_end, new_end);
            }
        }
    }
    matches
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

#[cfg(test)]
mod tests {
    use std::hash::{BuildHasher, BuildHasherDefault};

    use super::*;

    /// A hasher under which every key collides.
    #[derive(Default)]
    struct Colliding;

    impl std::hash::Hasher for Colliding {
        fn finish(&self) -> u64 {
            0
        }

        fn write(&mut self, _: &[u8]) {}
    }

    fn keys<'a>(
        texts: &[&'a str],
        hasher: &impl BuildHasher,
    ) -> (Result<Keys<'a>, Vec<usize>>, usize) {
        let keys: Vec<Option<Cow<'a, str>>> =
            texts.iter().map(|k| Some(Cow::Borrowed(*k))).collect();
        let hashed = (0..keys.len())
            .zip(texts)
            .map(|(p, k)| (hasher.hash_one(*k), p))
            .collect();
        let (sorted, repeated) = sorted_hashes(&keys, hashed);
        let keys = keys.into_iter().map(Option::unwrap).collect();
        let distinct = sorted.len() - repeated.len();
        if repeated.is_empty() {
            (Ok(Keys { keys, sorted }), distinct)
        } else {
            (Err(repeated), distinct)
        }
    }

    #[test]
    fn keys_match_whether_hashes_collide_or_not() {
        let fast = foldhash::fast::RandomState::default();
        let colliding = BuildHasherDefault::<Colliding>::default();
        let old = ["a", "b", "c", "d"];
        let new = ["d", "x", "b", "a"];
        let expected = [3, 2, NOWHERE, 0];
        for hashes in [
            (keys(&old, &fast).0, keys(&new, &fast).0),
            (keys(&old, &colliding).0, keys(&new, &colliding).0),
        ] {
            let (Ok(old), Ok(new)) = hashes else {
                panic!("distinct keys");
            };
            assert_eq!(checked(&old, &new), expected);
        }
    }

    /// [`match_sorted`]'s matches, checked as the walk checks them.
    fn checked(old: &Keys<'_>, new: &Keys<'_>) -> Vec<usize> {
        let matches = match_sorted(old, new);
        (0..)
            .zip(matches)
            .map(|(p, q)| {
                if q != NOWHERE && old.keys[p] != new.keys[q] {
                    NOWHERE
                } else {
                    q
                }
            })
            .collect()
    }

    /// A hasher that hashes the length alone.
    #[derive(Default)]
    struct ByLength(u64);

    impl std::hash::Hasher for ByLength {
        fn finish(&self) -> u64 {
            self.0
        }

        fn write(&mut self, bytes: &[u8]) {
            self.0 = self.0.wrapping_add(bytes.len() as u64);
        }
    }

    #[test]
    fn a_lone_pair_of_equal_hashes_is_left_for_the_walk_to_check() {
        let by_length = BuildHasherDefault::<ByLength>::default();
        let (Ok(old), _) = keys(&["a", "bb"], &by_length) else {
            panic!("distinct keys");
        };
        let (Ok(new), _) = keys(&["bb", "x"], &by_length) else {
            panic!("distinct keys");
        };
        assert_eq!(match_sorted(&old, &new), [1, 0]);
        assert_eq!(checked(&old, &new), [NOWHERE, 0]);
    }

    proptest::proptest! {
        /// The bucket sort sorts as a comparison sort does, whether the
        /// hashes are spread, crowded into a few values or all small.
        #[test]
        fn sort_by_hash_is_sort_unstable(
            hashes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::num::u64::ANY,
                    proptest::strategy::Strategy::prop_map(0_u64..4, |h| h << 62),
                    0_u64..1000,
                ],
                0..600,
            )
        ) {
            let pairs: Vec<(u64, usize)> = hashes.into_iter().zip(0..).collect();
            let mut expected = pairs.clone();
            expected.sort_unstable();
            proptest::prop_assert_eq!(sort_by_hash(pairs), expected);
        }
    }

    #[test]
    fn repeated_keys_name_their_first_position() {
        let colliding = BuildHasherDefault::<Colliding>::default();
        let fast = foldhash::fast::RandomState::default();
        for (repeated, distinct) in [
            keys(&["a", "b", "a", "c", "b", "a"], &fast),
            keys(&["a", "b", "a", "c", "b", "a"], &colliding),
        ] {
            let mut repeated = repeated.err().expect("repeated keys");
            repeated.sort_unstable();
            assert_eq!(repeated, [0, 0, 1]);
            assert_eq!(distinct, 3);
        }
    }
}
