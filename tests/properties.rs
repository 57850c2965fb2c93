//! The laws of parse, validate, diff and normalize, checked over generated
//! bodies with proptest.
//!
//! Strategies (`arb_*`) come first, then helpers, then one property test per
//! law. CI runs each law with the case count given to [`config`];
//! `PROPTEST_CASES=5000 cargo test --test properties` runs more. Failures are
//! kept in `proptest-regressions/properties.txt`, and each shrunk failure is
//! also a named test in `tests/regression.rs`.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use dswcheck::model::{
    AcceleratorType, Accessibility, ApiErrorCode, CredentialType, DefaultRoute, GpuType,
    InstanceStatus, MountAccess, OptionType, PaymentType, RoleType, SnapshotStatus, UserType,
};
use dswcheck::{
    Change, ChangeKind, Code, DiffErrorKind, DiffOptions, FieldClass, Renderer, Severity, Source,
};
use proptest::prelude::*;
use proptest::sample::{Index, select, subsequence};
use proptest::strategy::ValueTree;
use proptest::test_runner::{FileFailurePersistence, TestRunner};
use serde_json::{Map, Value as Json, json};

// ---------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------

/// One optional field of an object: absent in about one case in seven, so
/// every field is both present and absent across a run.
type Field = BoxedStrategy<Option<(String, Json)>>;

fn field(name: &str, value: impl Strategy<Value = Json> + 'static) -> Field {
    let name = name.to_owned();
    prop::option::weighted(0.85, value)
        .prop_map(move |v| v.map(|v| (name.clone(), v)))
        .boxed()
}

/// A field that is always there.
fn always(name: &str, value: impl Strategy<Value = Json> + 'static) -> Field {
    let name = name.to_owned();
    value.prop_map(move |v| Some((name.clone(), v))).boxed()
}

/// The object made of the fields that are present, in declaration order.
fn object(fields: Vec<Field>) -> BoxedStrategy<Json> {
    fields
        .prop_map(|fields| Json::Object(fields.into_iter().flatten().collect()))
        .boxed()
}

fn text(regex: &str) -> BoxedStrategy<Json> {
    proptest::string::string_regex(regex)
        .expect("a valid regex")
        .prop_map(Json::String)
        .boxed()
}

fn one_of(values: &'static [&'static str]) -> BoxedStrategy<Json> {
    select(values).prop_map(Json::from).boxed()
}

fn int(range: std::ops::RangeInclusive<i64>) -> BoxedStrategy<Json> {
    range.prop_map(Json::from).boxed()
}

fn boolean() -> BoxedStrategy<Json> {
    any::<bool>().prop_map(Json::Bool).boxed()
}

/// A time between 2020 and 2030, in seconds since the Unix epoch.
fn arb_time() -> BoxedStrategy<i64> {
    (1_577_836_800_i64..1_893_456_000).boxed()
}

/// A `GmtCreateTime`/`GmtModifiedTime` pair, modified never before created.
fn time_pair() -> impl Strategy<Value = (Json, Json)> {
    (arb_time(), 0_i64..30_000_000, any::<bool>()).prop_map(|(created, delta, millis)| {
        (rfc3339(created, millis), rfc3339(created + delta, millis))
    })
}

/// An object with a consistent `GmtCreateTime`/`GmtModifiedTime` pair
/// added, each half present on its own most of the time.
fn timed(fields: Vec<Field>) -> BoxedStrategy<Json> {
    (
        object(fields),
        time_pair(),
        prop::bool::weighted(0.85),
        prop::bool::weighted(0.85),
    )
        .prop_map(
            |(mut v, (created, modified), keep_created, keep_modified)| {
                let map = v.as_object_mut().expect("an object");
                if keep_created {
                    map.insert("GmtCreateTime".into(), created);
                }
                if keep_modified {
                    map.insert("GmtModifiedTime".into(), modified);
                }
                v
            },
        )
        .boxed()
}

fn port() -> BoxedStrategy<Json> {
    (1_u32..=65_535)
        .prop_map(|p| Json::String(p.to_string()))
        .boxed()
}

fn ipv4() -> BoxedStrategy<String> {
    any::<[u8; 4]>()
        .prop_map(|[a, b, c, d]| format!("{a}.{b}.{c}.{d}"))
        .boxed()
}

/// A CIDR block: mostly IPv4, sometimes IPv6.
fn cidr() -> BoxedStrategy<Json> {
    prop_oneof![
        4 => (ipv4(), 0_u8..=32).prop_map(|(a, p)| Json::String(format!("{a}/{p}"))),
        1 => (any::<u16>(), 0_u8..=128).prop_map(|(h, p)| Json::String(format!("fd00:{h:x}::/{p}"))),
    ]
    .boxed()
}

/// Mount options or a policy: a JSON object serialized into a string.
fn json_text() -> BoxedStrategy<Json> {
    prop::collection::btree_map("[a-z.]{1,12}", "[a-z0-9]{0,6}", 0..4)
        .prop_map(|m| Json::String(serde_json::to_string(&m).expect("serializable")))
        .boxed()
}

fn quantity() -> BoxedStrategy<Json> {
    (1_u32..2048, select(&["", "Gi", "Mi", "G", "m"][..]))
        .prop_map(|(n, unit)| Json::String(format!("{n}{unit}")))
        .boxed()
}

fn uri() -> BoxedStrategy<Json> {
    (
        select(&["oss", "nas", "cpfs", "bmcpfs"][..]),
        "[a-z0-9-]{1,12}",
        "[a-z0-9/]{0,16}",
    )
        .prop_map(|(scheme, host, path)| {
            Json::String(format!("{scheme}://{host}.aliyuncs.com/{path}"))
        })
        .boxed()
}

/// A credential as the API returns it: masked.
fn masked() -> BoxedStrategy<Json> {
    one_of(&["******", "LTAI****************", ""])
}

fn digits() -> BoxedStrategy<Json> {
    text("[1-9][0-9]{4,15}")
}

/// A list whose elements are made unique by `key(i)` for the element's index.
fn unique_list(
    item: BoxedStrategy<Json>,
    len: std::ops::Range<usize>,
    key: impl Fn(&mut Map<String, Json>, usize) + 'static,
) -> BoxedStrategy<Json> {
    prop::collection::vec(item, len)
        .prop_map(move |items| {
            let items = items
                .into_iter()
                .enumerate()
                .map(|(i, mut item)| {
                    if let Some(map) = item.as_object_mut() {
                        key(map, i);
                    }
                    item
                })
                .collect();
            Json::Array(items)
        })
        .boxed()
}

fn arb_instance_id() -> BoxedStrategy<String> {
    "dsw-[a-z0-9]{8,16}".boxed()
}

fn dataset() -> BoxedStrategy<Json> {
    object(vec![
        field("DatasetId", text("d-[a-z0-9]{6,18}")),
        field("MountPath", text("/mnt/[a-z]{1,8}")),
        field("Uri", uri()),
        field("Options", json_text()),
        field("OptionType", one_of(OptionType::KNOWN)),
        field("MountAccess", one_of(MountAccess::KNOWN)),
        field("DatasetVersion", text("v[1-9]")),
        field("Dynamic", boolean()),
        field("ActualMountAccess", one_of(&["RW", "RO"])),
    ])
}

