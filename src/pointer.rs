//! RFC 6901 JSON Pointers: the one place that knows how reference tokens
//! are escaped and where one ends.

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::iter::FusedIterator;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An RFC 6901 JSON Pointer: where a value is in a JSON document.
///
/// A pointer is a sequence of reference tokens, object keys and array
/// indexes alike: `/Datasets/0/Uri` is the member `Uri` of the element 0 of
/// `Datasets`. The root, the whole document, is the empty pointer `""`;
/// `"/"` is the member whose key is the empty string.
///
/// A `Pointer` holds its escaped text (`~` written `~0`, `/` written `~1`),
/// so [`as_str`](Pointer::as_str), printing and serializing cost nothing and
/// give the text every output format shows. It compares, orders and hashes
/// as that text.
///
/// # Examples
///
/// ```
/// use dswcheck::Pointer;
///
/// let p = Pointer::root().key("EnvironmentVariables").key("a/b~c");
/// assert_eq!(p, "/EnvironmentVariables/a~1b~0c");
/// assert_eq!(p.tokens().collect::<Vec<_>>(), ["EnvironmentVariables", "a/b~c"]);
///
/// let q: Pointer = "/Datasets/0/Uri".parse()?;
/// assert_eq!(q, Pointer::root().key("Datasets").index(0).key("Uri"));
/// assert_eq!(q.parent(), Some(Pointer::root().key("Datasets").index(0)));
/// assert_eq!(q.last().as_deref(), Some("Uri"));
/// # Ok::<(), dswcheck::PointerError>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The pointer to the whole document, `""`.
    #[must_use]
    pub const fn root() -> Pointer {
        Pointer(String::new())
    }

    /// Reads a pointer written as RFC 6901 text, such as a user's
    /// `--ignore` argument: `""`, or reference tokens each after a `/`,
    /// with `~` only in the escapes `~0` (for `~`) and `~1` (for `/`).
    ///
    /// # Errors
    ///
    /// When `text` is neither empty nor starts with `/`, or has a `~` that
    /// is not followed by `0` or `1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use dswcheck::Pointer;
    ///
    /// assert_eq!(Pointer::parse("/a~1b")?.tokens().collect::<Vec<_>>(), ["a/b"]);
    /// assert!(Pointer::parse("")?.is_root());
    /// assert_eq!(
    ///     Pointer::parse("Labels").unwrap_err().to_string(),
    ///     "expected a JSON Pointer starting with `/`, such as /Labels"
    /// );
    /// assert!(Pointer::parse("/a~2").is_err());
    /// # Ok::<(), dswcheck::PointerError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Pointer, PointerError> {
        if !text.is_empty() && !text.starts_with('/') {
            return Err(PointerError::new(text, Reason::NoSlash));
        }
        let mut bytes = text.bytes().enumerate();
        while let Some((at, b)) = bytes.next() {
            if b == b'~' && !matches!(bytes.next(), Some((_, b'0' | b'1'))) {
                return Err(PointerError::new(text, Reason::Escape(at)));
            }
        }
        Ok(Pointer(text.to_owned()))
    }

    /// The escaped text, as every output format writes it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The escaped text, owned.
    #[must_use]
    pub fn into_string(self) -> String {
        self.0
    }

    /// Whether this is the pointer to the whole document.
    #[must_use]
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// Appends the object key `key` as one reference token.
    pub fn push(&mut self, key: &str) {
        self.0.push('/');
        if key.contains(['~', '/']) {
            for c in key.chars() {
                match c {
                    '~' => self.0.push_str("~0"),
                    '/' => self.0.push_str("~1"),
                    c => self.0.push(c),
                }
            }
        } else {
            self.0.push_str(key);
        }
    }

    /// Appends the array index `index` as one reference token.
    pub fn push_index(&mut self, index: usize) {
        use std::fmt::Write;
        // Writing to a `String` cannot fail.
        let _ = write!(self.0, "/{index}");
    }

    /// This pointer with the object key `key` appended: [`push`](Pointer::push)
    /// for building a pointer in one expression.
    #[must_use]
    pub fn key(mut self, key: &str) -> Pointer {
        self.push(key);
        self
    }

    /// This pointer with the array index `index` appended.
    #[must_use]
    pub fn index(mut self, index: usize) -> Pointer {
        self.push_index(index);
        self
    }

    /// `rest`, a pointer relative to this one, as a pointer from this one's
    /// document: `/Instances/3` joined with `/Status` is `/Instances/3/Status`.
    #[must_use]
    pub fn join(&self, rest: &Pointer) -> Pointer {
        let mut out = String::with_capacity(self.0.len() + rest.0.len());
        out.push_str(&self.0);
        out.push_str(&rest.0);
        Pointer(out)
    }

    /// The reference tokens, unescaped (borrowed unless a token has an
    /// escape); none for the root.
    ///
    /// # Examples
    ///
    /// ```
    /// use dswcheck::Pointer;
    ///
    /// let p = Pointer::parse("/a~01//0")?;
    /// assert_eq!(p.tokens().collect::<Vec<_>>(), ["a~1", "", "0"]);
    /// assert_eq!(p.tokens().rev().next().as_deref(), Some("0"));
    /// assert_eq!(Pointer::root().tokens().count(), 0);
    /// # Ok::<(), dswcheck::PointerError>(())
    /// ```
    pub fn tokens(&self) -> impl DoubleEndedIterator<Item = Cow<'_, str>> + Clone + '_ {
        let rest = match self.0.as_str() {
            "" => None,
            text => Some(text.strip_prefix('/').unwrap_or(text)),
        };
        Tokens { rest }
    }

    /// The last reference token, unescaped; `None` for the root.
    #[must_use]
    pub fn last(&self) -> Option<Cow<'_, str>> {
        self.tokens().next_back()
    }

    /// The pointer to the value that holds this one; `None` for the root.
    #[must_use]
    pub fn parent(&self) -> Option<Pointer> {
        // No token's escaped text holds a `/`: the last one starts after the last `/`.
        let at = self.0.rfind('/')?;
        Some(Pointer(self.0[..at].to_owned()))
    }

    /// Whether `prefix` is this pointer or one of its ancestors, token by
    /// token: `/Datasets/10` does not start with `/Datasets/1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use dswcheck::Pointer;
    ///
    /// let p = Pointer::parse("/Datasets/10/Uri")?;
    /// assert!(p.starts_with(&Pointer::parse("/Datasets/10")?));
    /// assert!(p.starts_with(&Pointer::root()));
    /// assert!(!p.starts_with(&Pointer::parse("/Datasets/1")?));
    /// # Ok::<(), dswcheck::PointerError>(())
    /// ```
    #[must_use]
    pub fn starts_with(&self, prefix: &Pointer) -> bool {
        self.0
            .strip_prefix(prefix.0.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }

    /// The pointer as the text outputs name it: `(root)` for the whole
    /// document, which `""` would leave unseen.
    pub(crate) fn shown(&self) -> &str {
        if self.is_root() { "(root)" } else { &self.0 }
    }

    /// This pointer relative to `prefix`, if `prefix` is it or one of its
    /// ancestors: `/Datasets/0/Options` less `/Datasets/0` is `/Options`.
    #[must_use]
    pub fn strip_prefix(&self, prefix: &Pointer) -> Option<Pointer> {
        let rest = self.0.strip_prefix(prefix.0.as_str())?;
        (rest.is_empty() || rest.starts_with('/')).then(|| Pointer(rest.to_owned()))
    }

    /// The length of the escaped text, in bytes: a mark to
    /// [`truncate`](Pointer::truncate) back to, for walks that push and pop
    /// a token per value visited.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// Cuts the pointer back to a length it had before (see
    /// [`len`](Pointer::len)); any other length leaves it as it is.
    pub(crate) fn truncate(&mut self, len: usize) {
        if len >= self.0.len() {
            return;
        }
        // A `/` is ASCII, so where one is, a character starts too.
        let at_boundary = self.0.as_bytes()[len] == b'/';
        debug_assert!(at_boundary, "{len} is no token boundary of {:?}", self.0);
        if at_boundary {
            self.0.truncate(len);
        }
    }

    /// Replaces every credential the text's shape gives away by
    /// [`REDACTED`](crate::REDACTED), saying whether anything was hidden.
    ///
    /// The result is for display only: redaction can cut across the
    /// escapes and the token boundaries, so it may name no value of the
    /// document, or not parse. Positions and fingerprints are taken from
    /// the true pointer, before this.
    pub(crate) fn redact(&mut self) -> bool {
        crate::secret::redact::text_in_place(&mut self.0)
    }
}

