//! Tolerant parsing, validation and semantic diff of Alibaba Cloud PAI-DSW
//! `GetInstance` responses (`GET /api/v2/instances/{InstanceId}`, API version
//! 2022-01-01).
//!
//! dswcheck reads whatever bytes it is given into a typed [`Instance`] without
//! losing anything the API sent, and says precisely what is wrong: each
//! [`Diagnostic`] has a severity, a stable [`Code`], a JSON Pointer, a line and
//! a column. Secrets (credentials, passwords, tokens) never appear in its output.
//!
//! # Quick start
//!
//! ```
//! let body = br#"{"InstanceId": "dsw-123", "Status": "Running", "Priority": "3"}"#;
//! let report = dswcheck::validate(body);
//! assert!(report.is_valid());
//! for d in report.diagnostics() {
//!     println!("{d}"); // 1:56: warning[type.coerced] /Priority: expected an integer ...
//! }
//! assert_eq!(report.instance().unwrap().priority, Some(3));
//! ```
//!
//! # Parsing
//!
//! [`parse`] never fails: it returns what could be recovered and the syntax,
//! type and enum diagnostics. Unknown fields are kept in each object's `extra`,
//! undocumented enum values as `Unknown(String)`, and serializing an
//! [`Instance`] with serde gives back the same JSON data as the input.
//!
//! # Validation
//!
//! [`validate`] adds the embedded JSON Schema ([`SCHEMA`]) and the semantic
//! rules: timestamps, ports, CIDRs, datasets, duplicate keys, exposed secrets.
//! [`Code`] lists every diagnostic with its severity.

#![forbid(unsafe_code)]

mod decode;
mod diagnostic;
mod json;
mod model;
mod parse;
mod pointer;
mod rules;
mod schema;
mod secret;
mod validate;

pub use diagnostic::{Code, Diagnostic, Severity};
pub use json::{MAX_DEPTH, MAX_INPUT_BYTES};
pub use model::*;
pub use parse::{Report, parse};
pub use schema::{SCHEMA, schema};
pub use secret::{REDACTED, is_secret_path, looks_secret};
pub use validate::validate;
