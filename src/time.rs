//! RFC 3339 timestamps, parsed strictly: what `validate` rejects as
//! `time.format` is not a time anywhere else either (the diff's invariants
//! compare instants with the same parser).

use std::fmt;

/// A point in time, comparable across UTC offsets: seconds since the Unix
/// epoch (UTC) and nanoseconds within that second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Instant {
    secs: i64,
    nanos: u32,
}

/// Why a string is not an RFC 3339 timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TimeError {
    /// The text ends before `what`.
    Missing(&'static str),
    /// `what` is not there, or has the wrong number of digits.
    Expected(&'static str),
    /// A date and time separated by something other than `T` (often a space).
    Separator(char),
    /// A field (`month`, `hour`...) outside its range.
    Range {
        field: &'static str,
        value: u32,
        min: u32,
        max: u32,
    },
    /// A day that its month does not have, such as February 30.
    Day { year: u32, month: u32, day: u32 },
    /// Text after the UTC offset.
    Trailing,
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeError::Missing(what) => write!(f, "missing {what}"),
            TimeError::Expected(what) => write!(f, "expected {what}"),
            TimeError::Separator(c) => {
                write!(f, "date and time must be separated by 'T', found {c:?}")
            }
            TimeError::Range {
                field,
                value,
                min,
                max,
            } => {
                write!(f, "{field} {value:02} is outside {min:02}..={max:02}")
            }
            TimeError::Day { year, month, day } => {
                write!(f, "{year:04}-{month:02} has no day {day:02}")
            }
            TimeError::Trailing => f.write_str("unexpected text after the UTC offset"),
        }
    }
}

/// Parses an RFC 3339 `date-time` (section 5.6): `YYYY-MM-DDTHH:MM:SS`, an
/// optional fraction of a second, then `Z` or `±hh:mm`.
///
/// `T` and `Z` may be lowercase, as RFC 3339 allows. A leap second (`:60`) is
/// accepted and counts as the first second of the next minute. Fractions
/// finer than a nanosecond are accepted and truncated.
pub(crate) fn parse_rfc3339(s: &str) -> Result<Instant, TimeError> {
    let mut p = Cursor {
        bytes: s.as_bytes(),
        at: 0,
    };
    let year = p.digits(4, "a 4-digit year")?;
    p.byte(b'-', "'-' after the year")?;
    let month = p.digits(2, "a 2-digit month")?;
    p.byte(b'-', "'-' after the month")?;
    let day = p.digits(2, "a 2-digit day")?;
    range("month", month, 1, 12)?;
    if day == 0 || day > days_in_month(year, month) {
        return Err(TimeError::Day { year, month, day });
    }
    match p.next() {
        Some(b'T' | b't') => {}
        None => return Err(TimeError::Missing("the time of day (\"T14:36:01Z\")")),
        Some(other) => return Err(TimeError::Separator(char::from(other))),
    }
    let hour = p.digits(2, "a 2-digit hour")?;
    p.byte(b':', "':' after the hour")?;
    let minute = p.digits(2, "2-digit minutes")?;
    p.byte(b':', "':' after the minutes")?;
    let second = p.digits(2, "2-digit seconds")?;
    range("hour", hour, 0, 23)?;
    range("minute", minute, 0, 59)?;
    range("second", second, 0, 60)?;
    let mut nanos = 0u32;
    if p.peek() == Some(b'.') {
        p.at += 1;
        let start = p.at;
        let mut scale = 100_000_000;
        while let Some(d @ b'0'..=b'9') = p.peek() {
            nanos += u32::from(d - b'0') * scale;
            scale /= 10;
            p.at += 1;
        }
        if p.at == start {
            return Err(TimeError::Expected("digits after the decimal point"));
        }
    }
    let offset = match p.next() {
        Some(b'Z' | b'z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let hours = p.digits(2, "a 2-digit offset hour")?;
            p.byte(b':', "':' in the UTC offset")?;
            let minutes = p.digits(2, "2-digit offset minutes")?;
            range("offset hour", hours, 0, 23)?;
            range("offset minute", minutes, 0, 59)?;
            let offset = i64::from(hours * 3600 + minutes * 60);
            if sign == b'-' { -offset } else { offset }
        }
        None => return Err(TimeError::Missing("the UTC offset (\"Z\" or \"+08:00\")")),
        Some(_) => return Err(TimeError::Expected("the UTC offset (\"Z\" or \"+08:00\")")),
    };
    if p.at != p.bytes.len() {
        return Err(TimeError::Trailing);
    }
    let days = days_from_civil(i64::from(year), i64::from(month), i64::from(day));
    let local = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    Ok(Instant {
        secs: local - offset,
        nanos,
    })
}

fn range(field: &'static str, value: u32, min: u32, max: u32) -> Result<(), TimeError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(TimeError::Range {
            field,
            value,
            min,
            max,
        })
    }
}

