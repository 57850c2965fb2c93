//! Network values: forwarded ports and CIDR blocks.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::Findings;
use crate::decode::quote;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{ForwardInfo, Instance};
use crate::pointer::{Pointer, pointer};

/// Checks the ports of every `UserVpc.ForwardInfos` entry, the
/// `UserVpc.ExtendedCIDRs` blocks and the `BandwidthLimit` whitelists.
///
/// An `ExtendedCIDRs` entry must have a prefix length.
pub(crate) fn check(instance: &Instance, out: &mut Findings<'_>) {
    let Some(vpc) = &instance.user_vpc else {
        return;
    };
    for (i, forward) in vpc.forward_infos.iter().flatten().enumerate() {
        check_ports(i, forward, out);
    }
    if let Some(cidrs) = &vpc.extended_cidrs {
        check_cidrs(out, &pointer!["UserVpc", "ExtendedCIDRs"], cidrs);
    }
    // The bandwidth whitelists are documented only as strings: nothing says
    // their entries are CIDR blocks, and the official example holds `[""]`.
}

fn check_ports(i: usize, forward: &ForwardInfo, out: &mut Findings<'_>) {
    let connect = forward.connect_info.as_ref();
    let intranet = connect
        .and_then(|c| c.intranet.as_ref())
        .and_then(|e| e.port.as_deref());
    let internet = connect
        .and_then(|c| c.internet.as_ref())
        .and_then(|e| e.port.as_deref());
    let ports = [
        (&["ForwardPort"][..], forward.forward_port.as_deref()),
        (&["Port"], forward.port.as_deref()),
        (&["ExternalPort"], forward.external_port.as_deref()),
        (&["ConnectInfo", "Intranet", "Port"], intranet),
        (&["ConnectInfo", "Internet", "Port"], internet),
    ];
    for (path, value) in ports {
        let Some(value) = value.filter(|v| !v.is_empty()) else {
            continue;
        };
        if let Err(reason) = parse_port(value) {
            let mut at = pointer!["UserVpc", "ForwardInfos", i];
            for key in path {
                at.push(key);
            }
            out.push(
                Code::PortInvalid,
                at,
                format!("{} is not a port: {reason}", quote(value)),
            );
        }
    }
}

/// Why a string is not a port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PortError {
    /// Not only ASCII digits: a sign, a space, a letter.
    NotDecimal,
    /// A leading `0`, which some readers take for octal.
    LeadingZero,
    /// `0` or more than 65535.
    Range,
}

impl fmt::Display for PortError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PortError::NotDecimal => "expected a decimal number in 1..=65535",
            PortError::LeadingZero => {
                "expected a decimal number in 1..=65535 without leading zeros"
            }
            PortError::Range => "outside 1..=65535",
        })
    }
}

/// Parses a port: ASCII digits only (no sign, no spaces, no leading zero),
/// in 1..=65535.
pub(crate) fn parse_port(s: &str) -> Result<u16, PortError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PortError::NotDecimal);
    }
    if s.len() > 1 && s.starts_with('0') {
        return Err(PortError::LeadingZero);
    }
    // More than 5 digits cannot be a port and might overflow the parse.
    match s.parse::<u16>() {
        Ok(0) | Err(_) => Err(PortError::Range),
        Ok(port) => Ok(port),
    }
}

fn check_cidrs(out: &mut Findings<'_>, list_pointer: &Pointer, list: &[String]) {
    for (i, entry) in list.iter().enumerate() {
        let Err(reason) = parse_cidr(entry) else {
            continue;
        };
        let diagnostic = match joined_blocks(entry) {
            Some(count) => Diagnostic::new(
                Code::CidrJoined,
                list_pointer.clone().index(i),
                format!(
                    "{} joins {count} quoted CIDR blocks into one string; each is valid, but each block should be \
                     its own array element",
                    quote(entry)
                ),
            ),
            None => Diagnostic::new(
                Code::CidrInvalid,
                list_pointer.clone().index(i),
                format!("{} is not a CIDR block: {reason}", quote(entry)),
            ),
        };
        out.push_diagnostic(diagnostic);
    }
}

/// Why a string is not a CIDR block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CidrError {
    /// No `/prefix` where one is required.
    MissingPrefix,
    /// The part before `/` is not an IPv4 or IPv6 address.
    Address,
    /// The prefix is not a plain decimal length, or too long for the address.
    Prefix { max: u8 },
}

impl fmt::Display for CidrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CidrError::MissingPrefix => {
                f.write_str("expected an address and a prefix length such as \"10.0.0.0/16\"")
            }
            CidrError::Address => {
                f.write_str("expected an IPv4 or IPv6 address before the prefix length")
            }
            CidrError::Prefix { max } => {
                write!(f, "expected a prefix length in 0..={max} after '/'")
            }
        }
    }
}

