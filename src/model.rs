//! The typed model of a GetInstance response body.
//!
//! Every field is optional: the API marks none required. Closed enums have an
//! `Unknown(String)` variant, so an undocumented value never fails a parse.
//! Each object keeps the fields the model does not know in `extra`, and the
//! wire form of documented fields it could not use as is in `verbatim`, so
//! serializing a parsed [`Instance`] gives back the same JSON data.
//!
//! Field docs come from the API documentation; "Since" dates are those of the
//! first SDK release that carried the field.

use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

pub use crate::decode::StringMap;
use crate::decode::{self, Cx, Decode, FieldShape, Outcome, Shape};
use crate::secret;

macro_rules! object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[doc = $doc:literal])* $wire:literal => $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name {
            $(
                $(#[doc = $doc])*
                #[doc = ""]
                #[doc = concat!("Wire name: `", $wire, "`.")]
                pub $field: Option<$ty>,
            )*
            /// Fields the documentation does not describe, in input order, with their values.
            pub extra: Map<String, Value>,
            /// Documented fields whose wire value the typed field does not reproduce
            /// exactly (`null`, a coerced scalar, a rejected value), as sent.
            /// Serialization writes these in place of the typed fields.
            pub verbatim: Map<String, Value>,
        }

        impl $name {
            pub(crate) const FIELDS: &'static [FieldShape] = &[$(
                FieldShape {
                    wire: $wire,
                    shape: <$ty as Decode>::shape,
                    secret: secret::is_secret_field($wire),
                },
            )*];
        }

        impl Decode for $name {
            fn shape() -> Shape {
                Shape::Object(Self::FIELDS)
            }

            fn decode<'a>(value: &'a Value, cx: &mut Cx<'a>) -> Outcome<Self> {
                let Value::Object(map) = value else {
                    return cx.mismatch("an object", value);
                };
                let mut out = Self::default();
                for (key, v) in map {
                    cx.enter_key(key);
                    match key.as_str() {
                        $(
                            $wire => {
                                cx.secret = secret::is_secret_field($wire);
                                out.$field = decode::field($wire, v, cx, &mut out.verbatim);
                                cx.secret = false;
                            }
                        )*
                        _ => {
                            decode::unknown_field(key, Self::FIELDS, cx);
                            out.extra.insert(key.clone(), v.clone());
                        }
                    }
                    cx.leave();
                }
                Outcome::Exact(out)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(None)?;
                $(
                    match self.verbatim.get($wire) {
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
    };
}

macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident: $kind:ident {
            $( $(#[doc = $doc:literal])* $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
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

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl Decode for $name {
            fn shape() -> Shape {
                Shape::Enum { values: Self::KNOWN, closed: Self::CLOSED }
            }

            fn decode<'a>(value: &'a Value, cx: &mut Cx<'a>) -> Outcome<Self> {
                decode::decode_enum(value, cx, Self::KNOWN, Self::CLOSED, Self::from_wire)
            }
        }
    };
    (@closed closed) => { true };
    (@closed open) => { false };
}

/// Decodes a whole document's root value.
pub(crate) fn decode_instance<'a>(value: &'a Value, cx: &mut Cx<'a>) -> Option<Instance> {
    match Instance::decode(value, cx) {
        Outcome::Exact(i) | Outcome::Coerced(i) => Some(i),
        Outcome::Rejected => None,
    }
}