/// The way to a value during a walk, kept as borrowed keys and indexes and
/// made a [`Pointer`] only when something is said about the value: most
/// values of a document are walked past without a word, and a pointer per
/// value would copy every key.
#[derive(Debug, Default)]
pub(crate) struct Path<'a> {
    steps: Vec<Step<'a>>,
}

#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    /// Steps into the member `key`.
    pub(crate) fn push_key(&mut self, key: &'a str) {
        self.steps.push(Step::Key(key));
    }

    /// Steps into the element `index`.
    pub(crate) fn push_index(&mut self, index: usize) {
        self.steps.push(Step::Index(index));
    }

    /// Steps back out.
    pub(crate) fn pop(&mut self) {
        self.steps.pop();
    }

    /// The key of the last step, or `""` at the root or in an array.
    pub(crate) fn last_key(&self) -> &'a str {
        match self.steps.last() {
            Some(Step::Key(key)) => key,
            _ => "",
        }
    }

    /// The pointer to the value reached.
    pub(crate) fn pointer(&self) -> Pointer {
        let mut out = Pointer::root();
        for step in &self.steps {
            match *step {
                Step::Key(key) => out.push(key),
                Step::Index(i) => out.push_index(i),
            }
        }
        out
    }
}

/// Builds a [`Pointer`] from its tokens, each an object key (`&str`) or an
/// array index (`usize`): `pointer!["Datasets", i, "Uri"]`.
macro_rules! pointer {
    ($($token:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut pointer = $crate::Pointer::root();
        $( $crate::pointer::Token::push_onto($token, &mut pointer); )*
        pointer
    }};
}