/// Parses `address/prefix` (IPv4 `10.0.0.0/16` or IPv6 `fd00::/8`); returns
/// the address and prefix length. A bare address is not a block.
///
/// Host bits below the prefix (`10.0.0.1/16`) are accepted: the block is
/// still unambiguous, and the API is not documented to normalize it.
pub(crate) fn parse_cidr(s: &str) -> Result<(IpAddr, u8), CidrError> {
    let Some((address, prefix)) = s.split_once('/') else {
        s.parse::<IpAddr>().map_err(|_| CidrError::Address)?;
        return Err(CidrError::MissingPrefix);
    };
    // `Ipv4Addr` refuses leading zeros (`010.0.0.1`), which some readers take for octal.
    let address = if address.contains(':') {
        IpAddr::V6(
            address
                .parse::<Ipv6Addr>()
                .map_err(|_| CidrError::Address)?,
        )
    } else {
        IpAddr::V4(
            address
                .parse::<Ipv4Addr>()
                .map_err(|_| CidrError::Address)?,
        )
    };
    let max = max_prefix(address);
    let plain = !prefix.is_empty()
        && prefix.bytes().all(|b| b.is_ascii_digit())
        && (prefix == "0" || !prefix.starts_with('0'));
    match prefix.parse::<u8>() {
        Ok(len) if plain && len <= max => Ok((address, len)),
        _ => Err(CidrError::Prefix { max }),
    }
}

fn max_prefix(address: IpAddr) -> u8 {
    if address.is_ipv4() { 32 } else { 128 }
}

