//! Byte offsets to line and column positions: for diagnostics, and for
//! [`Rendered`](crate::Rendered), whose positions must agree with them.

/// Where each line of a text starts.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    /// The byte offset of each line's first byte; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the lines of `text`, which end at each `\n`.
    pub(crate) fn new(text: &[u8]) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text).map(|i| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// The 1-based line and column (in Unicode scalar values) of a byte
    /// offset into `text`, the text this index was built from. An offset
    /// past the end is the end.
    pub(crate) fn position(&self, text: &[u8], offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        // Counting non-continuation bytes counts scalar values, and stays
        // correct when an error offset lands inside invalid UTF-8.
        let column = text[start..offset]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count();
        (saturate(line), saturate(column + 1))
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_at_newlines_and_columns_count_characters() {
        let text = "ab\r\n\né😀x\n".as_bytes();
        let index = LineIndex::new(text);
        let at = |offset| index.position(text, offset);
        assert_eq!(at(0), (1, 1));
        // `\r` is part of its line.
        assert_eq!(at(3), (1, 4));
        assert_eq!(at(4), (2, 1));
        assert_eq!(at(5), (3, 1));
        // Inside "é" (two bytes) and after it, then after the four bytes of "😀".
        assert_eq!(at(6), (3, 2));
        assert_eq!(at(7), (3, 2));
        assert_eq!(at(11), (3, 3));
        // After the last newline, and past the end.
        assert_eq!(at(text.len()), (4, 1));
        assert_eq!(at(usize::MAX), (4, 1));
        assert_eq!(LineIndex::new(b"").position(b"", 3), (1, 1));
    }
}
