//! Finding a value's position from its JSON Pointer, for diagnostics made
//! after the reading (the rules'), through the preorder table of spans.

use serde_json::Value;

use super::Document;
use crate::lines::Positions;
use crate::pointer::Pointer;

impl Document {
    /// The byte offset of the value at `pointer`, or of its deepest existing ancestor.
    pub fn offset_of(&self, pointer: &Pointer) -> usize {
        self.offset_in(pointer, &mut Elements::default())
    }

    /// [`offset_of`](Self::offset_of), remembering the span index of each
    /// element of the arrays it steps into, so that many pointers into one
    /// long array cost one pass over it rather than one each.
    pub fn offset_in(&self, pointer: &Pointer, elements: &mut Elements) -> usize {
        let mut value = &self.value;
        let mut index = 0;
        'walk: for segment in pointer.tokens() {
            let mut child = index + 1;
            match value {
                Value::Object(map) => {
                    for (key, v) in map {
                        if *key == *segment {
                            value = v;
                            index = child;
                            continue 'walk;
                        }
                        child += self.spans[child].size as usize;
                    }
                    break;
                }
                Value::Array(items) => {
                    let Ok(wanted) = segment.parse::<usize>() else {
                        break;
                    };
                    let Some(v) = items.get(wanted) else { break };
                    if wanted < ELEMENTS_UNCACHED {
                        for _ in 0..wanted {
                            child += self.spans[child].size as usize;
                        }
                    } else {
                        let starts = elements.0.entry(index).or_insert_with(|| {
                            let mut at = index + 1;
                            (0..items.len())
                                .map(|_| {
                                    let this = at;
                                    at += self.spans[at].size as usize;
                                    this
                                })
                                .collect()
                        });
                        child = starts[wanted];
                    }
                    value = v;
                    index = child;
                }
                _ => break,
            }
        }
        self.spans.get(index).map_or(0, |span| span.start as usize)
    }
}

/// A parsed document and its text: what gives a line and a column to a
/// pointer into it, the way [`Document::offset_in`] finds it.
#[derive(Debug)]
pub(crate) struct Locator<'a> {
    document: &'a Document,
    source: &'a Positions<'a>,
    elements: Elements,
}

impl<'a> Locator<'a> {
    pub fn new(document: &'a Document, source: &'a Positions<'a>) -> Self {
        Locator {
            document,
            source,
            elements: Elements::default(),
        }
    }

    /// The line and column of the value at `pointer`, or of its deepest existing ancestor.
    pub fn position(&mut self, pointer: &Pointer) -> (u32, u32) {
        let offset = self.document.offset_in(pointer, &mut self.elements);
        self.source.position(offset)
    }
}

/// Elements closer to an array's start than this are found by stepping over
/// their siblings, which is cheaper than indexing the array.
const ELEMENTS_UNCACHED: usize = 16;

/// The span index of each element of the arrays a pointer walk has stepped into, by array.
#[derive(Debug, Default)]
pub(crate) struct Elements(pub(super) std::collections::HashMap<usize, Vec<usize>>);
