//! The field table: one row per documented field of the GetInstance and
//! ListInstances bodies.
//!
//! Each row gives the wire name, the Rust name and type, the date of the first
//! SDK release that carried the field, the description (its doc comment,
//! from the API documentation), and in brackets the facts that everything
//! else derives from: the diff class (`identifying`, `status`, `volatile`,
//! `secret`; unmarked fields inherit their parent's, top-level ones are spec),
//! the identity of array elements (`keys(...)`, `set`), the value format
//! (`time`, `port`, `cidr`, `uri`, `json_text`, `quantity`, `instance_id`),
//! the diff section of top-level fields, `deprecated`, and which responses
//! carry an instance's field (`get_only`: not ListInstances items;
//! `list_only`: only them; `list_items` marks the array that holds them).
//!
//! To add a field, add its row here (see CONTRIBUTING.md).

use serde_json::{Map, Value};

use super::Section::*;
use super::StringMap;
use super::enums::*;
use super::macros::object;

object! {
    /// A GetInstance response body: the state of one DSW instance.
    pub struct Instance {
        /// ID of the request, e.g. `E7D55162-4489-1619-AAF5-3F97D5FCA948`.
        "RequestId" => request_id: String, since "2022-01-20" [get_only, volatile, section(Overview)];
        /// Whether the request succeeded.
        "Success" => success: bool, since "2022-03-28" [get_only, status, section(Status)];
        /// Error code: InternalError (all errors except parameter validation) or ValidationError;
        /// absent on success. The generic OpenAPI error envelope carries other codes, and no
        /// complete list is published, so the list is open.
        "Code" => code: ApiErrorCode, since "2022-03-28" [get_only, status, section(Status)];
        /// Null or empty on success; the cause of the failure otherwise.
        "Message" => message: String, since "2022-03-28" [get_only, status, section(Status)];
        /// HTTP status code; documented values 400 and 404 (the official demo shows 0), so no enum.
        "HttpStatusCode" => http_status_code: i32, since "2022-03-28" [get_only, status, section(Status)];
        /// Workspace ID, a numeric-looking string, e.g. `40823`.
        "WorkspaceId" => workspace_id: String, since "2022-01-20" [identifying, section(Overview)];
        /// Workspace name.
        "WorkspaceName" => workspace_name: String, since "2022-01-20" [section(Overview)];
        /// Instance ID, e.g. `dsw-730xxxxxxxxxx`.
        "InstanceId" => instance_id: String, since "2022-01-20" [identifying, instance_id, section(Overview)];
        /// Instance name.
        "InstanceName" => instance_name: String, since "2022-01-20" [section(Overview)];
        /// ECS instance type, e.g. `ecs.c6.large`.
        "EcsSpec" => ecs_spec: String, since "2022-01-20" [section(Resources)];
        /// Instance status, one of the 15 documented values (the enum list itself is documented
        /// since 2025-04-18).
        "Status" => status: InstanceStatus, since "2022-01-20" [status, section(Status)];
        /// URL of the instance page.
        "InstanceUrl" => instance_url: String, since "2022-01-20" [section(Network)];
        /// URL of JupyterLab.
        "JupyterlabUrl" => jupyterlab_url: String, since "2022-01-20" [section(Network)];
        /// URL of the Web IDE.
        "WebIDEUrl" => web_ide_url: String, since "2022-01-20" [section(Network)];
        /// URL of the web terminal.
        "TerminalUrl" => terminal_url: String, since "2022-01-20" [section(Network)];
        /// Accumulated running time of the instance, in milliseconds.
        "AccumulatedRunningTimeInMs" => accumulated_running_time_in_ms: i64, since "2022-01-20" [volatile, section(Status)];
        /// Image ID.
        "ImageId" => image_id: String, since "2022-01-20" [section(Image)];
        /// Image name.
        "ImageName" => image_name: String, since "2022-01-20" [section(Image)];
        /// Image URL in the container registry.
        "ImageUrl" => image_url: String, since "2022-01-20" [section(Image)];
        /// Base64 of `user:password` for the image registry; secret, returned with the password
        /// masked (`******`).
        "ImageAuth" => image_auth: String, since "2024-07-09" [secret, section(Image)];
        /// Time the instance was created, RFC 3339 / ISO-8601 UTC.
        "GmtCreateTime" => gmt_create_time: String, since "2022-01-20" [time, section(Overview)];
        /// Time the instance was last modified, RFC 3339 / ISO-8601 UTC.
        "GmtModifiedTime" => gmt_modified_time: String, since "2022-01-20" [volatile, time, section(Overview)];
        /// Alibaba Cloud user ID, a numeric-looking string.
        "UserId" => user_id: String, since "2022-01-20" [identifying, section(Overview)];
        /// User name.
        "UserName" => user_name: String, since "2022-03-28" [section(Overview)];
        /// Datasets mounted into the instance.
        "Datasets" => datasets: Vec<Dataset>, since "2022-01-20" [keys(&[&["DatasetId"], &["MountPath"]]), section(Storage)];
        /// User VPC configuration.
        "UserVpc" => user_vpc: UserVpc, since "2022-01-20" [section(Network)];
        /// Scheduled shutdown timer of the instance.
        "InstanceShutdownTimer" => instance_shutdown_timer: ShutdownTimer, since "2022-01-20" [section(Lifecycle)];
        /// Free-text reason code for the current status, e.g. `Internal Error`; no enum.
        "ReasonCode" => reason_code: String, since "2022-01-20" [status, section(Status)];
        /// Free-text reason message for the current status, e.g. `ImagePullBackOff`.
        "ReasonMessage" => reason_message: String, since "2022-01-20" [status, section(Status)];
        /// Billing method: PayAsYouGo (postpaid) or Subscription (prepaid).
        "PaymentType" => payment_type: PaymentType, since "2022-01-20" [section(Resources)];
        /// The latest image snapshot of the instance.
        "LatestSnapshot" => latest_snapshot: LatestSnapshot, since "2022-01-20" [section(Image)];
        /// Accelerator type: CPU (no acceleration) or GPU (GPU acceleration).
        "AcceleratorType" => accelerator_type: AcceleratorType, since "2022-01-20" [section(Resources)];
        /// Visibility: PRIVATE (owner and workspace admins) or PUBLIC (all workspace members).
        "Accessibility" => accessibility: Accessibility, since "2022-01-20" [section(Overview)];
        /// Environment variables of the instance, a string-to-string map.
        "EnvironmentVariables" => environment_variables: StringMap, since "2022-01-20" [section(Environment)];
        /// Subscription resource-group ID, e.g. `dsw-123456789`.
        "ResourceId" => resource_id: String, since "2022-05-18" [section(Resources)];
        /// Resource name: the requested CPU/memory for subscription, the ECS type (e.g.
        /// `ecs.g7.xlarge`) for pay-as-you-go.
        "ResourceName" => resource_name: String, since "2022-07-15" [section(Resources)];
        /// Scheduling priority, 1 (lowest) to 9 (highest) per the request docs.
        "Priority" => priority: i64, since "2022-05-18" [section(Resources)];
        /// Resources requested by the instance.
        "RequestedResource" => requested_resource: RequestedResource, since "2022-05-18" [section(Resources)];
        /// Custom labels, an array of Key/Value objects (not a map).
        "Labels" => labels: Vec<Label>, since "2022-09-21" [keys(&[&["Key"]]), section(LabelsAndTags)];
        /// Idle auto-stop settings.
        "IdleInstanceCuller" => idle_instance_culler: IdleInstanceCuller, since "2022-09-21" [section(Lifecycle)];
        /// Image snapshots of the instance.
        "InstanceSnapshotList" => instance_snapshot_list: Vec<Snapshot>, since "2023-01-29" [keys(&[&["ImageId"]]), section(Image)];
        /// Cloud disks attached to the instance.
        "CloudDisks" => cloud_disks: Vec<CloudDisk>, since "2023-08-21" [keys(&[&["MountPath"], &["SubType"]]), section(Storage)];
        /// Source of the workspace directory: `rootfsCloudDisk`, a dataset mount path or a dataset
        /// ID.
        "WorkspaceSource" => workspace_source: String, since "2023-08-21" [section(Storage)];
        /// NVIDIA driver version, e.g. `535.54.03`.
        "Driver" => driver: String, since "2023-12-27" [section(Resources)];
        /// Node-error recovery settings (lowerCamelCase keys).
        "NodeErrorRecovery" => node_error_recovery: NodeErrorRecovery, since "2024-04-12" [get_only, section(Status)];
        /// Affinity settings.
        "Affinity" => affinity: Affinity, since "2024-07-08" [section(Resources)];
        /// Credential injection configuration.
        "CredentialConfig" => credential_config: CredentialConfig, since "2024-09-10" [section(Environment)];
        /// Proxy path of the instance, e.g. `dsw-170197/proxy/`.
        "ProxyPath" => proxy_path: String, since "2024-12-16" [get_only, section(Network)];
        /// Resource tags, an array of TagKey/TagValue objects.
        "Tags" => tags: Vec<Tag>, since "2024-12-16" [keys(&[&["TagKey"]]), section(LabelsAndTags)];
        /// Dynamic dataset mount configuration.
        "DynamicMount" => dynamic_mount: DynamicMount, since "2025-04-18" [section(Storage)];
        /// ID of the user command; undocumented.
        "UserCommandId" => user_command_id: String, since "2025-06-09" [get_only, section(Overview)];
        /// Configuration of the built-in Jupyter and code-server services; undocumented.
        "ServiceConfig" => service_config: ServiceConfig, since "2025-11-06" [section(Environment)];
        /// IP addresses of the instance pod; undocumented.
        "PodIps" => pod_ips: Vec<PodIp>, since "2025-12-10" [get_only, status, keys(&[&["InterfaceName"]]), section(Network)];
        /// Free-form migration options object; undocumented.
        "MigrationOptions" => migration_options: Map<String, Value>, since "2025-12-15" [get_only, section(Lifecycle)];
        /// Access restriction rules, a string-to-string map; undocumented.
        "AccessRestrictionRules" => access_restriction_rules: StringMap, since "2026-03-02" [get_only, section(Network)];
        /// Docker-in-DSW configuration.
        "DockerConfig" => docker_config: DockerConfig, since "2026-03-02" [get_only, section(Resources)];
        /// Tenant ID; undocumented.
        "TenantId" => tenant_id: String, since "2026-05-21" [section(Overview)];
        /// Overselling information of the instance's resources; undocumented, only in ListInstances
        /// items.
        "OversoldInfo" => oversold_info: String, since "2025-04-18" [list_only, section(Resources)];
        /// Overselling type of the instance's resources; undocumented values, only in
        /// ListInstances items.
        "OversoldType" => oversold_type: String, since "2025-04-18" [list_only, section(Resources)];
    }
}