fn endpoint(host: BoxedStrategy<String>) -> BoxedStrategy<Json> {
    object(vec![
        field("Endpoint", host.prop_map(Json::String)),
        field("Port", port()),
    ])
}

fn forward_info() -> BoxedStrategy<Json> {
    object(vec![
        field("Enable", boolean()),
        field("ContainerName", text("dsw-[a-z]{4,10}")),
        field("Port", port()),
        field("ForwardPort", port()),
        field("Name", text("[a-z]{2,10}")),
        field("ExternalPort", port()),
        field(
            "AccessType",
            subsequence(dswcheck::model::AccessType::KNOWN.to_vec(), 0..=2)
                .prop_map(|v| Json::Array(v.into_iter().map(Json::from).collect())),
        ),
        field("NatGatewayId", text("ngw-[a-z0-9]{10}")),
        field("NlbGatewayId", text("nlb-[a-z0-9]{10}")),
        field("EipAllocationId", text("eip-[a-z0-9]{10}")),
        field(
            "SSHPublicKey",
            text("(ssh-ed25519 AAAA[A-Za-z0-9+/]{20} [a-z]{1,8}@host)?"),
        ),
        field(
            "ConnectInfo",
            object(vec![
                field("Phase", one_of(&["Ready", "Pending", ""])),
                field("Message", text("[A-Za-z .]{0,30}")),
                field(
                    "Intranet",
                    endpoint("[a-z0-9-]{4,20}\\.dsw\\.pai\\.alibaba\\.com".boxed()),
                ),
                field("Internet", endpoint(ipv4())),
            ]),
        ),
    ])
}

fn user_vpc() -> BoxedStrategy<Json> {
    object(vec![
        field("VpcId", text("vpc-[a-z0-9]{10,20}")),
        field("VSwitchId", text("vsw-[a-z0-9]{10,20}")),
        field("SecurityGroupId", text("sg-[a-z0-9]{10,20}")),
        field(
            "ExtendedCIDRs",
            prop::collection::vec(cidr(), 0..3).prop_map(Json::Array),
        ),
        field("DefaultRoute", one_of(DefaultRoute::KNOWN)),
        field(
            "ForwardInfos",
            prop::collection::vec(forward_info(), 0..3).prop_map(Json::Array),
        ),
        field(
            "BandwidthLimit",
            object(vec![
                field("EgressRate", text("[1-9][0-9]{0,3}M")),
                field("IngressRate", text("[1-9][0-9]{0,3}M")),
                field(
                    "EgressWhitelists",
                    prop::collection::vec(cidr(), 0..3).prop_map(Json::Array),
                ),
                field(
                    "IngressWhitelists",
                    prop::collection::vec(prop_oneof![cidr(), ipv4().prop_map(Json::String)], 0..3)
                        .prop_map(Json::Array),
                ),
            ]),
        ),
        field("Ip", ipv4().prop_map(Json::String)),
    ])
}

fn snapshot() -> BoxedStrategy<Json> {
    timed(vec![
        field("ImageId", text("image-[a-z0-9]{8,16}")),
        field("ImageName", text("[a-z-]{3,12}:[0-9]{8}")),
        field(
            "ImageUrl",
            text("registry-vpc\\.cn-shanghai\\.aliyuncs\\.com/[a-z]{3,8}/[a-z]{3,8}:v[0-9]"),
        ),
        field(
            "RepositoryUrl",
            text("https://cr\\.console\\.aliyun\\.com/[a-z]{3,8}"),
        ),
        field("ReasonCode", one_of(&["", "Internal Error"])),
        field("ReasonMessage", one_of(&["", "ImagePullBackOff"])),
        field("Status", one_of(SnapshotStatus::KNOWN)),
    ])
}

fn cloud_disk() -> BoxedStrategy<Json> {
    object(vec![
        field("Capacity", text("[1-9][0-9]{0,3}Gi")),
        field("MountPath", text("/mnt/[a-z]{1,10}")),
        field("Path", text("/[a-z]{1,10}")),
        field("SubType", one_of(dswcheck::model::DiskSubType::KNOWN)),
        field(
            "Status",
            (0_i64..1 << 40, 0_i64..1 << 40).prop_map(|(available, usage)| {
                json!({"Available": available, "Capacity": available + usage, "Usage": usage})
            }),
        ),
    ])
}

fn role() -> BoxedStrategy<Json> {
    object(vec![
        field("RoleArn", text("acs:ram::[0-9]{16}:role/[a-z-]{3,20}")),
        field("RoleType", one_of(RoleType::KNOWN)),
        field("AssumeRoleFor", digits()),
        field("Policy", json_text()),
        field(
            "UserInfo",
            object(vec![
                field("Id", digits()),
                field("Type", one_of(UserType::KNOWN)),
                field("AccessKeyId", masked()),
                field("SecurityToken", masked()),
            ]),
        ),
    ])
}

fn credential_config() -> BoxedStrategy<Json> {
    let config = object(vec![
        field("Key", text("[0-9]")),
        field("Type", one_of(CredentialType::KNOWN)),
        field(
            "Roles",
            prop::collection::vec(role(), 0..3).prop_map(Json::Array),
        ),
    ]);
    object(vec![
        field("Enable", boolean()),
        field("AliyunEnvRoleKey", text("[0-9]")),
        field(
            "Configs",
            prop::collection::vec(config, 0..3).prop_map(Json::Array),
        ),
    ])
}

/// Environment variables; a secret-looking name gets a masked value.
fn environment() -> BoxedStrategy<Json> {
    prop::collection::btree_map("[A-Z][A-Z0-9_]{0,12}", "[a-zA-Z0-9:/._-]{0,20}", 0..5)
        .prop_map(|vars| {
            let map = vars
                .into_iter()
                .map(|(k, v)| {
                    let v = if dswcheck::looks_secret(&k) {
                        "******".to_owned()
                    } else {
                        v
                    };
                    (k, Json::String(v))
                })
                .collect();
            Json::Object(map)
        })
        .boxed()
}