object! {
    /// A GetInstance response body: the state of one DSW instance.
    pub struct Instance {
        /// ID of the request, e.g. `E7D55162-4489-1619-AAF5-3F97D5FCA948`. Since 2022-01-20.
        "RequestId" => request_id: String,
        /// Whether the request succeeded. Since 2022-03-28.
        "Success" => success: bool,
        /// Error code: InternalError (all errors except parameter validation) or ValidationError;
        /// absent on success. Since 2022-03-28.
        "Code" => code: ApiErrorCode,
        /// Null or empty on success; the cause of the failure otherwise. Since 2022-03-28.
        "Message" => message: String,
        /// HTTP status code; documented values 400 and 404 (the official demo shows 0), so no enum.
        /// Since 2022-03-28.
        "HttpStatusCode" => http_status_code: i32,
        /// Workspace ID, a numeric-looking string, e.g. `40823`. Since 2022-01-20.
        "WorkspaceId" => workspace_id: String,
        /// Workspace name. Since 2022-01-20.
        "WorkspaceName" => workspace_name: String,
        /// Instance ID, e.g. `dsw-730xxxxxxxxxx`. Since 2022-01-20.
        "InstanceId" => instance_id: String,
        /// Instance name. Since 2022-01-20.
        "InstanceName" => instance_name: String,
        /// ECS instance type, e.g. `ecs.c6.large`. Since 2022-01-20.
        "EcsSpec" => ecs_spec: String,
        /// Instance status, one of the 15 documented values (the enum list itself is documented
        /// since 2025-04-18). Since 2022-01-20.
        "Status" => status: InstanceStatus,
        /// URL of the instance page. Since 2022-01-20.
        "InstanceUrl" => instance_url: String,
        /// URL of JupyterLab. Since 2022-01-20.
        "JupyterlabUrl" => jupyterlab_url: String,
        /// URL of the Web IDE. Since 2022-01-20.
        "WebIDEUrl" => web_ide_url: String,
        /// URL of the web terminal. Since 2022-01-20.
        "TerminalUrl" => terminal_url: String,
        /// Accumulated running time of the instance, in milliseconds. Since 2022-01-20.
        "AccumulatedRunningTimeInMs" => accumulated_running_time_in_ms: i64,
        /// Image ID. Since 2022-01-20.
        "ImageId" => image_id: String,
        /// Image name. Since 2022-01-20.
        "ImageName" => image_name: String,
        /// Image URL in the container registry. Since 2022-01-20.
        "ImageUrl" => image_url: String,
        /// Base64 of `user:password` for the image registry; secret, returned with the password
        /// masked (`******`). Since 2024-07-09.
        "ImageAuth" => image_auth: String,
        /// Time the instance was created, RFC 3339 / ISO-8601 UTC. Since 2022-01-20.
        "GmtCreateTime" => gmt_create_time: String,
        /// Time the instance was last modified, RFC 3339 / ISO-8601 UTC. Since 2022-01-20.
        "GmtModifiedTime" => gmt_modified_time: String,
        /// Alibaba Cloud user ID, a numeric-looking string. Since 2022-01-20.
        "UserId" => user_id: String,
        /// User name. Since 2022-03-28.
        "UserName" => user_name: String,
        /// Datasets mounted into the instance. Since 2022-01-20.
        "Datasets" => datasets: Vec<Dataset>,
        /// User VPC configuration. Since 2022-01-20.
        "UserVpc" => user_vpc: UserVpc,
        /// Scheduled shutdown timer of the instance. Since 2022-01-20.
        "InstanceShutdownTimer" => instance_shutdown_timer: ShutdownTimer,
        /// Free-text reason code for the current status, e.g. `Internal Error`; no enum. Since
        /// 2022-01-20.
        "ReasonCode" => reason_code: String,
        /// Free-text reason message for the current status, e.g. `ImagePullBackOff`. Since
        /// 2022-01-20.
        "ReasonMessage" => reason_message: String,
        /// Billing method: PayAsYouGo (postpaid) or Subscription (prepaid). Since 2022-01-20.
        "PaymentType" => payment_type: PaymentType,
        /// The latest image snapshot of the instance. Since 2022-01-20.
        "LatestSnapshot" => latest_snapshot: LatestSnapshot,
        /// Accelerator type: CPU (no acceleration) or GPU (GPU acceleration). Since 2022-01-20.
        "AcceleratorType" => accelerator_type: AcceleratorType,
        /// Visibility: PRIVATE (owner and workspace admins) or PUBLIC (all workspace members).
        /// Since 2022-01-20.
        "Accessibility" => accessibility: Accessibility,
        /// Environment variables of the instance, a string-to-string map. Since 2022-01-20.
        "EnvironmentVariables" => environment_variables: StringMap,
        /// Subscription resource-group ID, e.g. `dsw-123456789`. Since 2022-05-18.
        "ResourceId" => resource_id: String,
        /// Resource name: the requested CPU/memory for subscription, the ECS type (e.g.
        /// `ecs.g7.xlarge`) for pay-as-you-go. Since 2022-07-15.
        "ResourceName" => resource_name: String,
        /// Scheduling priority, 1 (lowest) to 9 (highest) per the request docs. Since 2022-05-18.
        "Priority" => priority: i64,
        /// Resources requested by the instance. Since 2022-05-18.
        "RequestedResource" => requested_resource: RequestedResource,
        /// Custom labels, an array of Key/Value objects (not a map). Since 2022-09-21.
        "Labels" => labels: Vec<Label>,
        /// Idle auto-stop settings. Since 2022-09-21.
        "IdleInstanceCuller" => idle_instance_culler: IdleInstanceCuller,
        /// Image snapshots of the instance. Since 2023-01-29.
        "InstanceSnapshotList" => instance_snapshot_list: Vec<Snapshot>,
        /// Cloud disks attached to the instance. Since 2023-08-21.
        "CloudDisks" => cloud_disks: Vec<CloudDisk>,
        /// Source of the workspace directory: `rootfsCloudDisk`, a dataset mount path or a dataset
        /// ID. Since 2023-08-21.
        "WorkspaceSource" => workspace_source: String,
        /// NVIDIA driver version, e.g. `535.54.03`. Since 2023-12-27.
        "Driver" => driver: String,
        /// Node-error recovery settings (lowerCamelCase keys). Since 2024-04-12.
        "NodeErrorRecovery" => node_error_recovery: NodeErrorRecovery,
        /// Affinity settings. Since 2024-07-08.
        "Affinity" => affinity: Affinity,
        /// Credential injection configuration. Since 2024-09-10.
        "CredentialConfig" => credential_config: CredentialConfig,
        /// Proxy path of the instance, e.g. `dsw-170197/proxy/`. Since 2024-12-16.
        "ProxyPath" => proxy_path: String,
        /// Resource tags, an array of TagKey/TagValue objects. Since 2024-12-16.
        "Tags" => tags: Vec<Tag>,
        /// Dynamic dataset mount configuration. Since 2025-04-18.
        "DynamicMount" => dynamic_mount: DynamicMount,
        /// ID of the user command; undocumented. Since 2025-06-09.
        "UserCommandId" => user_command_id: String,
        /// Configuration of the built-in Jupyter and code-server services; undocumented. Since
        /// 2025-11-06.
        "ServiceConfig" => service_config: ServiceConfig,
        /// IP addresses of the instance pod; undocumented. Since 2025-12-10.
        "PodIps" => pod_ips: Vec<PodIp>,
        /// Free-form migration options object; undocumented. Since 2025-12-15.
        "MigrationOptions" => migration_options: Map<String, Value>,
        /// Access restriction rules, a string-to-string map; undocumented. Since 2026-03-02.
        "AccessRestrictionRules" => access_restriction_rules: StringMap,
        /// Docker-in-DSW configuration. Since 2026-03-02.
        "DockerConfig" => docker_config: DockerConfig,
        /// Tenant ID; undocumented. Since 2026-05-21.
        "TenantId" => tenant_id: String,
    }
}

