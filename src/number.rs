//! Exact JSON numbers: kept as written, compared by value, and written in
//! one canonical form.
//!
//! serde_json keeps a number's text (its `arbitrary_precision` feature), so
//! nothing is lost on the way through: `12345678901234567890123456789` stays
//! those 29 digits, `1.10` stays `1.10` (only an exponent is written
//! serde_json's way, `1E5` as `1e+5`). Two numbers are equal when their
//! values are, exactly (`1`, `1.0` and `1e0`; `-0` and `0`), and the
//! canonical form writes equal numbers alike, so that a diff is empty
//! exactly when the canonical forms are equal.

use std::str::FromStr;

use serde_json::Number;

use crate::json::{Kind, Lookup, Node};

/// The exact value of a JSON number: `(-1)^negative × digits × 10^exponent`,
/// `digits` without leading or trailing zeros (empty for zero, which is
/// never negative).
#[derive(Debug, PartialEq, Eq)]
struct Decimal {
    negative: bool,
    digits: String,
    exponent: i64,
}

/// Exponents are kept within this bound, far beyond anything a document
/// within the input limit can tell apart, so that arithmetic on them never
/// overflows.
const EXPONENT_BOUND: i64 = 1 << 48;

impl Decimal {
    /// The value of the JSON number `text` (as written, so well-formed).
    fn of(text: &str) -> Decimal {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(at) => (&rest[..at], parse_exponent(&rest[at + 1..])),
            None => (rest, 0),
        };
        let (integer, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let mut digits: String = integer.chars().chain(fraction.chars()).collect();
        let fraction_len = i64::try_from(fraction.len()).unwrap_or(EXPONENT_BOUND);
        let mut exponent = exponent.saturating_sub(fraction_len);
        let trailing = digits.len() - digits.trim_end_matches('0').len();
        digits.truncate(digits.len() - trailing);
        exponent = exponent.saturating_add(i64::try_from(trailing).unwrap_or(EXPONENT_BOUND));
        let digits = digits.trim_start_matches('0').to_owned();
        if digits.is_empty() {
            return Decimal {
                negative: false,
                digits,
                exponent: 0,
            };
        }
        Decimal {
            negative,
            digits,
            exponent: exponent.clamp(-EXPONENT_BOUND, EXPONENT_BOUND),
        }
    }

    /// The canonical text: an integer written out unless that takes 21 or
    /// more zeros after its digits, a fraction written out unless that takes
    /// 7 or more zeros after the point, anything else in scientific notation
    /// (`1.5e+300`), so that no number's text grows much beyond its digits.
    fn canonical(&self) -> String {
        if self.digits.is_empty() {
            return "0".to_owned();
        }
        let mut out = String::new();
        if self.negative {
            out.push('-');
        }
        let len = i64::try_from(self.digits.len()).unwrap_or(EXPONENT_BOUND);
        // The power of ten of the first digit.
        let magnitude = len + self.exponent - 1;
        if (0..21).contains(&self.exponent) {
            out.push_str(&self.digits);
            out.extend(std::iter::repeat_n(
                '0',
                usize::try_from(self.exponent).unwrap_or(0),
            ));
        } else if self.exponent < 0 && magnitude >= -7 {
            let point = len + self.exponent;
            if point > 0 {
                let (int, frac) = self.digits.split_at(usize::try_from(point).unwrap_or(0));
                out.push_str(int);
                out.push('.');
                out.push_str(frac);
            } else {
                out.push_str("0.");
                out.extend(std::iter::repeat_n(
                    '0',
                    usize::try_from(-point).unwrap_or(0),
                ));
                out.push_str(&self.digits);
            }
        } else {
            let (first, rest) = self.digits.split_at(1);
            out.push_str(first);
            if !rest.is_empty() {
                out.push('.');
                out.push_str(rest);
            }
            out.push('e');
            out.push_str(&magnitude.to_string());
        }
        out
    }
}

/// An exponent's value, saturated at [`EXPONENT_BOUND`].
fn parse_exponent(text: &str) -> i64 {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let mut value: i64 = 0;
    for b in digits.bytes() {
        value = (value * 10 + i64::from(b - b'0')).min(EXPONENT_BOUND);
    }
    if negative { -value } else { value }
}