/// A valid, internally consistent GetInstance body of a running service:
/// every documented field (each absent now and then), every documented enum
/// value, and the semantic rules respected (times in order, nested instance
/// IDs equal to the top one, percents in 1..=100, ports as strings in
/// 1..=65535, CIDR blocks, unique dataset IDs and mount paths, unique label
/// and tag keys, URIs with a documented scheme, options as JSON text,
/// quantities, masked secrets).
///
/// `Code` is left out: on a success body the API leaves it absent, and
/// [`arb_api_error`] covers its values.
fn arb_instance() -> BoxedStrategy<Json> {
    arb_instance_id()
        .prop_flat_map(|id| {
            let url = |part: &str| format!("https://dsw-gateway-cn-shanghai\\.aliyun\\.com/{id}/{part}/");
            let fields = vec![
                field("RequestId", text("[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")),
                field("Success", Just(json!(true))),
                field("Message", Just(json!(""))),
                field("HttpStatusCode", Just(json!(200))),
                field("WorkspaceId", digits()),
                field("WorkspaceName", text("[a-z][a-z0-9_]{0,15}")),
                always("InstanceId", Just(Json::String(id.clone()))),
                field("InstanceName", text("[a-z][a-z0-9-]{0,20}")),
                field("EcsSpec", one_of(&["ecs.c6.large", "ecs.gn7i-c32g1.32xlarge", "ecs.g7.xlarge"])),
                field("Status", one_of(InstanceStatus::KNOWN)),
                field("InstanceUrl", text(&format!("https://dsw-cn-shanghai\\.data\\.aliyun\\.com/notebook\\.htm\\?instance={id}"))),
                field("JupyterlabUrl", text(&url("lab"))),
                field("WebIDEUrl", text(&url("ide"))),
                field("TerminalUrl", text(&url("tty"))),
                field("AccumulatedRunningTimeInMs", int(0..=1 << 40)),
                field("ImageId", text("image-[a-z0-9]{8,16}")),
                field("ImageName", text("[a-z-]{3,12}:[0-9.]{1,8}")),
                field("ImageUrl", text("registry-vpc\\.cn-shanghai\\.aliyuncs\\.com/[a-z]{3,8}/[a-z]{3,8}:v[0-9]")),
                field("ImageAuth", one_of(&["dXNlcjoqKioqKio=", "******", ""])),
                field("UserId", digits()),
                field("UserName", text("[a-z]{2,8}\\.[a-z]{2,8}")),
                field("Datasets", unique_list(dataset(), 0..4, |map, i| {
                    if let Some(Json::String(id)) = map.get_mut("DatasetId") {
                        id.push_str(&format!("-{i}"));
                    }
                    if let Some(Json::String(path)) = map.get_mut("MountPath") {
                        path.push_str(&format!("{i}"));
                    }
                })),
                field("UserVpc", user_vpc()),
                field(
                    "InstanceShutdownTimer",
                    timed(vec![
                        always("InstanceId", Just(Json::String(id.clone()))),
                        field("DueTime", arb_time().prop_map(|t| rfc3339(t, false))),
                        field("RemainingTimeInMs", int(0..=1 << 32)),
                    ]),
                ),
                field("ReasonCode", one_of(&["", "Internal Error"])),
                field("ReasonMessage", one_of(&["", "ImagePullBackOff"])),
                field("PaymentType", one_of(PaymentType::KNOWN)),
                field("LatestSnapshot", snapshot()),
                field("AcceleratorType", one_of(AcceleratorType::KNOWN)),
                field("Accessibility", one_of(Accessibility::KNOWN)),
                field("EnvironmentVariables", environment()),
                field("ResourceId", text("quota[a-z0-9]{8,12}")),
                field("ResourceName", text("[0-9]{1,2} vCPU \\+ [0-9]{1,3} GiB")),
                field("Priority", int(1..=9)),
                field(
                    "RequestedResource",
                    object(vec![
                        field("CPU", text("[1-9][0-9]?")),
                        field("Memory", quantity()),
                        field("SharedMemory", quantity()),
                        field("GPU", text("[0-8]")),
                        field("GPUType", one_of(GpuType::KNOWN)),
                    ]),
                ),
                field("Labels", unique_list(
                    object(vec![always("Key", text("[a-z]{1,8}")), field("Value", text("[a-z0-9-]{0,12}"))]),
                    0..4,
                    |map, i| {
                        if let Some(Json::String(key)) = map.get_mut("Key") {
                            key.push_str(&format!("-{i}"));
                        }
                    },
                )),
                field(
                    "IdleInstanceCuller",
                    object(vec![
                        always("InstanceId", Just(Json::String(id.clone()))),
                        field("CpuPercentThreshold", int(1..=100)),
                        field("GpuPercentThreshold", int(1..=100)),
                        field("MaxIdleTimeInMinutes", int(1..=1440)),
                        field("IdleTimeInMinutes", int(0..=1440)),
                    ]),
                ),
                field("InstanceSnapshotList", prop::collection::vec(snapshot(), 0..3).prop_map(Json::Array)),
                field("CloudDisks", prop::collection::vec(cloud_disk(), 0..3).prop_map(Json::Array)),
                field("WorkspaceSource", one_of(&["rootfsCloudDisk", "/mnt/data", "d-vsqjvsjp4orp5l206u"])),
                field("Driver", text("[0-9]{3}\\.[0-9]{2,3}\\.[0-9]{2}")),
                field(
                    "NodeErrorRecovery",
                    object(vec![
                        field("hasNodeError", boolean()),
                        field("enableAutoSwitchOnNodeError", boolean()),
                        field("autoSwitchCountdownSeconds", int(0..=3600)),
                    ]),
                ),
                field("Affinity", object(vec![field("CPU", object(vec![field("Enable", boolean())]))])),
                field("CredentialConfig", credential_config()),
                field("ProxyPath", Just(Json::String(format!("{id}/proxy/")))),
                field("Tags", unique_list(
                    object(vec![always("TagKey", text("[a-z-]{1,10}")), field("TagValue", text("[a-z0-9-]{0,12}"))]),
                    0..4,
                    |map, i| {
                        if let Some(Json::String(key)) = map.get_mut("TagKey") {
                            key.push_str(&format!("-{i}"));
                        }
                    },
                )),
                field(
                    "DynamicMount",
                    object(vec![
                        field("Enable", boolean()),
                        field(
                            "MountPoints",
                            unique_list(
                                object(vec![always("RootPath", Just(json!("/mnt/dynamic"))), field("Options", json_text())]),
                                0..3,
                                |map, i| {
                                    map.insert("RootPath".into(), Json::String(format!("/mnt/dynamic{i}/")));
                                },
                            ),
                        ),
                    ]),
                ),
                field("UserCommandId", text("ucmd-[0-9a-f]{16}")),
                field(
                    "ServiceConfig",
                    object(vec![
                        field("JupyterServerPassword", masked()),
                        field("JupyterServerAuth", one_of(&["password", "token", "none"])),
                        field("CodeServerPassword", masked()),
                        field("CodeServerAuth", one_of(&["password", "none"])),
                    ]),
                ),
                field(
                    "PodIps",
                    prop::collection::vec(
                        object(vec![
                            field("InterfaceName", one_of(&["eth0", "eth1"])),
                            field("Ip", ipv4().prop_map(Json::String)),
                            field("Type", one_of(&["IPv4", "IPv6"])),
                        ]),
                        0..3,
                    )
                    .prop_map(Json::Array),
                ),
                field(
                    "MigrationOptions",
                    prop::collection::btree_map("[A-Z][a-z]{1,8}", prop_oneof![boolean(), text("[A-Za-z]{0,8}")], 0..3)
                        .prop_map(|m| Json::Object(m.into_iter().collect())),
                ),
                field(
                    "AccessRestrictionRules",
                    prop::collection::btree_map(
                        select(&["AllowedSourceCidrs", "AllowPublicAccess", "AllowedRegions"][..]),
                        text("[a-z0-9./,]{0,20}"),
                        0..3,
                    )
                    .prop_map(|m| Json::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
                ),
                field(
                    "DockerConfig",
                    object(vec![
                        field("ContainersLimit", int(0..=100)),
                        field("Enable", boolean()),
                        field("MountAccessConfigPath", Just(json!("/etc/docker/dockerboard/mount_access.json"))),
                    ]),
                ),
                field("TenantId", digits()),
            ];
            timed(fields)
        })
        .boxed()
}

/// An API error body: `Success: false` with a documented `Code`, or an
/// error status.
fn arb_api_error() -> BoxedStrategy<Json> {
    (
        select(ApiErrorCode::KNOWN),
        select(&[400, 404][..]),
        "[A-Za-z ]{0,40}",
        any::<bool>(),
    )
        .prop_map(|(code, status, message, success_field)| {
            let mut body = json!({
                "RequestId": "E7D55162-4489-1619-AAF5-3F97D5FCA948",
                "Code": code,
                "Message": message,
                "HttpStatusCode": status,
            });
            if success_field {
                body["Success"] = json!(false);
            }
            body
        })
        .boxed()
}

/// A key for a generated object: a documented field name, a near miss, or anything.
fn arb_key() -> BoxedStrategy<String> {
    prop_oneof![
        3 => select(WIRE_NAMES.clone()),
        1 => select(WIRE_NAMES.clone()).prop_map(|k| k.to_lowercase()),
        2 => "[a-zA-Z_~/]{0,10}",
        1 => any::<String>(),
    ]
    .boxed()
}

/// A finite float (JSON has no NaN or infinities).
fn finite() -> BoxedStrategy<f64> {
    any::<f64>()
        .prop_filter("JSON numbers are finite", |f| f.is_finite())
        .boxed()
}

/// Any JSON value, at most 4 levels and about 64 values deep, with documented
/// field names among its keys so that typed decoding meets wild values.
fn arb_json() -> BoxedStrategy<Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        any::<u64>().prop_map(Json::from),
        finite().prop_map(Json::from),
        prop_oneof![
            "[ -~]{0,12}",
            any::<String>(),
            "[0-9]{1,12}",
            Just("true".to_owned()),
            Just("null".to_owned())
        ]
        .prop_map(Json::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Json::Array),
            prop::collection::vec((arb_key(), inner), 0..8)
                .prop_map(|entries| Json::Object(entries.into_iter().collect())),
        ]
    })
    .boxed()
}