object! {
    /// A ListInstances response body (`GET /api/v2/instances`): a page of the instances that
    /// match the request.
    pub struct ListInstances {
        /// ID of the request, e.g. `E7D55162-4489-1619-AAF5-3F97D5FCA948`.
        "RequestId" => request_id: String, since "2022-01-20" [volatile, section(Overview)];
        /// Whether the request succeeded.
        "Success" => success: bool, since "2022-03-28" [status, section(Status)];
        /// Error code; absent on success (the official demo shows the string `null`). An open list.
        "Code" => code: ApiErrorCode, since "2022-03-28" [status, section(Status)];
        /// Null or empty on success; the cause of the failure otherwise.
        "Message" => message: String, since "2022-03-28" [status, section(Status)];
        /// HTTP status code (the official demo shows 0).
        "HttpStatusCode" => http_status_code: i32, since "2022-03-28" [status, section(Status)];
        /// Number of instances that match the request, across all pages.
        "TotalCount" => total_count: i64, since "2022-01-20" [status, section(Overview)];
        /// The instances of this page: GetInstance bodies less a few fields, plus `OversoldInfo`
        /// and `OversoldType`.
        "Instances" => instances: Vec<Instance>, since "2022-01-20" [list_items, keys(&[&["InstanceId"]]), section(Overview)];
        /// Free-form migration options object at the top level; undocumented (probably a metadata
        /// slip in the SDK, which models it).
        "MigrationOptions" => migration_options: Map<String, Value>, since "2025-12-15" [section(Lifecycle)];
    }
}

