//! The two macros that turn the field table's rows into types.
//!
//! `object!` makes a struct from a group of rows: one `Option` field per row,
//! `extra` for unknown fields, the table as the struct's `OBJECT`, and its
//! `Decode`, `Serialize` and `Deserialize`. `string_enum!` makes an API enum
//! with an `Unknown(String)` variant.

/// A model struct from its rows:
///
/// ```text
/// /// Description, one or more doc lines.
/// "WireName" => rust_name: Type, since "YYYY-MM-DD" [fact, fact(arg)];
/// ```
///
/// The facts are the methods of [`Facts`](super::Facts).
macro_rules! object {
    (
        $(#[doc = $sdoc:literal])*
        pub struct $name:ident {
            $(
                $(#[doc = $doc:literal])*
                $wire:literal => $field:ident : $ty:ty, since $since:literal
                $([ $($fact:ident $(( $($arg:expr),* ))?),* ])?;
            )*
        }
    ) => {
        $(#[doc = $sdoc])*
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[doc = $doc])*
                #[doc = ""]
                #[doc = concat!("Wire name: `", $wire, "`. Since ", $since, ".")]
                pub $field: Option<$ty>,
            )*
            /// Fields the documentation does not describe, in input order, with their values.
            pub extra: serde_json::Map<String, serde_json::Value>,
            verbatim: $crate::model::Verbatim,
        }

        impl $name {
            /// This type's rows of the field table.
            #[doc(hidden)]
            pub const OBJECT: &'static $crate::model::Object = &$crate::model::Object {
                name: stringify!($name),
                doc: concat!($($sdoc, "\n"),*),
                fields: &[$(
                    $crate::model::Field {
                        wire: $wire,
                        name: stringify!($field),
                        shape: <$ty as $crate::decode::Decode>::SHAPE,
                        since: $since,
                        doc: concat!($($doc, "\n"),*),
                        facts: $crate::model::Facts::NONE $($( .$fact($($($arg),*)?) )*)?,
                    },
                )*],
            };
        }

        impl $crate::decode::Decode for $name {
            const SHAPE: $crate::model::Shape = $crate::model::Shape::Object(Self::OBJECT);

            fn decode<'a, N: $crate::json::Node<'a>>(
                value: N,
                cx: &mut $crate::decode::Cx<'a>,
            ) -> $crate::decode::Outcome<Self> {
                if !value.is_object() {
                    return cx.mismatch("an object", value);
                }
                let mut out = Self::default();
                for (key, v) in value.members() {
                    cx.enter_key(key);
                    match key {
                        $(
                            $wire if const {
                                $crate::model::Facts::NONE $($( .$fact($($($arg),*)?) )*)?
                            }.carried.in_context(cx.list_item) => {
                                const FACTS: $crate::model::Facts =
                                    $crate::model::Facts::NONE $($( .$fact($($($arg),*)?) )*)?;
                                let outer = (cx.secret, cx.list_item);
                                cx.secret = const {
                                    $crate::model::bears_secrets(
                                        &FACTS,
                                        &<$ty as $crate::decode::Decode>::SHAPE,
                                    )
                                };
                                cx.list_item |= FACTS.list_items;
                                out.$field = $crate::decode::field($wire, v, cx, &mut out.verbatim);
                                (cx.secret, cx.list_item) = outer;
                            }
                        )*
                        _ => {
                            $crate::decode::unknown_field(key, Self::OBJECT.fields, cx);
                            out.extra.insert(key.to_owned(), v.to_value());
                        }
                    }
                    cx.leave();
                }
                $crate::decode::Outcome::Exact(out)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                $(
                    match $crate::decode::kept(&self.verbatim, $wire, &self.$field) {
                        Some(raw) => map.serialize_entry($wire, raw)?,
                        None => {
                            if let Some(v) = &self.$field {
                                map.serialize_entry($wire, v)?;
                            }
                        }
                    }
                )*
                for (key, value) in &self.extra {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            /// Decodes tolerantly, as [`parse`](crate::parse) does, dropping the diagnostics.
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let mut cx = $crate::decode::Cx::new();
                match <Self as $crate::decode::Decode>::decode(&value, &mut cx) {
                    $crate::decode::Outcome::Exact(v) | $crate::decode::Outcome::Coerced(v) => Ok(v),
                    $crate::decode::Outcome::Rejected => Err(serde::de::Error::custom(
                        concat!("expected a JSON object for ", stringify!($name)),
                    )),
                }
            }
        }
    };
}

/// An API enum from its documented values; `closed` or `open` says whether
/// the documentation's list is complete.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident: $kind:ident {
            $( $(#[doc = $doc:literal])* $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[doc = $doc])* $variant, )*
            /// A value the documentation does not list, kept as sent.
            Unknown(String),
        }

        impl $name {
            /// The documented values, in documentation order.
            pub const KNOWN: &'static [&'static str] = &[$($wire),*];
            /// Whether the documented list is closed; values outside an open list
            /// ("possible values") are warnings, not errors.
            pub const CLOSED: bool = string_enum!(@closed $kind);

            /// The variant for a wire value; [`Self::Unknown`] for undocumented ones.
            #[must_use]
            pub fn from_wire(s: &str) -> Self {
                match s {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }

            /// The wire value.
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(s) => s,
                }
            }

            /// Whether this is a documented value.
            #[must_use]
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = String::deserialize(deserializer)?;
                Ok(Self::from_wire(&s))
            }
        }

        impl $crate::decode::Decode for $name {
            const SHAPE: $crate::model::Shape =
                $crate::model::Shape::Enum { values: Self::KNOWN, closed: Self::CLOSED };

            fn decode<'a, N: $crate::json::Node<'a>>(
                value: N,
                cx: &mut $crate::decode::Cx<'a>,
            ) -> $crate::decode::Outcome<Self> {
                $crate::decode::decode_enum(value, cx, Self::KNOWN, Self::CLOSED, Self::from_wire)
            }
        }
    };
    (@closed closed) => { true };
    (@closed open) => { false };
}

pub(crate) use {object, string_enum};