object! {
    /// A dataset mounted into the instance (an item of Datasets).
    pub struct Dataset {
        /// Dataset ID, e.g. `d-vsqjvsjp4orp5l206u`. Since 2022-01-20.
        "DatasetId" => dataset_id: String,
        /// Path inside the container where the dataset is mounted, e.g. `/mnt/data`. Since
        /// 2022-01-20.
        "MountPath" => mount_path: String,
        /// Storage URI of the dataset, e.g.
        /// `oss://bucket.oss-cn-shanghai-internal.aliyuncs.com/path/`; nas://, cpfs:// and
        /// bmcpfs:// forms also exist. Since 2024-06-24.
        "Uri" => uri: String,
        /// Mount options as a JSON object serialized into a string. Since 2024-06-24.
        "Options" => options: String,
        /// Deprecated mount option type (FastReadWrite, IncrementalReadWrite, ConsistentReadWrite,
        /// ReadOnly; values from the CreateInstance request docs). Since 2024-06-24.
        "OptionType" => option_type: OptionType,
        /// Requested mount access: RW (read-write) or RO (read-only); a read-only dataset cannot be
        /// changed to RW. Since 2025-03-13.
        "MountAccess" => mount_access: MountAccess,
        /// Dataset version, e.g. `v1` (the default when DatasetId is given). Since 2025-03-13.
        "DatasetVersion" => dataset_version: String,
        /// Whether dynamic mounting is enabled for this dataset (default false). Since 2025-04-18.
        "Dynamic" => dynamic: bool,
        /// Mount access actually in effect; undocumented, presumably RW or RO (no enum). Since
        /// 2026-01-08.
        "ActualMountAccess" => actual_mount_access: String,
    }
}

object! {
    /// User VPC configuration of the instance.
    pub struct UserVpc {
        /// ID of the user VPC. Since 2022-01-20.
        "VpcId" => vpc_id: String,
        /// ID of the vSwitch in the user VPC. Since 2022-01-20.
        "VSwitchId" => vswitch_id: String,
        /// ID of the security group. Since 2022-01-20.
        "SecurityGroupId" => security_group_id: String,
        /// Extended CIDR blocks routed through the user VPC, each an IPv4 CIDR string. Since
        /// 2023-08-21.
        "ExtendedCIDRs" => extended_cidrs: Vec<String>,
        /// Default route NIC: eth0 (default NIC, public gateway) or eth1 (user ENI, private
        /// gateway); values from the request docs, open list (the official demo shows `eth0 |
        /// eth1`). Since 2023-08-21.
        "DefaultRoute" => default_route: DefaultRoute,
        /// Port forwarding (e.g. SSH) configurations of the instance. Since 2023-12-27.
        "ForwardInfos" => forward_infos: Vec<ForwardInfo>,
        /// Bandwidth limits of the instance network. Since 2025-04-18.
        "BandwidthLimit" => bandwidth_limit: BandwidthLimit,
        /// IP address of the instance in the user VPC; undocumented. Since 2025-11-06.
        "Ip" => ip: String,
    }
}