object! {
    /// A dataset mounted into the instance (an item of Datasets).
    pub struct Dataset {
        /// Dataset ID, e.g. `d-vsqjvsjp4orp5l206u`.
        "DatasetId" => dataset_id: String, since "2022-01-20";
        /// Path inside the container where the dataset is mounted, e.g. `/mnt/data`.
        "MountPath" => mount_path: String, since "2022-01-20";
        /// Storage URI of the dataset, e.g.
        /// `oss://bucket.oss-cn-shanghai-internal.aliyuncs.com/path/`; nas://, cpfs:// and
        /// bmcpfs:// forms also exist.
        "Uri" => uri: String, since "2024-06-24" [uri];
        /// Mount options as a JSON object serialized into a string.
        "Options" => options: String, since "2024-06-24" [json_text];
        /// Deprecated mount option type (FastReadWrite, IncrementalReadWrite, ConsistentReadWrite,
        /// ReadOnly; values from the CreateInstance request docs).
        "OptionType" => option_type: OptionType, since "2024-06-24" [deprecated];
        /// Requested mount access: RW (read-write) or RO (read-only); a read-only dataset cannot be
        /// changed to RW.
        "MountAccess" => mount_access: MountAccess, since "2025-03-13";
        /// Dataset version, e.g. `v1` (the default when DatasetId is given).
        "DatasetVersion" => dataset_version: String, since "2025-03-13";
        /// Whether dynamic mounting is enabled for this dataset (default false).
        "Dynamic" => dynamic: bool, since "2025-04-18";
        /// Mount access actually in effect; undocumented, presumably RW or RO (no enum).
        "ActualMountAccess" => actual_mount_access: String, since "2026-01-08" [status, get_only];
    }
}

