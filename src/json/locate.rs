//! Where a parsed document's values start: found by arithmetic on its
//! preorder as a walk steps into it (the decoder's), or from a value's JSON
//! Pointer, for diagnostics made after the reading (the rules').
//!
//! Written once over [`Doc`], for both representations of a document: a
//! [`Document`] (a [`Value`](serde_json::Value) and its spans) and a
//! [`Tape`] scanned with its starts.

use serde_json::Value;

use super::{Document, Kind, Node, Tape, TapeNode};
use crate::lines::Positions;
use crate::pointer::Pointer;

/// Where the values of a document start, by place: a value's index in the
/// document's preorder (its span's for a [`Document`], its node's for a
/// [`Tape`], where keys have nodes of their own).
pub(crate) trait Places {
    /// Where the value at `place` starts in the JSON text, if known.
    fn start(&self, place: usize) -> Option<usize>;
    /// The place of the first member's value of the object at `object`.
    fn first_member(&self, object: usize) -> usize;
    /// The place of the first element of the array at `array`.
    fn first_element(&self, array: usize) -> usize;
    /// The place of the next member's value after the member value at `value`.
    fn next_member(&self, value: usize) -> usize;
    /// The place of the next element after the element at `element`.
    fn next_element(&self, element: usize) -> usize;
}

/// A parsed document: its values and their places.
pub(crate) trait Doc: Places {
    /// A value of the document.
    type Node<'a>: Node<'a>
    where
        Self: 'a;

    /// The root value, at place 0.
    fn root(&self) -> Self::Node<'_>;

    /// The element `index` of `array`, whose place is `place`: without a
    /// walk over the elements before it, which a long array makes costly.
    fn element<'a>(
        &'a self,
        array: Self::Node<'a>,
        index: usize,
        place: usize,
    ) -> Option<Self::Node<'a>>;
}

impl Places for Document {
    fn start(&self, place: usize) -> Option<usize> {
        self.spans.get(place).map(|span| span.start as usize)
    }

    fn first_member(&self, object: usize) -> usize {
        object + 1
    }

    fn first_element(&self, array: usize) -> usize {
        array + 1
    }

    fn next_member(&self, value: usize) -> usize {
        self.next_element(value)
    }

    fn next_element(&self, element: usize) -> usize {
        element + self.spans.get(element).map_or(1, |span| span.size as usize)
    }
}

impl Doc for Document {
    type Node<'a> = &'a Value;

    fn root(&self) -> &Value {
        &self.value
    }

    fn element<'a>(&'a self, array: &'a Value, index: usize, _: usize) -> Option<&'a Value> {
        array.as_array()?.get(index)
    }
}

impl<S: AsRef<str>> Places for Tape<S> {
    fn start(&self, place: usize) -> Option<usize> {
        self.start_of(place)
    }

    fn first_member(&self, object: usize) -> usize {
        // Past the first key's node.
        object + 2
    }

    fn first_element(&self, array: usize) -> usize {
        array + 1
    }

    fn next_member(&self, value: usize) -> usize {
        self.next_element(value) + 1
    }

    fn next_element(&self, element: usize) -> usize {
        element + self.size_of(element)
    }
}

impl<S: AsRef<str>> Doc for Tape<S> {
    type Node<'a>
        = TapeNode<'a, S>
    where
        S: 'a;

    fn root(&self) -> TapeNode<'_, S> {
        Tape::root(self)
    }

    fn element<'a>(
        &'a self,
        array: TapeNode<'a, S>,
        index: usize,
        place: usize,
    ) -> Option<TapeNode<'a, S>> {
        (index < array.len()).then(|| self.node(place))
    }
}

/// The byte offset of the value at `pointer` in `doc`, or of its deepest
/// existing ancestor, remembering the place of each element of the arrays
/// it steps into, so that many pointers into one long array cost one pass
/// over it rather than one each.
pub(crate) fn offset_in<D: Doc>(doc: &D, pointer: &Pointer, elements: &mut Elements) -> usize {
    let mut value = doc.root();
    let mut place = 0;
    'walk: for segment in pointer.tokens() {
        match value.kind() {
            Kind::Object => {
                let mut child = doc.first_member(place);
                for (key, v) in value.members() {
                    if key == &*segment {
                        value = v;
                        place = child;
                        continue 'walk;
                    }
                    child = doc.next_member(child);
                }
                break;
            }
            Kind::Array => {
                let Ok(wanted) = segment.parse::<usize>() else {
                    break;
                };
                let len = value.len();
                if wanted >= len {
                    break;
                }
                let child = if wanted < ELEMENTS_UNCACHED {
                    (0..wanted).fold(doc.first_element(place), |at, _| doc.next_element(at))
                } else {
                    let starts = elements.0.entry(place).or_insert_with(|| {
                        let mut at = doc.first_element(place);
                        (0..len)
                            .map(|_| {
                                let this = at;
                                at = doc.next_element(at);
                                this
                            })
                            .collect()
                    });
                    starts[wanted]
                };
                let Some(v) = doc.element(value, wanted, child) else {
                    break;
                };
                value = v;
                place = child;
            }
            _ => break,
        }
    }
    doc.start(place).unwrap_or(0)
}

// Positions in a policy's own text; the reports' go through `Locator`.
#[cfg(any(test, feature = "policy"))]
impl Document {
    /// The byte offset of the value at `pointer`, or of its deepest existing ancestor.
    pub fn offset_of(&self, pointer: &Pointer) -> usize {
        offset_in(self, pointer, &mut Elements::default())
    }

    /// [`offset_in`] in this document.
    #[cfg(test)]
    pub fn offset_in(&self, pointer: &Pointer, elements: &mut Elements) -> usize {
        offset_in(self, pointer, elements)
    }
}

/// A document whose values are found by pointer: [`offset_in`] for any [`Doc`].
pub(crate) trait Locate {
    /// The byte offset of the value at `pointer`, as [`offset_in`] finds it.
    fn offset_in(&self, pointer: &Pointer, elements: &mut Elements) -> usize;
}

impl<D: Doc> Locate for D {
    fn offset_in(&self, pointer: &Pointer, elements: &mut Elements) -> usize {
        offset_in(self, pointer, elements)
    }
}

/// A parsed document and its text: what gives a line and a column to a
/// pointer into it, the way [`offset_in`] finds it.
pub(crate) struct Locator<'a> {
    document: &'a dyn Locate,
    source: &'a Positions<'a>,
    elements: Elements,
}

impl<'a> Locator<'a> {
    pub fn new(document: &'a dyn Locate, source: &'a Positions<'a>) -> Self {
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

/// The place of each element of the arrays a pointer walk has stepped into, by array.
#[derive(Debug, Default)]
pub(crate) struct Elements(pub(super) std::collections::HashMap<usize, Vec<usize>>);