object! {
    /// A port-forwarding entry (ForwardInfoResponse) of UserVpc.ForwardInfos.
    pub struct ForwardInfo {
        /// Whether this port mapping is enabled. Since 2023-12-27.
        "Enable" => enable: bool,
        /// Name of the container whose port is forwarded, e.g. `dsw-notebook`. Since 2023-12-27.
        "ContainerName" => container_name: String,
        /// Deprecated old name of ForwardPort (internal port as a numeric string), removed from the
        /// SDK on 2024-12-16. Since 2023-12-27.
        "Port" => port: String,
        /// Internal container port being forwarded, as a numeric string (1-65535), e.g. `22`. Since
        /// 2024-12-16.
        "ForwardPort" => forward_port: String,
        /// Name of the forwarding rule, e.g. `ssh`. Since 2024-12-16.
        "Name" => name: String,
        /// External port, as a numeric string (1-65535), e.g. `1024`. Since 2024-12-16.
        "ExternalPort" => external_port: String,
        /// Access types of the mapping: intranet and/or internet. Since 2024-12-16.
        "AccessType" => access_type: Vec<AccessType>,
        /// ID of the NAT gateway used for the mapping, e.g. `ngw-...`. Since 2023-12-27.
        "NatGatewayId" => nat_gateway_id: String,
        /// ID of the NLB gateway used for the mapping; undocumented. Since 2026-02-27.
        "NlbGatewayId" => nlb_gateway_id: String,
        /// Allocation ID of the elastic IP, e.g. `eip-...`. Since 2023-12-27.
        "EipAllocationId" => eip_allocation_id: String,
        /// SSH public key installed for the mapping (public, not secret). Since 2023-12-27.
        "SSHPublicKey" => ssh_public_key: String,
        /// Connection status and endpoints of the mapping. Since 2023-12-27.
        "ConnectInfo" => connect_info: ConnectInfo,
    }
}

object! {
    /// Connection status and endpoints of a port-forwarding entry.
    pub struct ConnectInfo {
        /// Connection phase; no documented enum, example `Ready`. Since 2023-12-27.
        "Phase" => phase: String,
        /// Connection status message, e.g. `DNAT and privateZone are both ready.` Since 2023-12-27.
        "Message" => message: String,
        /// Intranet (VPC) endpoint of the mapping. Since 2023-12-27.
        "Intranet" => intranet: Endpoint,
        /// Internet (public) endpoint of the mapping. Since 2023-12-27.
        "Internet" => internet: Endpoint,
    }
}

object! {
    /// A host/port pair used by ConnectInfo.Intranet and ConnectInfo.Internet.
    pub struct Endpoint {
        /// Host name or IP address of the endpoint. Since 2023-12-27.
        "Endpoint" => endpoint: String,
        /// Port of the endpoint, as a numeric string (1-65535). Since 2023-12-27.
        "Port" => port: String,
    }
}

object! {
    /// Bandwidth limits of the instance network (no descriptions documented).
    pub struct BandwidthLimit {
        /// Egress bandwidth rate as a string; unit/format undocumented. Since 2025-04-18.
        "EgressRate" => egress_rate: String,
        /// Ingress bandwidth rate as a string; unit/format undocumented. Since 2025-04-18.
        "IngressRate" => ingress_rate: String,
        /// Egress whitelist entries, each a CIDR string exempt from the limit. Since 2025-04-18.
        "EgressWhitelists" => egress_whitelists: Vec<String>,
        /// Ingress whitelist entries, each a CIDR string exempt from the limit. Since 2025-04-18.
        "IngressWhitelists" => ingress_whitelists: Vec<String>,
    }
}

object! {
    /// Scheduled automatic shutdown of the instance.
    pub struct ShutdownTimer {
        /// ID of the instance the timer belongs to. Since 2022-01-20.
        "InstanceId" => instance_id: String,
        /// Time the timer was created, RFC 3339 / ISO-8601 UTC. Since 2022-01-20.
        "GmtCreateTime" => gmt_create_time: String,
        /// Time the timer was last modified, RFC 3339 / ISO-8601 UTC. Since 2022-01-20.
        "GmtModifiedTime" => gmt_modified_time: String,
        /// Scheduled stop time, RFC 3339 / ISO-8601 UTC. Since 2022-01-20.
        "DueTime" => due_time: String,
        /// Time remaining until the scheduled stop, in milliseconds. Since 2022-01-20.
        "RemainingTimeInMs" => remaining_time_in_ms: i64,
    }
}