/// What a number is as an integer, for the typed model's integer fields.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Integer {
    /// Written as an integer (`42`).
    Exact(i128),
    /// An integer written otherwise (`42.0`, `4.2e1`, `-0`): coercible.
    Integral(i128),
    /// An integer too large for any integer field (`1e400`).
    OutOfRange,
    /// Not an integer (`4.5`).
    Fraction,
}

/// `n` as an integer, exactly: no float rounding on the way.
#[cfg(test)]
fn integer(n: &Number) -> Integer {
    integer_text(n.as_str())
}

/// [`integer`] of a number's text, as serde_json writes it.
pub(crate) fn integer_text(text: &str) -> Integer {
    // Nearly every number of a body is a short plain integer, read here
    // without building its `Decimal` (two allocations).
    let digits = text.strip_prefix('-').unwrap_or(text);
    if is_plain_integer(text)
        && digits.len() <= 18
        && (digits.len() == 1 || !digits.starts_with('0'))
        && text != "-0"
    {
        if let Ok(value) = text.parse::<i64>() {
            return Integer::Exact(i128::from(value));
        }
    }
    integer_of_decimal(text)
}

/// Whether `text` is an integer written plainly: digits, perhaps after a `-`.
pub(crate) fn is_plain_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// [`integer`] of any number's text, through its [`Decimal`].
fn integer_of_decimal(text: &str) -> Integer {
    let plain = !text.contains(['.', 'e', 'E']) && text != "-0";
    let d = Decimal::of(text);
    if d.exponent < 0 {
        return Integer::Fraction;
    }
    let len = i64::try_from(d.digits.len()).unwrap_or(EXPONENT_BOUND);
    // i128 holds every integer of up to 38 digits.
    if len + d.exponent > 38 {
        return Integer::OutOfRange;
    }
    let mut value: i128 = 0;
    for b in d.digits.bytes() {
        value = value * 10 + i128::from(b - b'0');
    }
    for _ in 0..d.exponent {
        value *= 10;
    }
    if d.negative {
        value = -value;
    }
    if plain {
        Integer::Exact(value)
    } else {
        Integer::Integral(value)
    }
}

/// Whether two numbers have the same value, exactly.
#[cfg(test)]
fn equal(a: &Number, b: &Number) -> bool {
    equal_text(a.as_str(), b.as_str())
}

/// Whether two numbers, by their texts, have the same value, exactly.
pub(crate) fn equal_text(a: &str, b: &str) -> bool {
    a == b || Decimal::of(a) == Decimal::of(b)
}

/// The canonical form of a number: equal numbers give the same one.
pub(crate) fn canonical(n: &Number) -> Number {
    let text = Decimal::of(n.as_str()).canonical();
    // A canonical text is a JSON number, which always parses.
    Number::from_str(&text).unwrap_or_else(|_| n.clone())
}

