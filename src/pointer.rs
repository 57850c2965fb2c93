//! RFC 6901 JSON Pointers.

/// Appends `segment` to `pointer` as one reference token, escaping `~` and `/`.
pub(crate) fn push(pointer: &mut String, segment: &str) {
    pointer.push('/');
    if segment.contains(['~', '/']) {
        for c in segment.chars() {
            match c {
                '~' => pointer.push_str("~0"),
                '/' => pointer.push_str("~1"),
                c => pointer.push(c),
            }
        }
    } else {
        pointer.push_str(segment);
    }
}

/// Appends an array index to `pointer`.
pub(crate) fn push_index(pointer: &mut String, index: usize) {
    use std::fmt::Write;
    let _ = write!(pointer, "/{index}");
}

/// `pointer` with `segment` appended.
pub(crate) fn join(pointer: &str, segment: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + segment.len() + 1);
    out.push_str(pointer);
    push(&mut out, segment);
    out
}

/// `pointer` with an array index appended.
pub(crate) fn join_index(pointer: &str, index: usize) -> String {
    let mut out = String::with_capacity(pointer.len() + 8);
    out.push_str(pointer);
    push_index(&mut out, index);
    out
}

/// The unescaped reference tokens of `pointer`; `None` unless it is `""` or starts with `/`.
pub(crate) fn segments(pointer: &str) -> Option<impl Iterator<Item = String> + '_> {
    let rest = if pointer.is_empty() {
        None
    } else {
        Some(pointer.strip_prefix('/')?)
    };
    Some(
        rest.into_iter()
            .flat_map(|rest| rest.split('/'))
            .map(|token| token.replace("~1", "/").replace("~0", "~")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_unescapes() {
        let p = join(&join("", "a/b"), "m~n");
        assert_eq!(p, "/a~1b/m~0n");
        let segs: Vec<_> = segments(&p).unwrap().collect();
        assert_eq!(segs, ["a/b", "m~n"]);
        assert_eq!(segments("").unwrap().count(), 0);
        assert!(segments("x").is_none());
        assert_eq!(join_index("/Datasets", 3), "/Datasets/3");
    }
}