object! {
    /// The latest image snapshot of the instance.
    pub struct LatestSnapshot {
        /// ID of the snapshot image. Since 2022-01-20.
        "ImageId" => image_id: String,
        /// Name of the snapshot image. Since 2022-01-20.
        "ImageName" => image_name: String,
        /// Registry URL of the snapshot image. Since 2022-01-20.
        "ImageUrl" => image_url: String,
        /// URL of the image repository that holds the snapshot. Since 2022-01-20.
        "RepositoryUrl" => repository_url: String,
        /// Time the snapshot was created, RFC 3339 / ISO-8601 UTC. Since 2022-01-20.
        "GmtCreateTime" => gmt_create_time: String,
        /// Time the snapshot was last modified, RFC 3339 / ISO-8601 UTC. Since 2022-01-20.
        "GmtModifiedTime" => gmt_modified_time: String,
        /// Free-text reason code when the snapshot failed, e.g. `Internal Error`; no documented
        /// enum. Since 2023-01-29.
        "ReasonCode" => reason_code: String,
        /// Free-text reason message when the snapshot failed, e.g. `ImagePullBackOff`. Since
        /// 2023-01-29.
        "ReasonMessage" => reason_message: String,
        /// Snapshot status: Committing, Pushing, Failed or Saved. Since 2023-01-29.
        "Status" => status: SnapshotStatus,
    }
}

object! {
    /// An image snapshot in InstanceSnapshotList (same shape as LatestSnapshot, status not
    /// enumerated).
    pub struct Snapshot {
        /// ID of the snapshot image. Since 2023-01-29.
        "ImageId" => image_id: String,
        /// Name of the snapshot image. Since 2023-01-29.
        "ImageName" => image_name: String,
        /// Registry URL of the snapshot image. Since 2023-01-29.
        "ImageUrl" => image_url: String,
        /// URL of the image repository that holds the snapshot. Since 2023-01-29.
        "RepositoryUrl" => repository_url: String,
        /// Time the snapshot was created, RFC 3339 / ISO-8601 UTC. Since 2023-01-29.
        "GmtCreateTime" => gmt_create_time: String,
        /// Time the snapshot was last modified, RFC 3339 / ISO-8601 UTC. Since 2023-01-29.
        "GmtModifiedTime" => gmt_modified_time: String,
        /// Free-text reason code when the snapshot failed, e.g. `Internal Error`; no documented
        /// enum. Since 2023-01-29.
        "ReasonCode" => reason_code: String,
        /// Free-text reason message when the snapshot failed, e.g. `ImagePullBackOff`. Since
        /// 2023-01-29.
        "ReasonMessage" => reason_message: String,
        /// Snapshot status; no documented list (example `Pushing`), presumably the LatestSnapshot
        /// set. Since 2023-01-29.
        "Status" => status: String,
    }
}

object! {
    /// Resources requested by the instance (subscription resource groups); all quantities are
    /// strings.
    pub struct RequestedResource {
        /// Requested vCPU count as a numeric string, e.g. `8`. Since 2022-05-18.
        "CPU" => cpu: String,
        /// Requested memory as a string, e.g. `32` or `32Gi`. Since 2022-05-18.
        "Memory" => memory: String,
        /// Requested shared memory (/dev/shm) as a string, e.g. `4Gi`. Since 2022-05-18.
        "SharedMemory" => shared_memory: String,
        /// Requested GPU count as a numeric string, e.g. `1`. Since 2022-05-18.
        "GPU" => gpu: String,
        /// GPU card type; documented possible values V100, A100, T4, A10, P100, but the list is
        /// open (examples `v100`, `Tesla-V100-16G`). Since 2022-05-18.
        "GPUType" => gpu_type: GpuType,
    }
}

object! {
    /// A custom label as a Key/Value pair.
    pub struct Label {
        /// Label key. Since 2022-09-21.
        "Key" => key: String,
        /// Label value. Since 2022-09-21.
        "Value" => value: String,
    }
}