object! {
    /// User VPC configuration of the instance.
    pub struct UserVpc {
        /// ID of the user VPC.
        "VpcId" => vpc_id: String, since "2022-01-20";
        /// ID of the vSwitch in the user VPC.
        "VSwitchId" => vswitch_id: String, since "2022-01-20";
        /// ID of the security group.
        "SecurityGroupId" => security_group_id: String, since "2022-01-20";
        /// Extended CIDR blocks routed through the user VPC, each an IPv4 CIDR string.
        "ExtendedCIDRs" => extended_cidrs: Vec<String>, since "2023-08-21" [set, cidr];
        /// Default route NIC: eth0 (default NIC, public gateway) or eth1 (user ENI, private
        /// gateway); values from the request docs, open list (the official demo shows `eth0 |
        /// eth1`).
        "DefaultRoute" => default_route: DefaultRoute, since "2023-08-21";
        /// Port forwarding (e.g. SSH) configurations of the instance.
        "ForwardInfos" => forward_infos: Vec<ForwardInfo>, since "2023-12-27" [keys(&[&["Name"], &["ForwardPort", "Port"]])];
        /// Bandwidth limits of the instance network.
        "BandwidthLimit" => bandwidth_limit: BandwidthLimit, since "2025-04-18";
        /// IP address of the instance in the user VPC; undocumented.
        "Ip" => ip: String, since "2025-11-06" [status];
    }
}