/// Any JSON object, as a GetInstance body might be.
fn arb_json_object() -> BoxedStrategy<Json> {
    prop::collection::vec((arb_key(), arb_json()), 0..12)
        .prop_map(|entries| Json::Object(entries.into_iter().collect()))
        .boxed()
}

/// How to break one value so that the documented contract says it is an error.
#[derive(Debug, Clone, Copy)]
enum Corruption {
    /// A JSON type the field does not allow and that is not coerced.
    WrongType(u8),
    /// A closed enum's undocumented value (else a wrong type).
    UnknownEnum,
    /// An int32 outside its range, an int64 above `i64::MAX` (else a wrong type).
    OutOfRange(bool),
}

fn arb_corruption() -> BoxedStrategy<Corruption> {
    prop_oneof![
        any::<u8>().prop_map(Corruption::WrongType),
        Just(Corruption::UnknownEnum),
        any::<bool>().prop_map(Corruption::OutOfRange),
    ]
    .boxed()
}

/// A valid body with exactly one value broken, and the pointer of that value.
fn arb_corrupted() -> BoxedStrategy<(Json, String)> {
    (arb_instance(), any::<Index>(), arb_corruption())
        .prop_map(|(mut body, index, corruption)| {
            let places = typed_places(&body);
            let (pointer, node) = places[index.index(places.len())].clone();
            let broken = corrupt(&node, corruption);
            *body.pointer_mut(&pointer).expect("the place exists") = broken;
            (body, pointer)
        })
        .boxed()
}

/// A change to a body that keeps its JSON well-formed.
#[derive(Debug, Clone)]
enum Mutation {
    /// Break one typed value (see [`Corruption`]).
    Corrupt(Index, Corruption),
    /// Set one value to `null`.
    Null(Index),
    /// Remove one field.
    Remove(Index),
    /// Add an undocumented field to one object.
    Unknown(Index, String, Json),
    /// Send a number as a string or the other way round (a coercion).
    Coerce(Index),
    /// Reverse every array.
    ReorderArrays,
}

fn arb_mutation() -> BoxedStrategy<Mutation> {
    prop_oneof![
        (any::<Index>(), arb_corruption()).prop_map(|(i, c)| Mutation::Corrupt(i, c)),
        any::<Index>().prop_map(Mutation::Null),
        any::<Index>().prop_map(Mutation::Remove),
        (any::<Index>(), "[A-Za-z]{1,12}", arb_json())
            .prop_map(|(i, k, v)| Mutation::Unknown(i, k, v)),
        any::<Index>().prop_map(Mutation::Coerce),
        Just(Mutation::ReorderArrays),
    ]
    .boxed()
}

/// A valid body after up to four mutations.
fn arb_mutated() -> BoxedStrategy<Json> {
    (arb_instance(), prop::collection::vec(arb_mutation(), 0..4))
        .prop_map(|(mut body, mutations)| {
            for m in mutations {
                mutate(&mut body, &m);
            }
            body
        })
        .boxed()
}

/// A secret value no generated body holds by chance.
fn arb_secret() -> BoxedStrategy<String> {
    "[A-Za-z0-9]{16,24}".prop_map(|s| format!("Qx{s}")).boxed()
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// The case count in CI for a law; `PROPTEST_CASES` overrides it.
fn config(ci_cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/properties.txt",
        ))),
        ..ProptestConfig::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = ci_cases;
    }
    config
}

/// Every object key the schema documents, at any depth.
static WIRE_NAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
    fn walk(node: &Json, out: &mut BTreeSet<String>) {
        match node {
            Json::Object(map) => {
                if let Some(Json::Object(props)) = map.get("properties") {
                    out.extend(props.keys().cloned());
                }
                map.values().for_each(|v| walk(v, out));
            }
            Json::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut names = BTreeSet::new();
    walk(dswcheck::schema(), &mut names);
    names.into_iter().collect()
});

fn rfc3339(secs: i64, millis: bool) -> Json {
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let fraction = if millis {
        format!(".{:03}", secs % 1000)
    } else {
        String::new()
    };
    Json::String(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}{fraction}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    ))
}

/// The schema node of a `$ref` or the node itself.
fn resolve(node: &Json) -> &Json {
    match node.get("$ref").and_then(Json::as_str) {
        Some(r) => &dswcheck::schema()["$defs"][r.trim_start_matches("#/$defs/")],
        None => node,
    }
}