pub(crate) use pointer;

/// What [`pointer!`] accepts as a token.
pub(crate) trait Token {
    fn push_onto(self, pointer: &mut Pointer);
}

impl Token for &str {
    fn push_onto(self, pointer: &mut Pointer) {
        pointer.push(self);
    }
}

impl Token for usize {
    fn push_onto(self, pointer: &mut Pointer) {
        pointer.push_index(self);
    }
}

/// The unescaped reference tokens of a [`Pointer`], from
/// [`Pointer::tokens`].
#[derive(Debug, Clone)]
struct Tokens<'a> {
    /// The escaped text after the first `/`; `None` once every token is out.
    rest: Option<&'a str>,
}

/// `token` without its escapes. A `~` that escapes nothing (only a
/// redacted pointer has one) is kept as it is.
fn unescape(token: &str) -> Cow<'_, str> {
    if !token.contains('~') {
        return Cow::Borrowed(token);
    }
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('~', Some('0')) => {
                out.push('~');
                chars.next();
            }
            ('~', Some('1')) => {
                out.push('/');
                chars.next();
            }
            (c, _) => out.push(c),
        }
    }
    Cow::Owned(out)
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Cow<'a, str>;

    fn next(&mut self) -> Option<Cow<'a, str>> {
        let rest = self.rest?;
        let token = match rest.split_once('/') {
            Some((token, after)) => {
                self.rest = Some(after);
                token
            }
            None => {
                self.rest = None;
                rest
            }
        };
        Some(unescape(token))
    }
}