object! {
    /// A port-forwarding entry (ForwardInfoResponse) of UserVpc.ForwardInfos.
    pub struct ForwardInfo {
        /// Whether this port mapping is enabled.
        "Enable" => enable: bool, since "2023-12-27";
        /// Name of the container whose port is forwarded, e.g. `dsw-notebook`.
        "ContainerName" => container_name: String, since "2023-12-27";
        /// Deprecated old name of ForwardPort (internal port as a numeric string), removed from the
        /// SDK on 2024-12-16.
        "Port" => port: String, since "2023-12-27" [port, deprecated];
        /// Internal container port being forwarded, as a numeric string (1-65535), e.g. `22`.
        "ForwardPort" => forward_port: String, since "2024-12-16" [port];
        /// Name of the forwarding rule, e.g. `ssh`.
        "Name" => name: String, since "2024-12-16";
        /// External port, as a numeric string (1-65535), e.g. `1024`.
        "ExternalPort" => external_port: String, since "2024-12-16" [port];
        /// Access types of the mapping: intranet and/or internet.
        "AccessType" => access_type: Vec<AccessType>, since "2024-12-16" [set];
        /// ID of the NAT gateway used for the mapping, e.g. `ngw-...`.
        "NatGatewayId" => nat_gateway_id: String, since "2023-12-27";
        /// ID of the NLB gateway used for the mapping; undocumented.
        "NlbGatewayId" => nlb_gateway_id: String, since "2026-02-27";
        /// Allocation ID of the elastic IP, e.g. `eip-...`.
        "EipAllocationId" => eip_allocation_id: String, since "2023-12-27";
        /// SSH public key installed for the mapping (public, not secret).
        "SSHPublicKey" => ssh_public_key: String, since "2023-12-27";
        /// Connection status and endpoints of the mapping.
        "ConnectInfo" => connect_info: ConnectInfo, since "2023-12-27";
    }
}

object! {
    /// Connection status and endpoints of a port-forwarding entry.
    pub struct ConnectInfo {
        /// Connection phase; no documented enum, example `Ready`.
        "Phase" => phase: String, since "2023-12-27" [status];
        /// Connection status message, e.g. `DNAT and privateZone are both ready.`
        "Message" => message: String, since "2023-12-27" [status];
        /// Intranet (VPC) endpoint of the mapping.
        "Intranet" => intranet: Endpoint, since "2023-12-27";
        /// Internet (public) endpoint of the mapping.
        "Internet" => internet: Endpoint, since "2023-12-27";
    }
}

object! {
    /// A host/port pair used by ConnectInfo.Intranet and ConnectInfo.Internet.
    pub struct Endpoint {
        /// Host name or IP address of the endpoint.
        "Endpoint" => endpoint: String, since "2023-12-27";
        /// Port of the endpoint, as a numeric string (1-65535).
        "Port" => port: String, since "2023-12-27" [port];
    }
}

object! {
    /// Bandwidth limits of the instance network (no descriptions documented).
    pub struct BandwidthLimit {
        /// Egress bandwidth rate as a string; unit/format undocumented.
        "EgressRate" => egress_rate: String, since "2025-04-18";
        /// Ingress bandwidth rate as a string; unit/format undocumented.
        "IngressRate" => ingress_rate: String, since "2025-04-18";
        /// Egress whitelist entries, strings exempt from the limit; the documentation says no more
        /// (the official example holds `[""]`).
        "EgressWhitelists" => egress_whitelists: Vec<String>, since "2025-04-18" [set];
        /// Ingress whitelist entries, strings exempt from the limit; the documentation says no more
        /// (the official example holds `[""]`).
        "IngressWhitelists" => ingress_whitelists: Vec<String>, since "2025-04-18" [set];
    }
}

object! {
    /// Scheduled automatic shutdown of the instance.
    pub struct ShutdownTimer {
        /// ID of the instance the timer belongs to.
        "InstanceId" => instance_id: String, since "2022-01-20" [instance_id];
        /// Time the timer was created, RFC 3339 / ISO-8601 UTC.
        "GmtCreateTime" => gmt_create_time: String, since "2022-01-20" [time];
        /// Time the timer was last modified, RFC 3339 / ISO-8601 UTC.
        "GmtModifiedTime" => gmt_modified_time: String, since "2022-01-20" [volatile, time];
        /// Scheduled stop time, RFC 3339 / ISO-8601 UTC.
        "DueTime" => due_time: String, since "2022-01-20" [time];
        /// Time remaining until the scheduled stop, in milliseconds.
        "RemainingTimeInMs" => remaining_time_in_ms: i64, since "2022-01-20" [volatile];
    }
}