/// The number of blocks when `s` is quoted CIDR blocks joined by commas, as in
/// the official example (`"172.16.19.0/24","172.16.2.0/24"`), each valid.
fn joined_blocks(s: &str) -> Option<usize> {
    let mut count = 0;
    for part in s.split(',') {
        let inner = part.trim().strip_prefix('"')?.strip_suffix('"')?;
        parse_cidr(inner).ok()?;
        count += 1;
    }
    Some(count)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::rules::test_util::{diagnostics_of, instance};

    #[test]
    fn ports() {
        let cases = [
            ("1", Ok(1)),
            ("22", Ok(22)),
            ("65535", Ok(65535)),
            ("0", Err(PortError::Range)),
            ("65536", Err(PortError::Range)),
            ("99999999999999999999", Err(PortError::Range)),
            (" 22", Err(PortError::NotDecimal)),
            ("22 ", Err(PortError::NotDecimal)),
            ("+22", Err(PortError::NotDecimal)),
            ("-22", Err(PortError::NotDecimal)),
            ("22.0", Err(PortError::NotDecimal)),
            ("ssh", Err(PortError::NotDecimal)),
            ("0x16", Err(PortError::NotDecimal)),
            ("", Err(PortError::NotDecimal)),
            ("022", Err(PortError::LeadingZero)),
            ("00", Err(PortError::LeadingZero)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_port(text), want, "{text:?}");
        }
    }

    #[test]
    fn reports_each_port_field() {
        let doc = json!({"UserVpc": {"ForwardInfos": [
            {"ForwardPort": "22", "Port": "22", "ExternalPort": "1024",
             "ConnectInfo": {"Intranet": {"Port": "22"}, "Internet": {"Port": "1024"}}},
            {"ForwardPort": "0", "Port": "+22", "ExternalPort": "65536",
             "ConnectInfo": {"Intranet": {"Port": " 22"}, "Internet": {"Port": "http"}}},
            {"ForwardPort": "", "ConnectInfo": {"Intranet": {"Port": ""}}},
        ]}});
        let found = diagnostics_of(check, &instance(&doc));
        let pointers: Vec<_> = found.iter().map(|d| (d.code, d.pointer.as_str())).collect();
        assert_eq!(
            pointers,
            [
                (Code::PortInvalid, "/UserVpc/ForwardInfos/1/ForwardPort"),
                (Code::PortInvalid, "/UserVpc/ForwardInfos/1/Port"),
                (Code::PortInvalid, "/UserVpc/ForwardInfos/1/ExternalPort"),
                (
                    Code::PortInvalid,
                    "/UserVpc/ForwardInfos/1/ConnectInfo/Intranet/Port"
                ),
                (
                    Code::PortInvalid,
                    "/UserVpc/ForwardInfos/1/ConnectInfo/Internet/Port"
                ),
            ]
        );
        assert_eq!(
            found[2].message,
            "\"65536\" is not a port: outside 1..=65535"
        );
        assert_eq!(
            found[3].message,
            "\" 22\" is not a port: expected a decimal number in 1..=65535"
        );
    }

    #[test]
    fn cidrs() {
        let v4 = |s: &str| s.parse::<Ipv4Addr>().map(IpAddr::V4).unwrap();
        let v6 = |s: &str| s.parse::<Ipv6Addr>().map(IpAddr::V6).unwrap();
        let cases = [
            ("10.0.0.0/8", Ok((v4("10.0.0.0"), 8))),
            ("0.0.0.0/0", Ok((v4("0.0.0.0"), 0))),
            ("192.168.1.7/32", Ok((v4("192.168.1.7"), 32))),
            ("10.0.0.1/16", Ok((v4("10.0.0.1"), 16))),
            ("fd00::/8", Ok((v6("fd00::"), 8))),
            ("2001:db8::/128", Ok((v6("2001:db8::"), 128))),
            ("::ffff:10.0.0.0/104", Ok((v6("::ffff:10.0.0.0"), 104))),
            ("10.0.0.0/33", Err(CidrError::Prefix { max: 32 })),
            ("2001:db8::/129", Err(CidrError::Prefix { max: 128 })),
            ("10.0.0.0/", Err(CidrError::Prefix { max: 32 })),
            ("10.0.0.0/08", Err(CidrError::Prefix { max: 32 })),
            ("10.0.0.0/+8", Err(CidrError::Prefix { max: 32 })),
            ("10.0.0.0/8 ", Err(CidrError::Prefix { max: 32 })),
            ("10.0.0.0/255.0.0.0", Err(CidrError::Prefix { max: 32 })),
            ("10.0.0/8", Err(CidrError::Address)),
            ("256.0.0.0/8", Err(CidrError::Address)),
            ("010.0.0.0/8", Err(CidrError::Address)),
            (" 10.0.0.0/8", Err(CidrError::Address)),
            ("fe80::1%eth0/64", Err(CidrError::Address)),
            ("/8", Err(CidrError::Address)),
            ("10.0.0.0", Err(CidrError::MissingPrefix)),
            ("fd00::1", Err(CidrError::MissingPrefix)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_cidr(text), want, "{text:?}");
        }
    }

    #[test]
    fn joined_quoted_blocks() {
        assert_eq!(
            joined_blocks(r#""172.16.19.0/24","172.16.2.0/24","172.16.12.0/24""#,),
            Some(3)
        );
        assert_eq!(joined_blocks(r#""172.16.19.0/24", "fd00::/8""#,), Some(2));
        assert_eq!(joined_blocks(r#""172.16.19.0/24""#,), Some(1));
        // One bad block, a missing quote or unquoted blocks make the whole entry invalid.
        assert_eq!(joined_blocks(r#""10.0.0.7","10.0.0.8""#,), None);
        assert_eq!(joined_blocks(r#""172.16.19.0/24","172.16.2.0/33""#,), None);
        assert_eq!(joined_blocks(r#""172.16.19.0/24",172.16.2.0/24"#,), None);
        assert_eq!(joined_blocks("172.16.19.0/24,172.16.2.0/24",), None);
        assert_eq!(joined_blocks(r#""""#,), None);
        assert_eq!(joined_blocks(r#"""#,), None);
    }

    /// The whitelists are left alone, whatever they hold: no source says
    /// their entries are CIDR blocks (the official example holds `[""]`).
    #[test]
    fn reports_cidr_entries() {
        let doc = json!({"UserVpc": {
            "ExtendedCIDRs": ["172.16.0.0/16", "10.0.0.0/33", "\"172.16.19.0/24\",\"172.16.2.0/24\"", "10.1.2.3", "2001:db8::/32"],
            "BandwidthLimit": {
                "EgressWhitelists": ["100.100.0.0/16", "10.1.2.3", "fd00::/129"],
                "IngressWhitelists": ["\"10.0.0.0/8\",\"10.1.2.3\"", "any"],
            },
        }});
        let found = diagnostics_of(check, &instance(&doc));
        let pointers: Vec<_> = found.iter().map(|d| (d.code, d.pointer.as_str())).collect();
        assert_eq!(
            pointers,
            [
                (Code::CidrInvalid, "/UserVpc/ExtendedCIDRs/1"),
                (Code::CidrJoined, "/UserVpc/ExtendedCIDRs/2"),
                (Code::CidrInvalid, "/UserVpc/ExtendedCIDRs/3"),
            ]
        );
        assert_eq!(
            found[0].message,
            "\"10.0.0.0/33\" is not a CIDR block: expected a prefix length in 0..=32 after '/'"
        );
        assert!(
            found[1].message.starts_with(
                r#""\"172.16.19.0/24\",\"172.16.2.0/24\"" joins 2 quoted CIDR blocks"#
            ),
            "{}",
            found[1].message
        );
        assert!(!found[1].is_error());
        assert_eq!(
            found[2].message,
            "\"10.1.2.3\" is not a CIDR block: expected an address and a prefix length such as \"10.0.0.0/16\""
        );
    }
}