impl DoubleEndedIterator for Tokens<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let rest = self.rest?;
        let token = match rest.rsplit_once('/') {
            Some((before, token)) => {
                self.rest = Some(before);
                token
            }
            None => {
                self.rest = None;
                rest
            }
        };
        Some(unescape(token))
    }
}

impl FusedIterator for Tokens<'_> {}

/// Why a text is not a JSON Pointer, from [`Pointer::parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointerError {
    inner: Box<(String, Reason)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reason {
    /// Not empty, and no `/` first.
    NoSlash,
    /// A `~` at this byte offset escapes nothing.
    Escape(usize),
}

impl PointerError {
    fn new(text: &str, reason: Reason) -> Self {
        PointerError {
            inner: Box::new((text.to_owned(), reason)),
        }
    }
}

impl fmt::Display for PointerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (text, reason) = &*self.inner;
        match reason {
            Reason::NoSlash => write!(
                f,
                "expected a JSON Pointer starting with `/`, such as /{text}"
            ),
            Reason::Escape(at) => write!(
                f,
                "invalid JSON Pointer {}: `~` at byte {at} is not `~0` (for `~`) or `~1` (for `/`)",
                crate::text::quote_cut(text, 80)
            ),
        }
    }
}

impl std::error::Error for PointerError {}

impl FromStr for Pointer {
    type Err = PointerError;