object! {
    /// The latest image snapshot of the instance.
    pub struct LatestSnapshot {
        /// ID of the snapshot image.
        "ImageId" => image_id: String, since "2022-01-20";
        /// Name of the snapshot image.
        "ImageName" => image_name: String, since "2022-01-20";
        /// Registry URL of the snapshot image.
        "ImageUrl" => image_url: String, since "2022-01-20";
        /// URL of the image repository that holds the snapshot.
        "RepositoryUrl" => repository_url: String, since "2022-01-20";
        /// Time the snapshot was created, RFC 3339 / ISO-8601 UTC.
        "GmtCreateTime" => gmt_create_time: String, since "2022-01-20" [time];
        /// Time the snapshot was last modified, RFC 3339 / ISO-8601 UTC.
        "GmtModifiedTime" => gmt_modified_time: String, since "2022-01-20" [volatile, time];
        /// Free-text reason code when the snapshot failed, e.g. `Internal Error`; no documented
        /// enum.
        "ReasonCode" => reason_code: String, since "2023-01-29" [status];
        /// Free-text reason message when the snapshot failed, e.g. `ImagePullBackOff`.
        "ReasonMessage" => reason_message: String, since "2023-01-29" [status];
        /// Snapshot status: Committing, Pushing, Failed or Saved.
        "Status" => status: SnapshotStatus, since "2023-01-29" [status];
    }
}

object! {
    /// An image snapshot in InstanceSnapshotList (same shape as LatestSnapshot, status not
    /// enumerated).
    pub struct Snapshot {
        /// ID of the snapshot image.
        "ImageId" => image_id: String, since "2023-01-29";
        /// Name of the snapshot image.
        "ImageName" => image_name: String, since "2023-01-29";
        /// Registry URL of the snapshot image.
        "ImageUrl" => image_url: String, since "2023-01-29";
        /// URL of the image repository that holds the snapshot.
        "RepositoryUrl" => repository_url: String, since "2023-01-29";
        /// Time the snapshot was created, RFC 3339 / ISO-8601 UTC.
        "GmtCreateTime" => gmt_create_time: String, since "2023-01-29" [time];
        /// Time the snapshot was last modified, RFC 3339 / ISO-8601 UTC.
        "GmtModifiedTime" => gmt_modified_time: String, since "2023-01-29" [volatile, time];
        /// Free-text reason code when the snapshot failed, e.g. `Internal Error`; no documented
        /// enum.
        "ReasonCode" => reason_code: String, since "2023-01-29" [status];
        /// Free-text reason message when the snapshot failed, e.g. `ImagePullBackOff`.
        "ReasonMessage" => reason_message: String, since "2023-01-29" [status];
        /// Snapshot status; no documented list (example `Pushing`), presumably the LatestSnapshot
        /// set.
        "Status" => status: String, since "2023-01-29" [status];
    }
}

object! {
    /// Resources requested by the instance (subscription resource groups); all quantities are
    /// strings.
    pub struct RequestedResource {
        /// Requested vCPU count as a numeric string, e.g. `8`.
        "CPU" => cpu: String, since "2022-05-18" [quantity];
        /// Requested memory as a string, e.g. `32` or `32Gi`.
        "Memory" => memory: String, since "2022-05-18" [quantity];
        /// Requested shared memory (/dev/shm) as a string, e.g. `4Gi`.
        "SharedMemory" => shared_memory: String, since "2022-05-18" [quantity];
        /// Requested GPU count as a numeric string, e.g. `1`.
        "GPU" => gpu: String, since "2022-05-18" [quantity];
        /// GPU card type; documented possible values V100, A100, T4, A10, P100, but the list is
        /// open (examples `v100`, `Tesla-V100-16G`).
        "GPUType" => gpu_type: GpuType, since "2022-05-18";
    }
}

object! {
    /// A custom label as a Key/Value pair.
    pub struct Label {
        /// Label key.
        "Key" => key: String, since "2022-09-21";
        /// Label value.
        "Value" => value: String, since "2022-09-21";
    }
}

