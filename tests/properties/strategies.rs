//! Strategies for valid, internally consistent GetInstance bodies and API
//! error bodies, and for any JSON with documented keys among its own.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use dswcheck::model::{
    AcceleratorType, Accessibility, ApiErrorCode, CredentialType, DefaultRoute, GpuType,
    InstanceStatus, MountAccess, OptionType, PaymentType, RoleType, SnapshotStatus, UserType,
};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use serde_json::{Map, Value as Json, json};

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

/// Mount options or a policy: a JSON object serialized into a string; a
/// secret-looking key gets a masked value, as the API sends it.
fn json_text() -> BoxedStrategy<Json> {
    prop::collection::btree_map("[a-z.]{1,12}", "[a-z0-9]{0,6}", 0..4)
        .prop_map(|mut m| {
            for (k, v) in &mut m {
                if dswcheck::looks_secret(k) {
                    *v = "******".to_owned();
                }
            }
            Json::String(serde_json::to_string(&m).expect("serializable"))
        })
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
pub(crate) fn arb_instance() -> BoxedStrategy<Json> {
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
                    // Undocumented members: a secret-looking name (`Jwtaa`) gets a
                    // masked value, as the API sends credentials.
                    prop::collection::btree_map("[A-Z][a-z]{1,8}", prop_oneof![boolean(), text("[A-Za-z]{0,8}")], 0..3)
                        .prop_map(|m| {
                            let masked = |(k, v): (String, Json)| {
                                let v = if dswcheck::looks_secret(&k) { Json::String("******".to_owned()) } else { v };
                                (k, v)
                            };
                            Json::Object(m.into_iter().map(masked).collect())
                        }),
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
pub(crate) fn arb_api_error() -> BoxedStrategy<Json> {
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
pub(crate) fn arb_json() -> BoxedStrategy<Json> {
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
pub(crate) fn arb_json_object() -> BoxedStrategy<Json> {
    prop::collection::vec((arb_key(), arb_json()), 0..12)
        .prop_map(|entries| Json::Object(entries.into_iter().collect()))
        .boxed()
}

/// A secret value no generated body holds by chance.
pub(crate) fn arb_secret() -> BoxedStrategy<String> {
    "[A-Za-z0-9]{16,24}".prop_map(|s| format!("Qx{s}")).boxed()
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