    fn from_str(text: &str) -> Result<Pointer, PointerError> {
        Pointer::parse(text)
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The text, quoted, as a `String`'s: assertions stay readable.
impl fmt::Debug for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl Serialize for Pointer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Through [`Pointer::parse`]: a text that is not a pointer is an error.
impl<'de> Deserialize<'de> for Pointer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Pointer, D::Error> {
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        Pointer::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl AsRef<str> for Pointer {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A pointer hashes and compares as its text, so maps keyed by pointers
/// can be searched with a `&str`.
impl Borrow<str> for Pointer {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<Pointer> for String {
    fn from(pointer: Pointer) -> String {
        pointer.0
    }
}

impl PartialEq<str> for Pointer {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Pointer {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for Pointer {
    fn eq(&self, other: &String) -> bool {
        self.0 == *other
    }
}

impl PartialEq<Pointer> for str {
    fn eq(&self, other: &Pointer) -> bool {
        self == other.0
    }
}

impl PartialEq<Pointer> for &str {
    fn eq(&self, other: &Pointer) -> bool {
        *self == other.0
    }
}

impl PartialEq<Pointer> for String {
    fn eq(&self, other: &Pointer) -> bool {
        *self == other.0
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn arb_token() -> impl Strategy<Value = Result<String, usize>> {
        prop_oneof![
            "[a-z~/0-9]{0,6}".prop_map(Ok),
            any::<String>().prop_map(Ok),
            any::<usize>().prop_map(Err),
        ]
    }

    #[test]
    fn escapes_and_unescapes() {
        let p = Pointer::root().key("a/b").key("m~n").index(3);
        assert_eq!(p, "/a~1b/m~0n/3");
        assert_eq!(p.tokens().collect::<Vec<_>>(), ["a/b", "m~n", "3"]);
        assert_eq!(p.tokens().rev().collect::<Vec<_>>(), ["3", "m~n", "a/b"]);
        assert_eq!(pointer!["a/b", "m~n", 3], p);
        assert_eq!(pointer![], Pointer::root());
        // Borrowed unless there is something to unescape.
        assert!(matches!(
            Pointer::root().key("plain").tokens().next(),
            Some(Cow::Borrowed("plain"))
        ));
    }

    #[test]
    fn tilde_zero_one_is_a_tilde_then_one() {
        let p = Pointer::parse("/~01/~10/~0~1").unwrap();
        assert_eq!(p.tokens().collect::<Vec<_>>(), ["~1", "/0", "~/"]);
        assert_eq!(Pointer::root().key("~1"), "/~01");
        assert_eq!(Pointer::root().key("/0"), "/~10");
    }

    #[test]
    fn the_empty_key_is_not_the_root() {
        let empty = Pointer::root().key("");
        assert_eq!(empty, "/");
        assert!(!empty.is_root());
        assert_eq!(empty.tokens().collect::<Vec<_>>(), [""]);
        assert_eq!(empty.parent(), Some(Pointer::root()));
        assert_eq!(empty.last().as_deref(), Some(""));
        assert_eq!(Pointer::root().parent(), None);
        assert_eq!(Pointer::root().last(), None);
        assert_eq!(Pointer::parse("//").unwrap().tokens().count(), 2);
        assert!(empty.starts_with(&Pointer::root()));
        assert!(!Pointer::root().starts_with(&empty));
    }

    #[test]
    fn parse_refuses_what_is_not_a_pointer() {
        for bad in ["a", "a/b", "~0", "/~", "/a~", "/a~2", "/~~1", " /a"] {
            assert!(Pointer::parse(bad).is_err(), "{bad:?}");
        }
        for good in ["", "/", "/a", "/~0~1", "/a/-", "/*/0"] {
            assert_eq!(Pointer::parse(good).unwrap(), good);
        }
        assert_eq!(
            Pointer::parse("/a~2").unwrap_err().to_string(),
            "invalid JSON Pointer \"/a~2\": `~` at byte 2 is not `~0` (for `~`) or `~1` (for `/`)"
        );
    }

    #[test]
    fn joins_and_truncates_at_token_boundaries() {
        let page = pointer!["Instances", 3];
        assert_eq!(page.join(&pointer!["Status"]), "/Instances/3/Status");
        assert_eq!(page.join(&Pointer::root()), page);
        assert_eq!(
            page.join(&pointer!["Status"]).strip_prefix(&page),
            Some(pointer!["Status"])
        );
        assert_eq!(page.strip_prefix(&page), Some(Pointer::root()));
        assert_eq!(pointer!["Instances", 30].strip_prefix(&page), None);
        let mut p = page.clone();
        let mark = p.len();
        p.push("a/b");
        p.truncate(mark);
        assert_eq!(p, page);
    }

    #[test]
    fn redacted_text_still_gives_tokens() {
        // What redaction can leave: a stray `~`, no leading `/`.
        let odd = Pointer("x~/~2".to_owned());
        assert_eq!(odd.tokens().collect::<Vec<_>>(), ["x~", "~2"]);
    }

    #[test]
    fn serializes_as_its_text() {
        let p = pointer!["a/b", 0];
        assert_eq!(serde_json::to_string(&p).unwrap(), r#""/a~1b/0""#);
        assert_eq!(serde_json::from_str::<Pointer>(r#""/a~1b/0""#).unwrap(), p);
        assert!(serde_json::from_str::<Pointer>(r#""a""#).is_err());
        assert_eq!(format!("{p} {p:?}"), r#"/a~1b/0 "/a~1b/0""#);
    }

    proptest! {
        #[test]
        fn text_and_tokens_round_trip(tokens in proptest::collection::vec(arb_token(), 0..6)) {
            let mut p = Pointer::root();
            for token in &tokens {
                match token {
                    Ok(key) => p.push(key),
                    Err(i) => p.push_index(*i),
                }
            }
            let parsed = Pointer::parse(p.as_str());
            prop_assert_eq!(parsed.as_ref(), Ok(&p));
            let back: Vec<String> = p.tokens().map(Cow::into_owned).collect();
            let want: Vec<String> = tokens
                .iter()
                .map(|t| match t {
                    Ok(key) => key.clone(),
                    Err(i) => i.to_string(),
                })
                .collect();
            prop_assert_eq!(&back, &want);
            let mut rebuilt = Pointer::root();
            for token in &back {
                rebuilt.push(token);
            }
            prop_assert_eq!(&rebuilt, &p);
            if let Some(parent) = p.parent() {
                prop_assert!(p.starts_with(&parent));
                prop_assert_eq!(parent.tokens().count() + 1, back.len());
                prop_assert_eq!(p.last().map(Cow::into_owned), back.last().cloned());
            }
        }
    }
}