/// Every value of `body` that the schema types, with its schema node, in document order.
fn typed_places(body: &Json) -> Vec<(String, Json)> {
    fn walk(value: &Json, node: &Json, pointer: &str, out: &mut Vec<(String, Json)>) {
        let node = resolve(node);
        out.push((pointer.to_owned(), node.clone()));
        match value {
            Json::Object(map) => {
                for (key, v) in map {
                    let p = format!("{pointer}/{}", escape(key));
                    if let Some(child) = node.get("properties").and_then(|p| p.get(key)) {
                        walk(v, child, &p, out);
                    } else if let Some(Json::Object(child)) = node.get("additionalProperties") {
                        // String maps coerce scalars, so their values are marked.
                        let mut child = child.clone();
                        child.insert("x-map-value".into(), Json::Bool(true));
                        walk(v, &Json::Object(child), &p, out);
                    }
                }
            }
            Json::Array(items) => {
                if let Some(item) = node.get("items") {
                    for (i, v) in items.iter().enumerate() {
                        walk(v, item, &format!("{pointer}/{i}"), out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(body, dswcheck::schema(), "", &mut out);
    // The root itself cannot be broken into an error at a field.
    out.remove(0);
    out
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Every value of `body`, by pointer, in document order (the root excluded).
fn all_places(body: &Json) -> Vec<String> {
    fn walk(value: &Json, pointer: &str, out: &mut Vec<String>) {
        match value {
            Json::Object(map) => {
                for (key, v) in map {
                    let p = format!("{pointer}/{}", escape(key));
                    out.push(p.clone());
                    walk(v, &p, out);
                }
            }
            Json::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    let p = format!("{pointer}/{i}");
                    out.push(p.clone());
                    walk(v, &p, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(body, "", &mut out);
    out
}

/// A value that the schema node `node` makes an error, and that the
/// tolerant decoder does not coerce.
fn corrupt(node: &Json, corruption: Corruption) -> Json {
    let ty = node.get("type").and_then(Json::as_str).unwrap_or("");
    let format = node.get("format").and_then(Json::as_str);
    match corruption {
        Corruption::UnknownEnum if node.get("enum").is_some() => json!("Zq0Undocumented"),
        Corruption::OutOfRange(low) if format == Some("int32") => {
            if low {
                json!(-2_147_483_649_i64)
            } else {
                json!(2_147_483_648_i64)
            }
        }
        Corruption::OutOfRange(_) if format == Some("int64") => {
            json!(9_223_372_036_854_775_808_u64)
        }
        other => {
            let n = match other {
                Corruption::WrongType(n) => n,
                _ => 0,
            };
            // Each list holds only values of other types that are never coerced.
            let choices: &[Json] = match ty {
                "string" if node.get("x-map-value").is_some() => &[json!([]), json!({"a": 1})],
                "string" => &[json!(true), json!([]), json!({"a": 1})],
                "integer" => &[
                    json!(false),
                    json!("eight"),
                    json!(1.5),
                    json!([1]),
                    json!({}),
                ],
                "boolean" => &[json!(1), json!("yes"), json!([]), json!({})],
                "array" => &[json!("a"), json!(1), json!({}), json!(true)],
                "object" => &[json!("a"), json!(1), json!([]), json!(false)],
                _ => &[json!(null)],
            };
            choices[usize::from(n) % choices.len()].clone()
        }
    }
}

fn mutate(body: &mut Json, mutation: &Mutation) {
    match mutation {
        Mutation::Corrupt(index, corruption) => {
            let places = typed_places(body);
            if places.is_empty() {
                return;
            }
            let (pointer, node) = &places[index.index(places.len())];
            *body.pointer_mut(pointer).expect("the place exists") = corrupt(node, *corruption);
        }
        Mutation::Null(index) => {
            let places = all_places(body);
            if !places.is_empty() {
                *body
                    .pointer_mut(&places[index.index(places.len())])
                    .expect("exists") = Json::Null;
            }
        }
        Mutation::Remove(index) => {
            let places: Vec<String> = all_places(body)
                .into_iter()
                .filter(|p| {
                    let parent = &p[..p.rfind('/').unwrap_or(0)];
                    body.pointer(parent).is_some_and(Json::is_object)
                })
                .collect();
            if places.is_empty() {
                return;
            }
            let place = &places[index.index(places.len())];
            let (parent, key) = place.rsplit_once('/').expect("a field pointer");
            let key = key.replace("~1", "/").replace("~0", "~");
            if let Some(Json::Object(map)) = body.pointer_mut(parent) {
                map.shift_remove(&key);
            }
        }
        Mutation::Unknown(index, key, value) => {
            let mut objects: Vec<String> = all_places(body)
                .into_iter()
                .filter(|p| body.pointer(p).is_some_and(Json::is_object))
                .collect();
            objects.push(String::new());
            let place = &objects[index.index(objects.len())];
            if let Some(Json::Object(map)) = body.pointer_mut(place) {
                // A prefix no documented field has keeps the key unknown.
                map.insert(format!("Zq{key}"), value.clone());
            }
        }
        Mutation::Coerce(index) => {
            let places = all_places(body);
            if places.is_empty() {
                return;
            }
            let target = body
                .pointer_mut(&places[index.index(places.len())])
                .expect("exists");
            match target {
                Json::Number(n) => *target = Json::String(n.to_string()),
                Json::String(s) if s.parse::<u32>().is_ok() => {
                    *target = json!(s.parse::<u32>().unwrap_or(0))
                }
                _ => {}
            }
        }
        Mutation::ReorderArrays => reorder_arrays(body),
    }
}

/// Reverses every array, at every depth.
fn reorder_arrays(value: &mut Json) {
    match value {
        Json::Array(items) => {
            items.reverse();
            items.iter_mut().for_each(reorder_arrays);
        }
        Json::Object(map) => map.values_mut().for_each(reorder_arrays),
        _ => {}
    }
}

/// JSON text in one of two layouts, with the byte offset of every value and
/// key (by the pointer of the value), written independently of dswcheck's reader.
struct Written {
    text: String,
    values: HashMap<String, usize>,
    keys: HashMap<String, usize>,
}

fn write(value: &Json, pretty: bool) -> Written {
    fn go(w: &mut Written, value: &Json, pointer: &str, depth: usize, pretty: bool) {
        w.values.insert(pointer.to_owned(), w.text.len());
        let newline = |w: &mut Written, depth: usize| {
            if pretty {
                w.text.push('\n');
                w.text.push_str(&"  ".repeat(depth));
            }
        };
        match value {
            Json::Array(items) if !items.is_empty() => {
                w.text.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        w.text.push(',');
                    }
                    newline(w, depth + 1);
                    go(w, item, &format!("{pointer}/{i}"), depth + 1, pretty);
                }
                newline(w, depth);
                w.text.push(']');
            }
            Json::Object(map) if !map.is_empty() => {
                w.text.push('{');
                for (i, (key, item)) in map.iter().enumerate() {
                    if i > 0 {
                        w.text.push(',');
                    }
                    newline(w, depth + 1);
                    let p = format!("{pointer}/{}", escape(key));
                    w.keys.insert(p.clone(), w.text.len());
                    w.text
                        .push_str(&serde_json::to_string(key).expect("a key serializes"));
                    w.text.push_str(if pretty { ": " } else { ":" });
                    go(w, item, &p, depth + 1, pretty);
                }
                newline(w, depth);
                w.text.push('}');
            }
            other => w
                .text
                .push_str(&serde_json::to_string(other).expect("a value serializes")),
        }
    }
    let mut w = Written {
        text: String::new(),
        values: HashMap::new(),
        keys: HashMap::new(),
    };
    go(&mut w, value, "", 0, pretty);
    w
}

/// The 1-based line and column (in Unicode scalar values) of a byte offset.
fn position(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[start..].chars().count() + 1;
    (u32::try_from(line).unwrap(), u32::try_from(column).unwrap())
}

/// Every output format of validate for `bytes`, concatenated.
fn validate_outputs(bytes: &[u8]) -> String {
    let report = dswcheck::validate(bytes);
    let mut all = Renderer::new().text(Source::Document("body.json"), &report);
    all.push_str(&Renderer::new().json(Source::Document("body.json"), &report));
    for d in report.diagnostics() {
        all.push_str(&d.to_string());
        all.push_str(&serde_json::to_string(d).expect("a diagnostic serializes"));
        all.push_str(&format!("{d:?}"));
    }
    all
}

/// The pointers of the secret values of `body`: the documented credential
/// fields and secret-looking names in string maps.
fn secret_places(body: &Json) -> Vec<String> {
    all_places(body)
        .into_iter()
        .filter(|p| {
            let segments: Vec<String> = p[1..]
                .split('/')
                .map(|s| s.replace("~1", "/").replace("~0", "~"))
                .collect();
            dswcheck::is_secret_path(&segments) && body.pointer(p).is_some_and(Json::is_string)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Laws: parse and validate
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    /// Parse and validate never panic, whatever the bytes, and every
    /// position they give lies inside the text.
    #[test]
    fn parse_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let report = dswcheck::validate(&bytes);
        prop_assert!(!report.diagnostics().is_empty() || report.instance().is_some());
        let _ = dswcheck::parse(&bytes);
    }

    /// Any JSON value goes through: an object gives an instance, anything
    /// else a type mismatch at the root.
    #[test]
    fn parse_never_panics_on_json(value in arb_json()) {
        let text = serde_json::to_vec(&value).unwrap();
        let report = dswcheck::validate(&text);
        if value.is_object() {
            prop_assert!(report.instance().is_some());
        } else {
            prop_assert!(report.instance().is_none());
            prop_assert!(report.iter_errors().any(|d| d.code == Code::TypeMismatch && d.pointer.is_empty()));
        }
    }
}

proptest! {
    #![proptest_config(config(96))]

    /// Truncating, flipping or inserting bytes in a valid body never makes
    /// parse or validate panic, and their positions stay inside the text.
    #[test]
    fn parse_never_panics_on_mangled_bodies(
        body in arb_instance(),
        edits in prop::collection::vec((any::<Index>(), any::<u8>(), 0_u8..3), 1..4),
        pretty in any::<bool>(),
    ) {
        let mut bytes = write(&body, pretty).text.into_bytes();
        for (index, byte, how) in edits {
            let at = index.index(bytes.len() + 1);
            match how {
                0 => bytes.truncate(at),
                1 if at < bytes.len() => bytes[at] = byte,
                _ => bytes.insert(at, byte),
            }
        }
        let report = dswcheck::validate(&bytes);
        let lines = bytes.split(|&b| b == b'\n').count();
        for d in report.diagnostics() {
            prop_assert!(d.line >= 1 && d.column >= 1, "{d}");
            prop_assert!(d.line as usize <= lines, "{d} is past the last line {lines}");
        }
        let _ = dswcheck::parse(&bytes);
    }

    /// No data loss: for any JSON object, serializing the parsed instance
    /// gives back the same JSON value, unknown fields included.
    #[test]
    fn no_data_loss(value in prop_oneof![arb_json_object(), arb_mutated()], pretty in any::<bool>()) {
        let text = write(&value, pretty).text;
        let report = dswcheck::parse(text.as_bytes());
        let instance = report.instance().expect("an object gives an instance");
        prop_assert_eq!(serde_json::to_value(instance).unwrap(), value);
    }

    /// Generated valid bodies validate with no error and no warning.
    #[test]
    fn valid_instances_validate_cleanly(body in arb_instance(), pretty in any::<bool>()) {
        let text = write(&body, pretty).text;
        let report = dswcheck::validate(text.as_bytes());
        let loud: Vec<String> = report
            .diagnostics()
            .iter()
            .filter(|d| d.severity >= Severity::Warning)
            .map(ToString::to_string)
            .collect();
        prop_assert!(loud.is_empty(), "{}\n{}", loud.join("\n"), text);
    }

    /// An API error body is reported as one, at the root.
    #[test]
    fn api_errors_are_reported(body in arb_api_error()) {
        let report = dswcheck::validate(body.to_string().as_bytes());
        prop_assert!(report.iter_errors().any(|d| d.code == Code::ResponseApiError && d.pointer.is_empty()));
    }

    /// One corrupted field (a wrong type, an undocumented closed-enum value,
    /// an out-of-range integer) gives an error at exactly that field's
    /// pointer, and nowhere else.
    #[test]
    fn one_corrupted_field_is_one_error_there((body, pointer) in arb_corrupted()) {
        let report = dswcheck::validate(body.to_string().as_bytes());
        let errors: Vec<String> = report.iter_errors().map(|d| format!("{} {d}", d.pointer)).collect();
        prop_assert!(report.iter_errors().any(|d| d.pointer == pointer), "no error at {pointer}: {errors:?}");
        prop_assert!(report.iter_errors().all(|d| d.pointer == pointer), "errors elsewhere than {pointer}: {errors:?}");
    }

    /// Every diagnostic's line and column point at the first character of its
    /// value (of its key, for a duplicate key), in compact and pretty text.
    #[test]
    fn positions_point_at_values(body in arb_mutated(), pretty in any::<bool>()) {
        let written = write(&body, pretty);
        let report = dswcheck::validate(written.text.as_bytes());
        for d in report.diagnostics() {
            let offset = written.values.get(&d.pointer);
            prop_assert!(offset.is_some(), "{d}: no value at the pointer");
            let want = position(&written.text, *offset.unwrap());
            prop_assert_eq!((d.line, d.column), want, "{}", d);
        }
    }

    /// A repeated key is an error at the later key, and the later value is the one kept.
    #[test]
    fn duplicate_keys_are_reported_at_the_later_key(body in arb_instance(), index in any::<Index>(), pretty in any::<bool>()) {
        let written = write(&body, pretty);
        let keys: Vec<&String> = written.keys.keys().collect();
        let mut sorted = keys.clone();
        sorted.sort_by_key(|p| written.keys[*p]);
        let pointer = sorted[index.index(sorted.len())].clone();
        let at = written.keys[&pointer];
        let key_text = serde_json::to_string(&pointer[pointer.rfind('/').unwrap() + 1..].replace("~1", "/").replace("~0", "~")).unwrap();
        let mut text = written.text.clone();
        // The earlier occurrence holds null; the value that follows is kept.
        text.insert_str(at, &format!("{key_text}:null,"));
        let report = dswcheck::validate(text.as_bytes());
        let dup: Vec<_> = report.diagnostics().iter().filter(|d| d.code == Code::JsonDuplicateKey).collect();
        prop_assert_eq!(dup.len(), 1);
        prop_assert_eq!(&dup[0].pointer, &pointer);
        let later = at + key_text.len() + ":null,".len();
        prop_assert_eq!((dup[0].line, dup[0].column), position(&text, later));
        let instance = report.instance().expect("still an object");
        prop_assert_eq!(serde_json::to_value(instance).unwrap(), body);
    }

    /// A secret placed in a secret field never appears in any output format
    /// of validate, whether the field holds it as a string or inside the
    /// wrong type.
    #[test]
    fn secrets_never_reach_validate_output(
        body in arb_instance(),
        secret in arb_secret(),
        index in any::<Index>(),
        how in 0_u8..4,
        mutations in prop::collection::vec(arb_mutation(), 0..3),
    ) {
        let mut body = body;
        for m in &mutations {
            mutate(&mut body, m);
        }
        let places = secret_places(&body);
        prop_assume!(!places.is_empty());
        let place = &places[index.index(places.len())];
        *body.pointer_mut(place).unwrap() = match how {
            0 => Json::String(secret.clone()),
            1 => json!([secret]),
            2 => json!({"v": secret}),
            _ => Json::String(format!("{secret} and more text after it to pass forty characters")),
        };
        let outputs = validate_outputs(body.to_string().as_bytes());
        prop_assert!(!outputs.contains(&secret), "{place} leaked:\n{outputs}");
    }
}

// ---------------------------------------------------------------------------
// The generators themselves
// ---------------------------------------------------------------------------

/// `samples` values of `strategy` from a fixed seed.
fn samples(strategy: &BoxedStrategy<Json>, samples: usize) -> Vec<Json> {
    let mut runner = TestRunner::deterministic();
    (0..samples)
        .map(|_| strategy.new_tree(&mut runner).expect("a value").current())
        .collect()
}

/// Every schema path (`[]` for array items) and every value it takes.
fn paths(value: &Json, path: &str, out: &mut HashMap<String, BTreeSet<String>>) {
    match value {
        Json::Object(map) => {
            for (k, v) in map {
                paths(v, &format!("{path}/{k}"), out);
            }
        }
        Json::Array(items) => {
            for v in items {
                paths(v, &format!("{path}/[]"), out);
            }
        }
        Json::String(s) => {
            out.entry(path.to_owned()).or_default().insert(s.clone());
        }
        other => {
            out.entry(path.to_owned())
                .or_default()
                .insert(other.to_string());
        }
    }
}

/// Every documented leaf path, with the enum (or known values) of each, from the schema.
fn schema_leaves(node: &Json, path: &str, out: &mut Vec<(String, Vec<String>)>) {
    let node = resolve(node);
    match node.get("type").and_then(Json::as_str) {
        Some("object") => match node.get("properties").and_then(Json::as_object) {
            Some(props) => {
                for (k, child) in props {
                    schema_leaves(child, &format!("{path}/{k}"), out);
                }
            }
            // Free-form objects and string maps: their entries are checked by
            // value, so the object itself stands for them.
            None => out.push((format!("{path}/*"), Vec::new())),
        },
        Some("array") => schema_leaves(&node["items"], &format!("{path}/[]"), out),
        _ => {
            let values = node
                .get("enum")
                .or_else(|| node.get("x-known-values"))
                .and_then(Json::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Json::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            out.push((path.to_owned(), values));
        }
    }
}

#[test]
fn arb_instance_covers_every_field_and_enum_value() {
    let mut seen = HashMap::new();
    for body in samples(&arb_instance(), 300)
        .iter()
        .chain(&samples(&arb_api_error(), 40))
    {
        paths(body, "", &mut seen);
    }
    let mut leaves = Vec::new();
    schema_leaves(dswcheck::schema(), "", &mut leaves);
    assert!(
        leaves.len() > 140,
        "the schema walk found only {} leaves",
        leaves.len()
    );
    let mut missing = Vec::new();
    for (path, values) in leaves {
        if let Some(map) = path.strip_suffix("/*") {
            if !seen.keys().any(|p| p.starts_with(&format!("{map}/"))) {
                missing.push(format!("{path}: never present"));
            }
            continue;
        }
        let Some(taken) = seen.get(&path) else {
            missing.push(format!("{path}: never present"));
            continue;
        };
        for v in values {
            if !taken.contains(&v) {
                missing.push(format!("{path}: never {v:?}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "arb_instance misses:\n{}",
        missing.join("\n")
    );
}

#[test]
fn arb_instance_leaves_fields_out_too() {
    let bodies = samples(&arb_instance(), 50);
    let sizes: BTreeSet<usize> = bodies
        .iter()
        .map(|b| b.as_object().map_or(0, Map::len))
        .collect();
    assert!(
        sizes.len() > 3,
        "every body has the same number of fields: {sizes:?}"
    );
    let first_value = bodies.first().and_then(|b| b.get("InstanceId")).cloned();
    assert!(
        bodies
            .iter()
            .any(|b| b.get("InstanceId") != first_value.as_ref())
    );
}

#[test]
fn corruptions_are_never_coercible() {
    // Each corruption of each typed place must be an error on its own; the
    // law above relies on it, so check the table once over a full body.
    for body in samples(&arb_instance(), 8) {
        for (pointer, node) in typed_places(&body) {
            for corruption in [
                Corruption::WrongType(0),
                Corruption::WrongType(1),
                Corruption::WrongType(2),
                Corruption::WrongType(3),
                Corruption::WrongType(4),
                Corruption::UnknownEnum,
                Corruption::OutOfRange(true),
                Corruption::OutOfRange(false),
            ] {
                let mut broken = body.clone();
                *broken.pointer_mut(&pointer).unwrap() = corrupt(&node, corruption);
                let report = dswcheck::validate(broken.to_string().as_bytes());
                assert!(
                    report.iter_errors().any(|d| d.pointer == pointer),
                    "{corruption:?} at {pointer} is not an error: {:?}",
                    report.diagnostics()
                );
            }
        }
    }
}

#[test]
fn the_position_oracle_agrees_with_serde_json() {
    for body in samples(&arb_mutated(), 20) {
        for pretty in [false, true] {
            let written = write(&body, pretty);
            let back: Json = serde_json::from_str(&written.text).unwrap();
            assert_eq!(back, body);
            if pretty {
                assert_eq!(written.text, serde_json::to_string_pretty(&body).unwrap());
            }
            for (pointer, &offset) in &written.values {
                let rest: Json = serde_json::Deserializer::from_str(&written.text[offset..])
                    .into_iter::<Json>()
                    .next()
                    .unwrap()
                    .unwrap();
                assert_eq!(Some(&rest), body.pointer(pointer), "{pointer}");
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Laws: diff and normalize
// ---------------------------------------------------------------------------

/// Two bodies of one instance: a body and a mutation of it, or two
/// independent bodies given the same `InstanceId`.
fn arb_pair() -> BoxedStrategy<(Json, Json)> {
    prop_oneof![
        (arb_mutated(), prop::collection::vec(arb_mutation(), 1..4)).prop_map(
            |(old, mutations)| {
                let mut new = old.clone();
                for m in &mutations {
                    mutate(&mut new, m);
                }
                (old, new)
            }
        ),
        (arb_instance(), arb_instance()).prop_map(|(old, mut new)| {
            new["InstanceId"] = old["InstanceId"].clone();
            (old, new)
        }),
    ]
    .boxed()
}

/// `value` with every identity-keyed array reversed.
fn reorder_keyed(value: &Json) -> Json {
    fn walk(value: &mut Json, path: &mut Vec<String>) {
        match value {
            Json::Array(items) => {
                if dswcheck::__private::is_identity_keyed(path) {
                    items.reverse();
                }
                path.push("[]".into());
                items.iter_mut().for_each(|v| walk(v, path));
                path.pop();
            }
            Json::Object(map) => {
                for (k, v) in map.iter_mut() {
                    path.push(k.clone());
                    walk(v, path);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = value.clone();
    walk(&mut out, &mut Vec::new());
    out
}

fn instance(value: &Json) -> dswcheck::Report {
    dswcheck::parse(value.to_string().as_bytes())
}

fn diff(old: &Json, new: &Json) -> dswcheck::Diff {
    dswcheck::diff(&instance(old), &instance(new), &DiffOptions::new()).expect("one instance")
}

fn normalize(value: &Json) -> Json {
    dswcheck::normalize(&instance(value), &DiffOptions::new())
}

/// A change as seen from the other snapshot: kind, pointers and values swapped.
/// The readable path is left out: an element named by position takes its
/// index from the new snapshot (see `Change::path`); the pointers are exact.
fn flipped(c: &Change) -> String {
    let kind = match c.kind {
        ChangeKind::Added => ChangeKind::Removed,
        ChangeKind::Removed => ChangeKind::Added,
        ChangeKind::Changed => ChangeKind::Changed,
    };
    json!([kind, c.new_pointer, c.old_pointer, c.new, c.old, c.class]).to_string()
}

fn plain(c: &Change) -> String {
    json!([c.kind, c.old_pointer, c.new_pointer, c.old, c.new, c.class]).to_string()
}

/// A value as text with object keys sorted.
fn sorted_text(value: Option<&Json>) -> String {
    fn sorted(value: &Json) -> Json {
        match value {
            Json::Object(map) => {
                let mut entries: Vec<_> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                Json::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.clone(), sorted(v)))
                        .collect(),
                )
            }
            Json::Array(items) => Json::Array(items.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    value.map(sorted).unwrap_or_default().to_string()
}

/// Whether the changes are only what redaction hides: changed secrets, and
/// changes whose redacted copies are equal.
fn only_hidden(changes: &[Change]) -> bool {
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    for c in changes {
        match c.kind {
            ChangeKind::Changed if c.class == FieldClass::Secret || c.old == c.new => {}
            ChangeKind::Changed => return false,
            ChangeKind::Removed => removed.push(sorted_text(c.old.as_ref())),
            ChangeKind::Added => added.push(sorted_text(c.new.as_ref())),
        }
    }
    removed.sort();
    added.sort();
    removed == added
}

/// Applies a serialized RFC 6902 patch with json-patch.
fn apply_patch(doc: &mut Json, ops: &[Json]) -> Result<(), String> {
    let patch: json_patch::Patch =
        serde_json::from_value(Json::Array(ops.to_vec())).map_err(|e| e.to_string())?;
    json_patch::patch(doc, &patch).map_err(|e| e.to_string())
}

/// Every output format of a diff, concatenated.
fn diff_outputs(d: &dswcheck::Diff) -> String {
    let mut all = d.to_text(false);
    all.push_str(&d.to_text(true));
    all.push_str(&d.to_markdown());
    all.push_str(&serde_json::to_string(d).expect("a diff serializes"));
    all.push_str(&serde_json::to_string(&d.patch()).expect("a patch serializes"));
    all.push_str(&format!("{d:?}"));
    all
}

proptest! {
    #![proptest_config(config(64))]

    /// A body does not differ from itself, nor from itself with its
    /// identity-keyed arrays reordered, and both have one canonical form.
    #[test]
    fn diff_with_itself_and_reordered_is_empty(body in arb_mutated()) {
        let itself = diff(&body, &body);
        prop_assert!(itself.is_empty(), "{:#?}", itself.changes);
        let reordered = reorder_keyed(&body);
        let moved = diff(&body, &reordered);
        prop_assert!(moved.is_empty(), "{:#?}", moved.changes);
        prop_assert_eq!(normalize(&body), normalize(&reordered));
    }

    /// diff refuses snapshots of two different instances.
    #[test]
    fn diff_refuses_two_instances((old, new) in (arb_instance(), arb_instance())) {
        prop_assume!(old["InstanceId"] != new["InstanceId"]);
        let refused = dswcheck::diff(&instance(&old), &instance(&new), &DiffOptions::new());
        let kind = refused.map_err(|e| e.kind().clone());
        prop_assert!(matches!(kind, Err(DiffErrorKind::InstancesDiffer { .. })), "{kind:?}");
    }

    /// diff(old, new) and diff(new, old) mirror each other: added and removed
    /// swap, and so do the old and new pointers and values.
    #[test]
    fn diff_mirrors((old, new) in arb_pair()) {
        let mut forward: Vec<String> = diff(&old, &new).changes.iter().map(plain).collect();
        let mut backward: Vec<String> = diff(&new, &old).changes.iter().map(flipped).collect();
        forward.sort();
        backward.sort();
        prop_assert_eq!(forward, backward);
    }

    /// The diff's JSON Patch turns the old body into the new one, up to what
    /// the diff leaves out: keyed-array order, volatile fields and secrets.
    #[test]
    fn patch_turns_old_into_new((old, new) in arb_pair()) {
        let d = diff(&old, &new);
        let ops = serde_json::to_value(d.patch()).unwrap();
        let mut patched = instance(&old).value().cloned().unwrap();
        let applied = apply_patch(&mut patched, ops.as_array().unwrap());
        prop_assert!(applied.is_ok(), "{applied:?}\n{ops:#}");
        prop_assert_eq!(normalize(&patched), normalize(&new));
    }

    /// Normalizing is idempotent, and a body's canonical form differs from
    /// it only in what redaction hides.
    #[test]
    fn normalize_is_idempotent(body in arb_mutated()) {
        let once = normalize(&body);
        prop_assert_eq!(normalize(&once), once.clone());
        let d = diff(&body, &once);
        prop_assert!(only_hidden(&d.changes), "{:#?}", d.changes);
    }

    /// The diff is empty exactly when the canonical forms are equal, a
    /// changed secret aside (a change that both canonical forms redact).
    #[test]
    fn diff_is_empty_iff_canonical_forms_are_equal((old, new) in arb_pair()) {
        let d = diff(&old, &new);
        let same = normalize(&old) == normalize(&new);
        if d.is_empty() {
            prop_assert!(same);
        }
        if same {
            prop_assert!(only_hidden(&d.changes), "{:#?}", d.changes);
        }
    }

    /// Secrets placed in secret fields of either body appear in no output
    /// format of diff, nor in the canonical form.
    #[test]
    fn secrets_never_reach_diff_output(
        (old, new) in arb_pair(),
        secrets in (arb_secret(), arb_secret()),
        indexes in (any::<Index>(), any::<Index>()),
    ) {
        let (mut old, mut new) = (old, new);
        for (body, secret, index) in [(&mut old, &secrets.0, indexes.0), (&mut new, &secrets.1, indexes.1)] {
            let places = secret_places(body);
            if !places.is_empty() {
                *body.pointer_mut(&places[index.index(places.len())]).unwrap() = Json::String(secret.clone());
            }
        }
        let mut outputs = diff_outputs(&diff(&old, &new));
        outputs.push_str(&serde_json::to_string(&normalize(&old)).unwrap());
        outputs.push_str(&serde_json::to_string(&normalize(&new)).unwrap());
        prop_assert!(!outputs.contains(&secrets.0), "{}", outputs);
        prop_assert!(!outputs.contains(&secrets.1), "{}", outputs);
    }
}