object! {
    /// Automatic stop of the instance when it is idle.
    pub struct IdleInstanceCuller {
        /// ID of the instance the culler belongs to. Since 2022-09-21.
        "InstanceId" => instance_id: String,
        /// CPU utilization threshold in percent (1-100) below which the instance counts as idle.
        /// Since 2022-09-21.
        "CpuPercentThreshold" => cpu_percent_threshold: i32,
        /// GPU utilization threshold in percent (1-100) below which the instance counts as idle.
        /// Since 2022-09-21.
        "GpuPercentThreshold" => gpu_percent_threshold: i32,
        /// Idle duration in minutes after which the instance is stopped. Since 2022-09-21.
        "MaxIdleTimeInMinutes" => max_idle_time_in_minutes: i32,
        /// Current idle duration of the instance, in minutes. Since 2022-09-21.
        "IdleTimeInMinutes" => idle_time_in_minutes: i32,
    }
}

object! {
    /// A cloud disk attached to the instance.
    pub struct CloudDisk {
        /// Disk capacity as a string with unit, e.g. `30Gi`. Since 2023-08-21.
        "Capacity" => capacity: String,
        /// Mount path of the disk inside the container, e.g. `/mnt/workspace`. Since 2023-08-21.
        "MountPath" => mount_path: String,
        /// Path of the disk, e.g. `/workspace`. Since 2023-08-21.
        "Path" => path: String,
        /// How the disk is used; only `rootfs` (root file system) is documented. Since 2023-08-21.
        "SubType" => sub_type: DiskSubType,
        /// Usage status of the disk in bytes. Since 2025-10-30.
        "Status" => status: CloudDiskStatus,
    }
}

object! {
    /// Usage status of a cloud disk; all numbers are byte counts.
    pub struct CloudDiskStatus {
        /// Available space in bytes. Since 2025-10-30.
        "Available" => available: i64,
        /// Total capacity in bytes. Since 2025-10-30.
        "Capacity" => capacity: i64,
        /// Used space in bytes. Since 2025-10-30.
        "Usage" => usage: i64,
    }
}

object! {
    /// Node-error recovery settings; the wire keys are lowerCamelCase.
    pub struct NodeErrorRecovery {
        /// Whether the node running the instance currently has an error. Since 2024-04-12.
        "hasNodeError" => has_node_error: bool,
        /// Whether the instance is automatically switched to another node on a node error. Since
        /// 2024-04-12.
        "enableAutoSwitchOnNodeError" => enable_auto_switch_on_node_error: bool,
        /// Countdown before the automatic switch, in seconds, e.g. 30. Since 2024-04-12.
        "autoSwitchCountdownSeconds" => auto_switch_countdown_seconds: i64,
    }
}

object! {
    /// Affinity settings; only subscription instances on general-purpose computing resources
    /// support CPU affinity.
    pub struct Affinity {
        /// CPU affinity settings. Since 2024-07-08.
        "CPU" => cpu: CpuAffinity,
    }
}

object! {
    /// CPU affinity settings. Since 2024-07-08.
    pub struct CpuAffinity {
        /// Whether CPU affinity is enabled. Since 2024-07-08.
        "Enable" => enable: bool,
    }
}

object! {
    /// Credential injection configuration (RAM role assumption) of the instance.
    pub struct CredentialConfig {
        /// Whether credential injection is enabled. Since 2024-09-10.
        "Enable" => enable: bool,
        /// Key of the Configs entry used as the environment-variable role, e.g. `0`. Since
        /// 2024-09-10.
        "AliyunEnvRoleKey" => aliyun_env_role_key: String,
        /// Credential configuration entries. Since 2024-09-10.
        "Configs" => configs: Vec<CredentialConfigItem>,
    }
}

object! {
    /// A credential configuration entry.
    pub struct CredentialConfigItem {
        /// Key of the entry, e.g. `0`. Since 2024-09-10.
        "Key" => key: String,
        /// Credential type: Role (role assumption) or RoleChain (chained role assumption). Since
        /// 2024-09-10.
        "Type" => kind: CredentialType,
        /// Roles assumed by this entry, in chain order. Since 2024-09-10.
        "Roles" => roles: Vec<Role>,
    }
}

object! {
    /// A RAM role assumed by a credential configuration entry.
    pub struct Role {
        /// ARN of the role, e.g. `acs:ram::123******:role/****`. Since 2024-09-10.
        "RoleArn" => role_arn: String,
        /// Role type: service (assumed by a service) or user (assumed by a regular user). Since
        /// 2024-09-10.
        "RoleType" => role_type: RoleType,
        /// Entity (account ID) for which the role is assumed. Since 2024-09-10.
        "AssumeRoleFor" => assume_role_for: String,
        /// Inline RAM policy document, a JSON object serialized into a string. Since 2024-09-10.
        "Policy" => policy: String,
        /// Identity and (masked) credentials of the assuming user. Since 2024-09-10.
        "UserInfo" => user_info: UserInfo,
    }
}