/// Whether two values are equal as JSON data: numbers by value, object
/// members in any order.
pub(crate) fn values_equal<'a, N: Node<'a>>(a: N, b: N) -> bool {
    match (a.kind(), b.kind()) {
        (Kind::Number, Kind::Number) => match (a.number_text(), b.number_text()) {
            (Some(x), Some(y)) => equal_text(&x, &y),
            _ => false,
        },
        (Kind::Array, Kind::Array) => {
            a.len() == b.len()
                && a.elements()
                    .zip(b.elements())
                    .all(|(x, y)| values_equal(x, y))
        }
        (Kind::Object, Kind::Object) => {
            a.len() == b.len() && {
                let b = Lookup::new(b);
                a.members()
                    .all(|(k, v)| b.get(k).is_some_and(|w| values_equal(v, w)))
            }
        }
        (Kind::String, Kind::String) => a.as_str() == b.as_str(),
        (Kind::Bool, Kind::Bool) => a.as_bool() == b.as_bool(),
        (Kind::Null, Kind::Null) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Number {
        Number::from_str(text).unwrap()
    }

    #[test]
    fn numbers_keep_their_text() {
        for text in [
            "1.10",
            "12345678901234567890123456789",
            "-0",
            "0.000",
            "1e-7",
        ] {
            assert_eq!(n(text).as_str(), text);
        }
        // Every digit is kept; serde_json writes an exponent's sign.
        assert_eq!(n("1E2").as_str(), "1e+2");
        assert_eq!(n("1e999").as_str(), "1e+999");
    }

    #[test]
    fn equality_is_by_exact_value() {
        for (a, b) in [
            ("1", "1.0"),
            ("1", "1e0"),
            ("-0", "0"),
            ("0.0", "-0e5"),
            ("100", "1e2"),
            ("1.5", "15e-1"),
            ("0.001", "1E-3"),
            ("1e999", "10e998"),
        ] {
            assert!(equal(&n(a), &n(b)), "{a} == {b}");
        }
        for (a, b) in [
            (
                "123456789012345678901234567890",
                "123456789012345678901234567891",
            ),
            ("1", "-1"),
            ("0.1", "0.10000000000000001"),
            ("1e999", "1e998"),
        ] {
            assert!(!equal(&n(a), &n(b)), "{a} != {b}");
        }
    }

    #[test]
    fn canonical_forms() {
        for (text, canonical_text) in [
            ("1.0", "1"),
            ("-0", "0"),
            ("1e2", "100"),
            ("1.50", "1.5"),
            ("0.00012", "0.00012"),
            ("12e-10", "1.2e-9"),
            ("1e21", "1e+21"),
            ("123456789012345678901", "123456789012345678901"),
            (
                "123456789012345678901234567890",
                "123456789012345678901234567890",
            ),
            (
                "1234567890123456789012345678.90",
                "1234567890123456789012345678.9",
            ),
            ("12e20", "1200000000000000000000"),
            ("-1.5e300", "-1.5e+300"),
            ("1e999", "1e+999"),
        ] {
            assert_eq!(canonical(&n(text)).as_str(), canonical_text, "{text}");
        }
    }

    #[test]
    fn integers_are_read_exactly() {
        assert_eq!(integer(&n("42")), Integer::Exact(42));
        assert_eq!(integer(&n("-7")), Integer::Exact(-7));
        assert_eq!(integer(&n("42.0")), Integer::Integral(42));
        assert_eq!(integer(&n("4.2e1")), Integer::Integral(42));
        assert_eq!(integer(&n("-0")), Integer::Integral(0));
        assert_eq!(integer(&n("4.5")), Integer::Fraction);
        assert_eq!(integer(&n("1e400")), Integer::OutOfRange);
        assert_eq!(
            integer(&n("99999999999999999999999999999999999999")),
            Integer::Exact(99_999_999_999_999_999_999_999_999_999_999_999_999)
        );
        assert_eq!(
            integer(&n("9223372036854775808")),
            Integer::Exact(9_223_372_036_854_775_808)
        );
    }

    proptest::proptest! {
        /// Equal values have one canonical form, and unequal ones two; the
        /// canonical form has the value it stands for.
        #[test]
        fn canonical_form_is_exactly_equality(
            negative in proptest::bool::ANY,
            digits in "[1-9][0-9]{0,29}",
            exponent in -40_i64..40,
            shift in 0_usize..5,
            other in "[1-9][0-9]{0,29}",
        ) {
            let sign = if negative { "-" } else { "" };
            let a = n(&format!("{sign}{digits}e{exponent}"));
            // The same value: more trailing zeros, a lower exponent.
            let zeros = "0".repeat(shift);
            let shifted = exponent - i64::try_from(shift).unwrap();
            let b = n(&format!("{sign}{digits}{zeros}e{shifted}"));
            proptest::prop_assert!(equal(&a, &b));
            proptest::prop_assert_eq!(canonical(&a), canonical(&b));
            proptest::prop_assert!(equal(&canonical(&a), &a));
            let c = n(&format!("{sign}{other}e{exponent}"));
            proptest::prop_assert_eq!(equal(&a, &c), canonical(&a) == canonical(&c));
        }
    }

    proptest::proptest! {
        /// The shortcut for short plain integers reads what the general
        /// reading does.
        #[test]
        fn plain_integers_read_as_their_decimal(text in "-?(0|[1-9][0-9]{0,39})") {
            proptest::prop_assert_eq!(integer(&n(&text)), integer_of_decimal(&text));
        }
    }

    #[test]
    fn huge_exponents_stay_bounded() {
        let a = n("1e99999999999999999999999");
        assert_eq!(canonical(&a).as_str(), format!("1e+{EXPONENT_BOUND}"));
        assert!(!equal(&a, &n("1")));
    }
}