object! {
    /// Automatic stop of the instance when it is idle.
    pub struct IdleInstanceCuller {
        /// ID of the instance the culler belongs to.
        "InstanceId" => instance_id: String, since "2022-09-21" [instance_id];
        /// CPU utilization threshold in percent (1-100) below which the instance counts as idle.
        "CpuPercentThreshold" => cpu_percent_threshold: i32, since "2022-09-21";
        /// GPU utilization threshold in percent (1-100) below which the instance counts as idle.
        "GpuPercentThreshold" => gpu_percent_threshold: i32, since "2022-09-21";
        /// Idle duration in minutes after which the instance is stopped.
        "MaxIdleTimeInMinutes" => max_idle_time_in_minutes: i32, since "2022-09-21";
        /// Current idle duration of the instance, in minutes.
        "IdleTimeInMinutes" => idle_time_in_minutes: i32, since "2022-09-21" [volatile];
    }
}

object! {
    /// A cloud disk attached to the instance.
    pub struct CloudDisk {
        /// Disk capacity as a string with unit, e.g. `30Gi`.
        "Capacity" => capacity: String, since "2023-08-21" [quantity];
        /// Mount path of the disk inside the container, e.g. `/mnt/workspace`.
        "MountPath" => mount_path: String, since "2023-08-21";
        /// Path of the disk, e.g. `/workspace`.
        "Path" => path: String, since "2023-08-21";
        /// How the disk is used; only `rootfs` (root file system) is documented.
        "SubType" => sub_type: DiskSubType, since "2023-08-21";
        /// Usage status of the disk in bytes.
        "Status" => status: CloudDiskStatus, since "2025-10-30" [status, get_only];
    }
}

object! {
    /// Usage status of a cloud disk; all numbers are byte counts.
    pub struct CloudDiskStatus {
        /// Available space in bytes.
        "Available" => available: i64, since "2025-10-30" [volatile];
        /// Total capacity in bytes.
        "Capacity" => capacity: i64, since "2025-10-30";
        /// Used space in bytes.
        "Usage" => usage: i64, since "2025-10-30" [volatile];
    }
}

object! {
    /// Node-error recovery settings; the wire keys are lowerCamelCase.
    pub struct NodeErrorRecovery {
        /// Whether the node running the instance currently has an error.
        "hasNodeError" => has_node_error: bool, since "2024-04-12" [status];
        /// Whether the instance is automatically switched to another node on a node error.
        "enableAutoSwitchOnNodeError" => enable_auto_switch_on_node_error: bool, since "2024-04-12";
        /// Countdown before the automatic switch, in seconds, e.g. 30.
        "autoSwitchCountdownSeconds" => auto_switch_countdown_seconds: i64, since "2024-04-12";
    }
}

object! {
    /// Affinity settings; only subscription instances on general-purpose computing resources
    /// support CPU affinity.
    pub struct Affinity {
        /// CPU affinity settings.
        "CPU" => cpu: CpuAffinity, since "2024-07-08";
    }
}

object! {
    /// CPU affinity settings. Since 2024-07-08.
    pub struct CpuAffinity {
        /// Whether CPU affinity is enabled.
        "Enable" => enable: bool, since "2024-07-08";
    }
}

object! {
    /// Credential injection configuration (RAM role assumption) of the instance.
    pub struct CredentialConfig {
        /// Whether credential injection is enabled.
        "Enable" => enable: bool, since "2024-09-10";
        /// Key of the Configs entry used as the environment-variable role, e.g. `0`.
        "AliyunEnvRoleKey" => aliyun_env_role_key: String, since "2024-09-10";
        /// Credential configuration entries.
        "Configs" => configs: Vec<CredentialConfigItem>, since "2024-09-10" [keys(&[&["Key"]])];
    }
}

object! {
    /// A credential configuration entry.
    pub struct CredentialConfigItem {
        /// Key of the entry, e.g. `0`.
        "Key" => key: String, since "2024-09-10";
        /// Credential type: Role (role assumption) or RoleChain (chained role assumption).
        "Type" => kind: CredentialType, since "2024-09-10";
        /// Roles assumed by this entry, in chain order.
        "Roles" => roles: Vec<Role>, since "2024-09-10" [keys(&[&["RoleArn"]])];
    }
}