object! {
    /// Identity of the user assuming a role, with masked credentials.
    pub struct UserInfo {
        /// ID of the user. Since 2024-09-10.
        "Id" => id: String,
        /// User type: customer (Alibaba Cloud account), sub (RAM user) or AssumedRoleUser (RAM
        /// role). Since 2024-09-10.
        "Type" => kind: UserType,
        /// AccessKey ID of the user; secret, returned masked (e.g. `LTAI****************`). Since
        /// 2024-09-10.
        "AccessKeyId" => access_key_id: String,
        /// STS security token; secret, returned masked (`******`). Since 2024-09-10.
        "SecurityToken" => security_token: String,
    }
}

object! {
    /// A resource tag as a TagKey/TagValue pair.
    pub struct Tag {
        /// Tag key. Since 2024-12-16.
        "TagKey" => tag_key: String,
        /// Tag value. Since 2024-12-16.
        "TagValue" => tag_value: String,
    }
}

object! {
    /// Dynamic dataset mount configuration.
    pub struct DynamicMount {
        /// Whether dynamic mounting is enabled. Since 2025-04-18.
        "Enable" => enable: bool,
        /// Root paths under which datasets can be mounted dynamically; root paths must not nest.
        /// Since 2025-04-18.
        "MountPoints" => mount_points: Vec<DynamicMountPoint>,
    }
}

object! {
    /// A dynamic mount root path.
    pub struct DynamicMountPoint {
        /// Root path for dynamic mounts, default `/mnt/dynamic/`. Since 2025-04-18.
        "RootPath" => root_path: String,
        /// Mount options as a JSON object serialized into a string, e.g. `{}`. Since 2025-04-18.
        "Options" => options: String,
    }
}

object! {
    /// Configuration of the built-in Jupyter and code-server services (undocumented).
    pub struct ServiceConfig {
        /// Jupyter server password; secret, returned masked (`******`). Since 2025-11-06.
        "JupyterServerPassword" => jupyter_server_password: String,
        /// Jupyter server authentication mode; value set undocumented. Since 2025-11-06.
        "JupyterServerAuth" => jupyter_server_auth: String,
        /// code-server password; secret, returned masked (`******`). Since 2025-11-06.
        "CodeServerPassword" => code_server_password: String,
        /// code-server authentication mode; value set undocumented. Since 2025-11-06.
        "CodeServerAuth" => code_server_auth: String,
    }
}

object! {
    /// An IP address of the instance pod (undocumented).
    pub struct PodIp {
        /// Network interface name, e.g. `eth0` or `eth1`. Since 2025-12-10.
        "InterfaceName" => interface_name: String,
        /// IP address on the interface. Since 2025-12-10.
        "Ip" => ip: String,
        /// Type of the address; value set undocumented. Since 2025-12-10.
        "Type" => kind: String,
    }
}

object! {
    /// Docker-in-DSW configuration.
    pub struct DockerConfig {
        /// Maximum number of Docker containers, e.g. 10. Since 2026-03-02.
        "ContainersLimit" => containers_limit: i64,
        /// Whether Docker is enabled in the instance. Since 2026-03-02.
        "Enable" => enable: bool,
        /// Path of the mount-access configuration file, e.g.
        /// `/etc/docker/dockerboard/mount_access.json`. Since 2026-03-02.
        "MountAccessConfigPath" => mount_access_config_path: String,
    }
}

string_enum! {
    /// Error code: InternalError (all errors except parameter validation) or ValidationError;
    /// absent on success. The list is open: the generic OpenAPI error envelope
    /// carries other codes and no complete list is published. Since 2022-03-28.
    pub enum ApiErrorCode: open {
        /// `InternalError`.
        InternalError = "InternalError",
        /// `ValidationError`.
        ValidationError = "ValidationError",
    }
}

string_enum! {
    /// Instance status, one of the 15 documented values (the enum list itself is documented
    /// since 2025-04-18). Since 2022-01-20.
    pub enum InstanceStatus: closed {
        /// `Creating`.
        Creating = "Creating",
        /// `SaveFailed`.
        SaveFailed = "SaveFailed",
        /// `Stopped`.
        Stopped = "Stopped",
        /// `Failed`.
        Failed = "Failed",
        /// `ResourceAllocating`.
        ResourceAllocating = "ResourceAllocating",
        /// `Stopping`.
        Stopping = "Stopping",
        /// `Updating`.
        Updating = "Updating",
        /// `Saving`.
        Saving = "Saving",
        /// `Queuing`.
        Queuing = "Queuing",
        /// `Recovering`.
        Recovering = "Recovering",
        /// `Starting`.
        Starting = "Starting",
        /// `Running`.
        Running = "Running",
        /// `Saved`.
        Saved = "Saved",
        /// `Deleting`.
        Deleting = "Deleting",
        /// `EnvPreparing`.
        EnvPreparing = "EnvPreparing",
    }
}

