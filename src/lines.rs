//! Byte offsets to line and column positions: for diagnostics, and for
//! [`Rendered`](crate::arbitrary::Rendered), whose positions must agree with them.

use std::cell::{Cell, OnceCell};

/// Where each line of a text starts.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    /// The byte offset of each line's first byte; the first is 0.
    starts: Vec<usize>,
    /// The scalar values before each [`BLOCK`]-byte block of the text,
    /// counted the first time a column lies far from its line's start: a
    /// minified document is one long line, and its diagnostics, asked in
    /// any order, must not each count from the start.
    blocks: OnceCell<Vec<usize>>,
}

/// How far from its line's start a column is counted byte by byte; past
/// that, from the counts of [`LineIndex::blocks`].
const BLOCK: usize = 4096;

/// The last of the block counts: the scalar values of the whole text.
fn before_end(blocks: &[usize]) -> usize {
    blocks.last().copied().unwrap_or(0)
}

/// The scalar values in `bytes`: its bytes other than UTF-8 continuation
/// bytes, which stays right when an offset lands inside invalid UTF-8.
fn scalars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

impl LineIndex {
    /// Indexes the lines of `text`, which end at each `\n`.
    pub(crate) fn new(text: &[u8]) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text).map(|i| i + 1))
            .collect();
        LineIndex {
            starts,
            blocks: OnceCell::new(),
        }
    }

    /// The scalar values of `text` before `offset`, through the block counts.
    fn scalars_before(&self, text: &[u8], offset: usize) -> usize {
        // One count per block start, and the whole text's last: an offset
        // at the end of a text whose length is a multiple of BLOCK starts
        // no block, and must still find its count.
        let blocks = self.blocks.get_or_init(|| {
            let mut before = 0;
            let mut counts: Vec<usize> = text
                .chunks(BLOCK)
                .map(|block| {
                    let this = before;
                    before += scalars(block);
                    this
                })
                .collect();
            counts.push(before);
            counts
        });
        let block = offset / BLOCK;
        blocks.get(block).copied().unwrap_or(before_end(blocks))
            + scalars(&text[(block * BLOCK).min(offset)..offset])
    }

    /// The 1-based line and column (in Unicode scalar values) of a byte
    /// offset into `text`, the text this index was built from. An offset
    /// past the end is the end.
    pub(crate) fn position(&self, text: &[u8], offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = if offset - start <= BLOCK {
            scalars(&text[start..offset])
        } else {
            self.scalars_before(text, offset) - self.scalars_before(text, start)
        };
        (saturate(line), saturate(column + 1))
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The positions in the text of a document, with a line index built the first time it is needed.
#[derive(Debug)]
pub(crate) struct Positions<'a> {
    text: &'a [u8],
    lines: OnceCell<LineIndex>,
    /// The last position asked for: a later offset on the same line is
    /// counted from there, so positions asked in document order cost the
    /// text between them, not the text from each line's start.
    last: Cell<Option<(usize, u32, u32)>>,
}

impl<'a> Positions<'a> {
    pub fn new(text: &'a [u8]) -> Self {
        Positions {
            text,
            lines: OnceCell::new(),
            last: Cell::new(None),
        }
    }

    /// The 1-based line and column (in Unicode scalar values) of a byte offset.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let position = match self.last.get() {
            // Only a short way forward: positions asked out of order would
            // otherwise each count the long way round.
            Some((from, line, column))
                if from <= offset
                    && offset - from <= BLOCK
                    && memchr::memchr(b'\n', &self.text[from..offset]).is_none() =>
            {
                let more = scalars(&self.text[from..offset]);
                (
                    line,
                    column.saturating_add(u32::try_from(more).unwrap_or(u32::MAX)),
                )
            }
            _ => self
                .lines
                .get_or_init(|| LineIndex::new(self.text))
                .position(self.text, offset),
        };
        self.last.set(Some((offset, position.0, position.1)));
        position
    }
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

    /// The position counted the slow way: from the text's start.
    fn counted(text: &[u8], offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let start = text[..offset]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line = 1 + text[..offset].iter().filter(|&&b| b == b'\n').count();
        (saturate(line), saturate(scalars(&text[start..offset]) + 1))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn positions_in_any_order_agree_with_counting(
            lines in proptest::collection::vec((0..3 * BLOCK, proptest::bool::ANY), 1..4),
            offsets in proptest::collection::vec(proptest::prelude::any::<proptest::sample::Index>(), 1..20),
        ) {
            let mut text = Vec::new();
            for (len, wide) in lines {
                let fill: &[u8] = if wide { "é".as_bytes() } else { b"x" };
                while text.len() < len {
                    text.extend_from_slice(fill);
                }
                text.push(b'\n');
            }
            let index = LineIndex::new(&text);
            let source = Positions::new(&text);
            for offset in offsets {
                let offset = offset.index(text.len() + 1);
                let want = counted(&text, offset);
                proptest::prop_assert_eq!(index.position(&text, offset), want, "at {}", offset);
                proptest::prop_assert_eq!(source.position(offset), want, "at {}", offset);
            }
        }
    }

    #[test]
    fn the_end_of_a_text_of_whole_blocks_is_counted() {
        let mut text = b"{\n".to_vec();
        text.resize(2 * BLOCK, b'x');
        let index = LineIndex::new(&text);
        let want = (2, saturate(2 * BLOCK - 2 + 1));
        assert_eq!(index.position(&text, text.len()), want);
        assert_eq!(index.position(&text, BLOCK), (2, saturate(BLOCK - 2 + 1)));
        assert_eq!(Positions::new(&text).position(text.len()), want);
    }

    #[test]
    fn long_lines_agree_with_counting_from_their_start() {
        let mut text = String::from("{\n");
        for i in 0..3 * BLOCK {
            text.push(if i % 7 == 0 { 'é' } else { 'x' });
        }
        text.push_str("\n😀");
        let text = text.as_bytes();
        let index = LineIndex::new(text);
        let source = Positions::new(text);
        let offsets = [
            text.len(),
            3,
            2 * BLOCK + 1,
            BLOCK + 5,
            7,
            text.len() - 4,
            5000,
        ];
        for offset in offsets {
            let start = text[..offset]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let line = 1 + text[..offset].iter().filter(|&&b| b == b'\n').count();
            let want = (saturate(line), saturate(scalars(&text[start..offset]) + 1));
            assert_eq!(index.position(text, offset), want, "at {offset}");
            assert_eq!(source.position(offset), want, "at {offset}");
        }
    }

    #[test]
    fn positions_count_characters() {
        let src = Positions::new("{\n  \"é\": 1\n}".as_bytes());
        assert_eq!(src.position(0), (1, 1));
        assert_eq!(src.position(4), (2, 3));
        // "é" is two bytes: the 1 is at byte 10, the 8th character of line 2.
        assert_eq!(src.position(10), (2, 8));
    }

    #[test]
    fn positions_in_any_order_agree_with_the_line_index() {
        let text = "{\"é\": [1,\n  \"😀x\", {\"a\":\r\n2}],\n\"b\": 3}".as_bytes();
        let index = LineIndex::new(text);
        let source = Positions::new(text);
        let offsets: Vec<usize> = (0..=text.len())
            .chain((0..=text.len()).rev())
            .chain([5, 3, 9, 9, 30, 1])
            .collect();
        for offset in offsets {
            assert_eq!(
                source.position(offset),
                index.position(text, offset),
                "at {offset}"
            );
        }
    }
}