/// A byte cursor over the timestamp text.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn byte(&mut self, want: u8, what: &'static str) -> Result<(), TimeError> {
        match self.next() {
            Some(b) if b == want => Ok(()),
            Some(_) => Err(TimeError::Expected(what)),
            None => Err(TimeError::Missing(what)),
        }
    }

    /// Exactly `n` ASCII digits, as a number.
    fn digits(&mut self, n: usize, what: &'static str) -> Result<u32, TimeError> {
        let mut value = 0;
        for _ in 0..n {
            match self.next() {
                Some(d @ b'0'..=b'9') => value = value * 10 + u32::from(d - b'0'),
                Some(_) => return Err(TimeError::Expected(what)),
                None => return Err(TimeError::Missing(what)),
            }
        }
        Ok(value)
    }
}

fn is_leap(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`), exact for every 4-digit year.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64, nanos: u32) -> Instant {
        Instant { secs, nanos }
    }

    #[test]
    fn parses_valid_timestamps() {
        let cases = [
            ("1970-01-01T00:00:00Z", at(0, 0)),
            ("2021-01-12T14:36:01Z", at(1_610_462_161, 0)),
            ("2021-01-12t14:36:01z", at(1_610_462_161, 0)),
            ("2021-01-12T22:36:01+08:00", at(1_610_462_161, 0)),
            ("2021-01-12T09:06:01-05:30", at(1_610_462_161, 0)),
            ("2021-01-12T14:36:01-00:00", at(1_610_462_161, 0)),
            ("2021-01-12T14:36:01.5Z", at(1_610_462_161, 500_000_000)),
            (
                "2021-01-12T14:36:01.123456789123Z",
                at(1_610_462_161, 123_456_789),
            ),
            ("2024-02-29T00:00:00Z", at(1_709_164_800, 0)),
            ("2000-02-29T12:00:00Z", at(951_825_600, 0)),
            ("1969-12-31T23:59:59Z", at(-1, 0)),
            // A leap second is the first second of the next minute.
            ("2016-12-31T23:59:60Z", at(1_483_228_800, 0)),
            ("0000-01-01T00:00:00Z", at(-62_167_219_200, 0)),
            ("9999-12-31T23:59:59Z", at(253_402_300_799, 0)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_rfc3339(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn rejects_invalid_timestamps() {
        let cases = [
            (
                "2021-01-12 14:36:01",
                "date and time must be separated by 'T', found ' '",
            ),
            (
                "2021-01-12 14:36:01Z",
                "date and time must be separated by 'T', found ' '",
            ),
            (
                "2021-01-12T14:36:01",
                "missing the UTC offset (\"Z\" or \"+08:00\")",
            ),
            ("2021-01-12", "missing the time of day (\"T14:36:01Z\")"),
            ("2021-02-30T00:00:00Z", "2021-02 has no day 30"),
            ("2023-02-29T00:00:00Z", "2023-02 has no day 29"),
            ("1900-02-29T00:00:00Z", "1900-02 has no day 29"),
            ("2021-04-31T00:00:00Z", "2021-04 has no day 31"),
            ("2021-01-00T00:00:00Z", "2021-01 has no day 00"),
            ("2021-13-01T00:00:00Z", "month 13 is outside 01..=12"),
            ("2021-00-01T00:00:00Z", "month 00 is outside 01..=12"),
            ("2021-01-12T24:00:00Z", "hour 24 is outside 00..=23"),
            ("2021-01-12T23:60:00Z", "minute 60 is outside 00..=59"),
            ("2021-01-12T23:59:61Z", "second 61 is outside 00..=60"),
            (
                "2021-01-12T14:36:01+24:00",
                "offset hour 24 is outside 00..=23",
            ),
            ("2021-01-12T14:36:01+0800", "expected ':' in the UTC offset"),
            ("2021-01-12T14:36:01+08", "missing ':' in the UTC offset"),
            (
                "2021-01-12T14:36:01.Z",
                "expected digits after the decimal point",
            ),
            ("2021-01-12T14:36Z", "expected ':' after the minutes"),
            ("2021-1-12T14:36:01Z", "expected a 2-digit month"),
            ("21-01-12T14:36:01Z", "expected a 4-digit year"),
            ("20210-01-12T14:36:01Z", "expected '-' after the year"),
            ("2021-01-12T143601Z", "expected ':' after the hour"),
            (
                "2021-01-12T14:36:01ZZ",
                "unexpected text after the UTC offset",
            ),
            (
                "2021-01-12T14:36:01Z ",
                "unexpected text after the UTC offset",
            ),
            (" 2021-01-12T14:36:01Z", "expected a 4-digit year"),
            ("1610462161", "expected '-' after the year"),
            (
                "2021-01-12T14:36:01UTC",
                "expected the UTC offset (\"Z\" or \"+08:00\")",
            ),
            ("２０２１-01-12T14:36:01Z", "expected a 4-digit year"),
        ];
        for (text, reason) in cases {
            match parse_rfc3339(text) {
                Ok(i) => panic!("{text} parsed as {i:?}"),
                Err(e) => assert_eq!(e.to_string(), reason, "{text}"),
            }
        }
    }

    #[test]
    fn instants_compare_across_offsets() {
        let utc = parse_rfc3339("2021-01-12T14:36:01Z").unwrap();
        let shanghai = parse_rfc3339("2021-01-12T22:36:00+08:00").unwrap();
        assert!(shanghai < utc);
        let later = parse_rfc3339("2021-01-12T14:36:01.000000001Z").unwrap();
        assert!(utc < later);
    }
}