object! {
    /// A RAM role assumed by a credential configuration entry.
    pub struct Role {
        /// ARN of the role, e.g. `acs:ram::123******:role/****`.
        "RoleArn" => role_arn: String, since "2024-09-10";
        /// Role type: service (assumed by a service) or user (assumed by a regular user).
        "RoleType" => role_type: RoleType, since "2024-09-10";
        /// Entity (account ID) for which the role is assumed.
        "AssumeRoleFor" => assume_role_for: String, since "2024-09-10";
        /// Inline RAM policy document, a JSON object serialized into a string.
        "Policy" => policy: String, since "2024-09-10" [json_text];
        /// Identity and (masked) credentials of the assuming user.
        "UserInfo" => user_info: UserInfo, since "2024-09-10";
    }
}

object! {
    /// Identity of the user assuming a role, with masked credentials.
    pub struct UserInfo {
        /// ID of the user.
        "Id" => id: String, since "2024-09-10";
        /// User type: customer (Alibaba Cloud account), sub (RAM user) or AssumedRoleUser (RAM
        /// role).
        "Type" => kind: UserType, since "2024-09-10";
        /// AccessKey ID of the user; secret, returned masked (e.g. `LTAI****************`).
        "AccessKeyId" => access_key_id: String, since "2024-09-10" [secret];
        /// STS security token; secret, returned masked (`******`).
        "SecurityToken" => security_token: String, since "2024-09-10" [secret];
    }
}

object! {
    /// A resource tag as a TagKey/TagValue pair.
    pub struct Tag {
        /// Tag key.
        "TagKey" => tag_key: String, since "2024-12-16";
        /// Tag value.
        "TagValue" => tag_value: String, since "2024-12-16";
    }
}

object! {
    /// Dynamic dataset mount configuration.
    pub struct DynamicMount {
        /// Whether dynamic mounting is enabled.
        "Enable" => enable: bool, since "2025-04-18";
        /// Root paths under which datasets can be mounted dynamically; root paths must not nest.
        "MountPoints" => mount_points: Vec<DynamicMountPoint>, since "2025-04-18" [keys(&[&["RootPath"]])];
    }
}

object! {
    /// A dynamic mount root path.
    pub struct DynamicMountPoint {
        /// Root path for dynamic mounts, default `/mnt/dynamic/`.
        "RootPath" => root_path: String, since "2025-04-18";
        /// Mount options as a JSON object serialized into a string, e.g. `{}`.
        "Options" => options: String, since "2025-04-18" [json_text];
    }
}

object! {
    /// Configuration of the built-in Jupyter and code-server services (undocumented).
    pub struct ServiceConfig {
        /// Jupyter server password; secret, returned masked (`******`).
        "JupyterServerPassword" => jupyter_server_password: String, since "2025-11-06" [secret];
        /// Jupyter server authentication mode; value set undocumented.
        "JupyterServerAuth" => jupyter_server_auth: String, since "2025-11-06";
        /// code-server password; secret, returned masked (`******`).
        "CodeServerPassword" => code_server_password: String, since "2025-11-06" [secret];
        /// code-server authentication mode; value set undocumented.
        "CodeServerAuth" => code_server_auth: String, since "2025-11-06";
    }
}

object! {
    /// An IP address of the instance pod (undocumented).
    pub struct PodIp {
        /// Network interface name, e.g. `eth0` or `eth1`.
        "InterfaceName" => interface_name: String, since "2025-12-10";
        /// IP address on the interface.
        "Ip" => ip: String, since "2025-12-10";
        /// Type of the address; value set undocumented.
        "Type" => kind: String, since "2025-12-10";
    }
}

object! {
    /// Docker-in-DSW configuration.
    pub struct DockerConfig {
        /// Maximum number of Docker containers, e.g. 10.
        "ContainersLimit" => containers_limit: i64, since "2026-03-02";
        /// Whether Docker is enabled in the instance.
        "Enable" => enable: bool, since "2026-03-02";
        /// Path of the mount-access configuration file, e.g.
        /// `/etc/docker/dockerboard/mount_access.json`.
        "MountAccessConfigPath" => mount_access_config_path: String, since "2026-03-02";
    }
}