string_enum! {
    /// Billing method: PayAsYouGo (postpaid) or Subscription (prepaid). Since 2022-01-20.
    pub enum PaymentType: closed {
        /// `PayAsYouGo`.
        PayAsYouGo = "PayAsYouGo",
        /// `Subscription`.
        Subscription = "Subscription",
    }
}

string_enum! {
    /// Accelerator type: CPU (no acceleration) or GPU (GPU acceleration). Since 2022-01-20.
    pub enum AcceleratorType: closed {
        /// `CPU`.
        Cpu = "CPU",
        /// `GPU`.
        Gpu = "GPU",
    }
}

string_enum! {
    /// Visibility: PRIVATE (owner and workspace admins) or PUBLIC (all workspace members).
    /// Since 2022-01-20.
    pub enum Accessibility: closed {
        /// `PRIVATE`.
        Private = "PRIVATE",
        /// `PUBLIC`.
        Public = "PUBLIC",
    }
}

string_enum! {
    /// Deprecated mount option type (FastReadWrite, IncrementalReadWrite, ConsistentReadWrite,
    /// ReadOnly; values from the CreateInstance request docs). Since 2024-06-24.
    pub enum OptionType: closed {
        /// `FastReadWrite`.
        FastReadWrite = "FastReadWrite",
        /// `IncrementalReadWrite`.
        IncrementalReadWrite = "IncrementalReadWrite",
        /// `ConsistentReadWrite`.
        ConsistentReadWrite = "ConsistentReadWrite",
        /// `ReadOnly`.
        ReadOnly = "ReadOnly",
    }
}

string_enum! {
    /// Requested mount access: RW (read-write) or RO (read-only); a read-only dataset cannot be
    /// changed to RW. Since 2025-03-13.
    pub enum MountAccess: closed {
        /// `RW`.
        Rw = "RW",
        /// `RO`.
        Ro = "RO",
    }
}

string_enum! {
    /// Default route NIC: eth0 (default NIC, public gateway) or eth1 (user ENI, private
    /// gateway); values from the request docs, open list (the official demo shows `eth0 |
    /// eth1`). Since 2023-08-21.
    pub enum DefaultRoute: open {
        /// `eth0`.
        Eth0 = "eth0",
        /// `eth1`.
        Eth1 = "eth1",
    }
}

string_enum! {
    /// Access types of the mapping: intranet and/or internet. Since 2024-12-16.
    pub enum AccessType: closed {
        /// `intranet`.
        Intranet = "intranet",
        /// `internet`.
        Internet = "internet",
    }
}

string_enum! {
    /// Snapshot status: Committing, Pushing, Failed or Saved. Since 2023-01-29.
    pub enum SnapshotStatus: closed {
        /// `Committing`.
        Committing = "Committing",
        /// `Pushing`.
        Pushing = "Pushing",
        /// `Failed`.
        Failed = "Failed",
        /// `Saved`.
        Saved = "Saved",
    }
}

string_enum! {
    /// GPU card type; documented possible values V100, A100, T4, A10, P100, but the list is
    /// open (examples `v100`, `Tesla-V100-16G`). Since 2022-05-18.
    pub enum GpuType: open {
        /// `V100`.
        V100 = "V100",
        /// `A100`.
        A100 = "A100",
        /// `T4`.
        T4 = "T4",
        /// `A10`.
        A10 = "A10",
        /// `P100`.
        P100 = "P100",
    }
}

string_enum! {
    /// How the disk is used; only `rootfs` (root file system) is documented. Since 2023-08-21.
    pub enum DiskSubType: closed {
        /// `rootfs`.
        Rootfs = "rootfs",
    }
}

string_enum! {
    /// Credential type: Role (role assumption) or RoleChain (chained role assumption). Since
    /// 2024-09-10.
    pub enum CredentialType: closed {
        /// `Role`.
        Role = "Role",
        /// `RoleChain`.
        RoleChain = "RoleChain",
    }
}

string_enum! {
    /// Role type: service (assumed by a service) or user (assumed by a regular user). Since
    /// 2024-09-10.
    pub enum RoleType: closed {
        /// `service`.
        Service = "service",
        /// `user`.
        User = "user",
    }
}

string_enum! {
    /// User type: customer (Alibaba Cloud account), sub (RAM user) or AssumedRoleUser (RAM
    /// role). Since 2024-09-10.
    pub enum UserType: closed {
        /// `customer`.
        Customer = "customer",
        /// `sub`.
        Sub = "sub",
        /// `AssumedRoleUser`.
        AssumedRoleUser = "AssumedRoleUser",
    }
}
