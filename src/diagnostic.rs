//! Diagnostics: what dswcheck says about a document, and where.

use std::fmt;

use serde::Serialize;

use crate::fingerprint::Fingerprint;
use crate::pointer::Pointer;

/// How serious a [`Diagnostic`] is.
///
/// Only [`Severity::Error`] makes a document invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing, nothing wrong: an unknown field, a `null` read as absent.
    Info,
    /// Probably wrong, or tolerated: a coerced scalar, an unlisted value of an open list.
    Warning,
    /// The document breaks the documented contract.
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declares an enum of stable codes: each variant with its string, `ALL`,
/// `as_str`, `Display` and `Serialize` as that string, and, when the
/// variants have a severity column, `severity`.
///
/// The enum's attributes and `pub enum NAME;` come first, then one
/// `VARIANT = "string"[, Severity];` per code. `pub enum NAME [open
/// VARIANT(TYPE)];` adds a variant for codes made at run time, whose `TYPE`
/// has a `const fn as_str`.
macro_rules! codes {
    (
        $(#[$meta:meta])*
        pub enum $name:ident $([open $(#[$odoc:meta])* $open:ident($openty:ty)])?;
        $( $(#[doc = $doc:literal])* $variant:ident = $code:literal, $severity:ident; )*
    ) => {
        codes! {
            $(#[$meta])*
            pub enum $name $([open $(#[$odoc])* $open($openty)])?;
            $( $(#[doc = $doc])* $variant = $code; )*
        }

        impl $name {
            /// The severity this code is reported with (an open code's
            /// diagnostics carry their own: this is its default).
            #[must_use]
            pub const fn severity(self) -> $crate::Severity {
                match self {
                    $($name::$variant => $crate::Severity::$severity,)*
                    $($name::$open(_) => $crate::Severity::Error,)?
                }
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub enum $name:ident $([open $(#[$odoc:meta])* $open:ident($openty:ty)])?;
        $( $(#[doc = $doc:literal])* $variant:ident = $code:literal; )*
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[doc = $doc])* $variant, )*
            $( $(#[$odoc])* $open($openty), )?
        }

        impl $name {
            /// Every built-in code, in documentation order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stable string form, the one every output format writes.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)*
                    $($name::$open(open) => open.as_str(),)?
                }
            }

            /// The lines of the variant's documentation, as written in the
            /// table, for outputs that describe their codes (SARIF rules).
            #[allow(dead_code)]
            pub(crate) const fn doc_lines(self) -> &'static [&'static str] {
                match self {
                    $($name::$variant => &[$($doc),*],)*
                    $($name::$open(_) => &[],)?
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

pub(crate) use codes;

codes! {
    /// The stable identifier of a kind of diagnostic.
    ///
    /// The string form ([`Code::as_str`]) is part of the output contract: codes
    /// are never renamed or reused. Adding a variant is not a breaking change.
    pub enum Code [open
        /// A violation of a team's policy (`--policy`): `policy.NAME`.
        Policy(PolicyCode)
    ];

    /// The input is not well-formed JSON.
    JsonSyntax = "json.syntax", Error;
    /// The input is empty, or only whitespace.
    JsonEmpty = "json.empty", Error;
    /// The input is not valid UTF-8.
    JsonInvalidUtf8 = "json.invalid-utf8", Error;
    /// Arrays and objects nest deeper than [`MAX_DEPTH`](crate::MAX_DEPTH).
    JsonTooDeep = "json.too-deep", Error;
    /// The input is larger than [`MAX_INPUT_BYTES`](crate::MAX_INPUT_BYTES),
    /// or holds more than [`MAX_VALUES`](crate::MAX_VALUES) values.
    JsonTooLarge = "json.too-large", Error;
    /// A number the reader cannot hold. Not expected: numbers of any size
    /// are kept as written.
    JsonNumberOutOfRange = "json.number-out-of-range", Error;
    /// An object has the same key twice: which value the API meant is ambiguous.
    JsonDuplicateKey = "json.duplicate-key", Error;
    /// The input starts with a UTF-8 byte order mark, which JSON (RFC 8259) does not allow.
    JsonBom = "json.bom", Warning;
    /// A value has a JSON type the documentation does not allow, and cannot be coerced.
    TypeMismatch = "type.mismatch", Error;
    /// A scalar of the wrong JSON type was read as the documented type (`"8"` as 8).
    TypeCoerced = "type.coerced", Warning;
    /// An integer outside the documented width (int32 or int64).
    NumberOutOfRange = "number.out-of-range", Error;
    /// A field is `null`; it is read as absent.
    ValueNull = "value.null", Info;
    /// An enum field holds the string `"null"`, the documentation's placeholder for no value.
    ValueNullString = "value.null-string", Info;
    /// A field the documentation does not describe: API drift, or a typo.
    FieldUnknown = "field.unknown", Info;
    /// A value outside a closed, documented enum.
    EnumUnknown = "enum.unknown", Error;
    /// A value outside an open list of documented examples ("possible values").
    EnumUnlisted = "enum.unlisted", Warning;
    /// The body is an API error response, not an instance.
    ResponseApiError = "response.api-error", Error;
    /// The body looks like another kind than the one asked for (`--kind`); read as asked.
    ResponseKind = "response.kind", Warning;
    /// More diagnostics than [`MAX_DIAGNOSTICS`](crate::MAX_DIAGNOSTICS): the
    /// rest are counted, not listed. Its severity is that of the worst one
    /// left out, so a document stays invalid if any of them was an error.
    ReportTruncated = "report.truncated", Warning;
    /// The JSON Schema reports a violation that no other check explains.
    ///
    /// No built-in check emits it any more: the embedded schema is no longer
    /// run over each document, as the typed decoder reports everything it
    /// would (the test suite holds the two to that). The code stays reserved
    /// for its meaning, as codes are never reused, and is meant for checks
    /// against user-supplied policy schemas.
    SchemaViolation = "schema.violation", Error;
    /// A timestamp that is not RFC 3339.
    TimeFormat = "time.format", Error;
    /// A modification time before the creation time of the same object.
    TimeOrder = "time.order", Warning;
    /// A nested `InstanceId` that differs from the top-level `InstanceId`.
    IdMismatch = "id.mismatch", Warning;
    /// A percentage outside 1..=100.
    PercentRange = "percent.range", Error;
    /// A port that is not a decimal number in 1..=65535.
    PortInvalid = "port.invalid", Error;
    /// A CIDR block that does not parse.
    CidrInvalid = "cidr.invalid", Error;
    /// Several quoted CIDR blocks joined into one string, as in the official example.
    CidrJoined = "cidr.joined", Warning;
    /// Two datasets with the same `DatasetId`.
    DatasetDuplicateId = "dataset.duplicate-id", Warning;
    /// Two datasets mounted on the same `MountPath`.
    DatasetDuplicateMountPath = "dataset.duplicate-mount-path", Error;
    /// A dataset `Uri` without a scheme.
    DatasetUriScheme = "dataset.uri-scheme", Error;
    /// A dataset `Uri` whose scheme is not one of the documented kinds.
    DatasetUriKind = "dataset.uri-kind", Warning;
    /// A dataset `Options` string that is not JSON text.
    DatasetOptions = "dataset.options", Error;
    /// Two labels with the same `Key`.
    LabelDuplicateKey = "label.duplicate-key", Error;
    /// Two tags with the same `TagKey`.
    TagDuplicateKey = "tag.duplicate-key", Error;
    /// A `RequestedResource` quantity that does not parse (`"8"`, `"30"`, `"8Gi"` do).
    ResourceQuantity = "resource.quantity", Error;
    /// A credential that the API should mask is present unmasked.
    SecretExposed = "secret.exposed", Warning;
    /// Two items of one ListInstances page with the same `InstanceId`.
    ListDuplicateInstanceId = "list.duplicate-instance-id", Error;
    /// A ListInstances `TotalCount` smaller than the number of items on the page.
    ListTotalCount = "list.total-count", Warning;
}

/// The name of a policy's code, `policy.NAME`, made once per name and kept
/// for the life of the process (the names come from policy files and flags,
/// so their number is bounded by what the user wrote).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PolicyCode(&'static str);

impl PolicyCode {
    /// The code for `policy.NAME`; `None` unless `name` is lowercase ASCII
    /// letters, digits and inner `-` (the form of every code).
    #[must_use]
    pub fn new(name: &str) -> Option<PolicyCode> {
        use std::collections::BTreeSet;
        use std::sync::Mutex;
        static NAMES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
        let well_formed = !name.is_empty()
            && !name.starts_with('-')
            && !name.ends_with('-')
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !well_formed {
            return None;
        }
        let code = format!("policy.{name}");
        let mut names = NAMES
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(known) = names.get(code.as_str()) {
            return Some(PolicyCode(known));
        }
        let leaked: &'static str = Box::leak(code.into_boxed_str());
        names.insert(leaked);
        Some(PolicyCode(leaked))
    }

    /// `policy.NAME`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

impl Code {
    /// The family of the code: the part of its string before the first `.`,
    /// such as `json`, `type`, `enum` or `time`.
    ///
    /// # Examples
    ///
    /// ```
    /// use dswcheck::Code;
    ///
    /// assert_eq!(Code::EnumUnknown.family(), "enum");
    /// assert_eq!(Code::TimeFormat.family(), "time");
    /// assert_eq!(Code::JsonDuplicateKey.family(), "json");
    /// ```
    #[must_use]
    pub fn family(self) -> &'static str {
        let code = self.as_str();
        code.split_once('.').map_or(code, |(family, _)| family)
    }

    /// Whether the code means the bytes are not a usable JSON document: not
    /// JSON (bad syntax, empty, invalid UTF-8, a number no 64-bit float
    /// holds) or past dswcheck's limits (too deep, too large). Such input has
    /// no value to decode, so there is no instance.
    ///
    /// These are the `json` codes except two: `json.duplicate-key` and
    /// `json.bom` say something about JSON text that is still read (the last
    /// value of a repeated key wins; the text after the byte order mark is
    /// the document). A `json` code added later counts as a syntax failure
    /// unless it is excluded here.
    ///
    /// # Examples
    ///
    /// ```
    /// use dswcheck::Code;
    ///
    /// assert!(Code::JsonSyntax.is_syntax());
    /// assert!(Code::JsonTooDeep.is_syntax());
    /// assert!(!Code::JsonDuplicateKey.is_syntax());
    /// assert!(!Code::JsonBom.is_syntax());
    /// assert!(!Code::TypeMismatch.is_syntax());
    ///
    /// let truncated = dswcheck::parse(br#"{"InstanceId": "dsw-1""#);
    /// assert!(truncated.diagnostics().iter().any(|d| d.code.is_syntax()));
    /// assert!(truncated.instance().is_none());
    ///
    /// let repeated = dswcheck::parse(br#"{"InstanceId": "a", "InstanceId": "b"}"#);
    /// assert_eq!(repeated.diagnostics()[0].code, Code::JsonDuplicateKey);
    /// assert!(!repeated.diagnostics().iter().any(|d| d.code.is_syntax()));
    /// assert_eq!(repeated.instance().unwrap().instance_id.as_deref(), Some("b"));
    /// ```
    #[must_use]
    pub fn is_syntax(self) -> bool {
        self.family() == "json" && !matches!(self, Code::JsonDuplicateKey | Code::JsonBom)
    }

    /// The first paragraph of the code's documentation, on one line, with
    /// rustdoc links reduced to their text: what the README's table of
    /// codes says, for outputs that carry a description of each code.
    #[cfg_attr(not(feature = "sarif"), allow(dead_code))]
    pub(crate) fn description(self) -> String {
        let mut text = String::new();
        for line in self.doc_lines() {
            let line = line.trim();
            if line.is_empty() {
                break;
            }
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(line);
        }
        without_links(&text)
    }
}

/// `text` with each rustdoc link `[label](target)` replaced by its label.
#[cfg_attr(not(feature = "sarif"), allow(dead_code))]
fn without_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find("](") else {
            break;
        };
        let Some(end) = after[close + 2..].find(')') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&after[..close]);
        rest = &after[close + 2 + end + 1..];
    }
    out.push_str(rest);
    out
}

/// One finding about a document.
///
/// Messages never contain the value of a secret field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// What kind of finding it is.
    pub code: Code,
    /// The offending value (the root for the whole document). Shown
    /// through the secret policy: a key can be a credential too, so it may
    /// not point into the document as it was sent.
    pub pointer: Pointer,
    /// 1-based line of the offending value in the input.
    pub line: u32,
    /// 1-based column of the offending value, counted in Unicode scalar values.
    pub column: u32,
    /// What was expected and what was found.
    pub message: String,
    /// What names this finding across reformatting, reordering and moved
    /// lines: its code, its place (identity-keyed elements by their key) and a
    /// digest of its value (see [`Fingerprint`]). Not serialized: outputs
    /// show it qualified by the document ([`Fingerprint::in_document`]).
    #[serde(skip)]
    pub fingerprint: Fingerprint,
}

/// The most diagnostics a document's report lists (100,000): past it they are
/// counted in one `report.truncated`, so that a hostile body cannot make the
/// report many times the size of the document.
pub const MAX_DIAGNOSTICS: usize = 100_000;

/// The diagnostics left out of a report past [`MAX_DIAGNOSTICS`].
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Overflow {
    count: usize,
    worst: Option<Severity>,
}

impl Overflow {
    /// Adds `item` to `out`, or counts it when `out` is full.
    pub(crate) fn push<T>(&mut self, out: &mut Vec<T>, item: T, severity: Severity) {
        if out.len() < MAX_DIAGNOSTICS {
            out.push(item);
        } else {
            self.note(severity);
        }
    }

    /// Counts one diagnostic left out.
    pub(crate) fn note(&mut self, severity: Severity) {
        self.count += 1;
        self.worst = self.worst.max(Some(severity));
    }

    /// Both counts together.
    pub(crate) fn merge(&mut self, other: Overflow) {
        self.count += other.count;
        self.worst = self.worst.max(other.worst);
    }

    /// Cuts `out` (sorted) to [`MAX_DIAGNOSTICS`], counting what is cut, and
    /// says what was left out in one last diagnostic.
    pub(crate) fn finish(mut self, out: &mut Vec<Diagnostic>) {
        if out.len() > MAX_DIAGNOSTICS {
            for d in out.drain(MAX_DIAGNOSTICS..) {
                self.note(d.severity);
            }
        }
        let Some(worst) = self.worst else {
            return;
        };
        let (line, column) = out.last().map_or((1, 1), |d| (d.line, d.column));
        let mut summary = Diagnostic {
            severity: worst,
            line,
            column,
            ..Diagnostic::new(
                Code::ReportTruncated,
                Pointer::root(),
                format!(
                    "{} more diagnostics not listed (at most {MAX_DIAGNOSTICS} are); the worst of them is {}",
                    self.count,
                    worst.as_str()
                ),
            )
        };
        summary.fingerprint = crate::fingerprint::of(None::<&serde_json::Value>, &summary);
        out.push(summary);
    }
}

impl Diagnostic {
    /// A diagnostic at `pointer`, with the code's own severity and no
    /// position yet: whoever makes it from a document gives it its position.
    pub(crate) fn new(code: Code, pointer: Pointer, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: code.severity(),
            code,
            pointer,
            line: 0,
            column: 0,
            message: message.into(),
            fingerprint: Fingerprint::default(),
        }
    }

    /// Whether this diagnostic makes the document invalid.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

#[cfg(test)]
impl Diagnostic {
    /// A diagnostic already positioned, for the renderers' tests.
    pub(crate) fn at(code: Code, pointer: &str, line: u32, column: u32, message: &str) -> Self {
        Diagnostic {
            line,
            column,
            ..Diagnostic::new(
                code,
                Pointer::parse(pointer).expect("a test's pointer"),
                message,
            )
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}[{}] {}: {}",
            self.line,
            self.column,
            self.severity,
            self.code,
            self.pointer.shown(),
            self.message
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readme_documents_every_code_with_its_severity() {
        let readme = include_str!("../README.md");
        for code in Code::ALL {
            let row = format!("| `{}` | {} |", code.as_str(), code.severity());
            assert!(readme.contains(&row), "README.md lacks the row {row}");
        }
    }

    #[test]
    fn syntax_codes_are_the_json_ones_that_leave_no_document() {
        let syntax: Vec<&str> = Code::ALL
            .iter()
            .filter(|c| c.is_syntax())
            .map(|c| c.as_str())
            .collect();
        assert_eq!(
            syntax,
            [
                "json.syntax",
                "json.empty",
                "json.invalid-utf8",
                "json.too-deep",
                "json.too-large",
                "json.number-out-of-range",
            ]
        );
        let families: std::collections::BTreeSet<&str> =
            Code::ALL.iter().map(|c| c.family()).collect();
        assert_eq!(
            families.into_iter().collect::<Vec<_>>(),
            [
                "cidr", "dataset", "enum", "field", "id", "json", "label", "list", "number",
                "percent", "port", "report", "resource", "response", "schema", "secret", "tag",
                "time", "type", "value",
            ]
        );
    }

    #[test]
    fn descriptions_are_one_plain_sentence_or_more() {
        for code in Code::ALL {
            let description = code.description();
            assert!(description.ends_with('.'), "{code}: {description}");
            assert!(!description.contains("]("), "{code}: {description}");
            assert!(!description.contains('\n'), "{code}: {description}");
        }
        assert_eq!(
            Code::JsonTooDeep.description(),
            "Arrays and objects nest deeper than `MAX_DEPTH`."
        );
        assert_eq!(
            Code::SchemaViolation.description(),
            "The JSON Schema reports a violation that no other check explains."
        );
    }

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(s.contains('.'), "{s} has no family prefix");
            assert!(
                s.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'.'
                    || b == b'-'),
                "{s}"
            );
        }
    }
}
