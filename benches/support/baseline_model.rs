//! A plain serde-derived mirror of the GetInstance body: the "serde_json into
//! a typed model" baseline. Generated from the schema's field list; it checks
//! types only, with no positions, coercion or diagnostics.
#![allow(dead_code, missing_docs)]

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Instance {
    #[serde(rename = "RequestId")]
    pub request_id: Option<String>,
    #[serde(rename = "Success")]
    pub success: Option<bool>,
    #[serde(rename = "Code")]
    pub code: Option<String>,
    #[serde(rename = "Message")]
    pub message: Option<String>,
    #[serde(rename = "HttpStatusCode")]
    pub http_status_code: Option<i32>,
    #[serde(rename = "WorkspaceId")]
    pub workspace_id: Option<String>,
    #[serde(rename = "WorkspaceName")]
    pub workspace_name: Option<String>,
    #[serde(rename = "InstanceId")]
    pub instance_id: Option<String>,
    #[serde(rename = "InstanceName")]
    pub instance_name: Option<String>,
    #[serde(rename = "EcsSpec")]
    pub ecs_spec: Option<String>,
    #[serde(rename = "Status")]
    pub status: Option<String>,
    #[serde(rename = "InstanceUrl")]
    pub instance_url: Option<String>,
    #[serde(rename = "JupyterlabUrl")]
    pub jupyterlab_url: Option<String>,
    #[serde(rename = "WebIDEUrl")]
    pub web_ide_url: Option<String>,
    #[serde(rename = "TerminalUrl")]
    pub terminal_url: Option<String>,
    #[serde(rename = "AccumulatedRunningTimeInMs")]
    pub accumulated_running_time_in_ms: Option<i64>,
    #[serde(rename = "ImageId")]
    pub image_id: Option<String>,
    #[serde(rename = "ImageName")]
    pub image_name: Option<String>,
    #[serde(rename = "ImageUrl")]
    pub image_url: Option<String>,
    #[serde(rename = "ImageAuth")]
    pub image_auth: Option<String>,
    #[serde(rename = "GmtCreateTime")]
    pub gmt_create_time: Option<String>,
    #[serde(rename = "GmtModifiedTime")]
    pub gmt_modified_time: Option<String>,
    #[serde(rename = "UserId")]
    pub user_id: Option<String>,
    #[serde(rename = "UserName")]
    pub user_name: Option<String>,
    #[serde(rename = "Datasets")]
    pub datasets: Option<Vec<Dataset>>,
    #[serde(rename = "UserVpc")]
    pub user_vpc: Option<UserVpc>,
    #[serde(rename = "InstanceShutdownTimer")]
    pub instance_shutdown_timer: Option<ShutdownTimer>,
    #[serde(rename = "ReasonCode")]
    pub reason_code: Option<String>,
    #[serde(rename = "ReasonMessage")]
    pub reason_message: Option<String>,
    #[serde(rename = "PaymentType")]
    pub payment_type: Option<String>,
    #[serde(rename = "LatestSnapshot")]
    pub latest_snapshot: Option<LatestSnapshot>,
    #[serde(rename = "AcceleratorType")]
    pub accelerator_type: Option<String>,
    #[serde(rename = "Accessibility")]
    pub accessibility: Option<String>,
    #[serde(rename = "EnvironmentVariables")]
    pub environment_variables: Option<BTreeMap<String, String>>,
    #[serde(rename = "ResourceId")]
    pub resource_id: Option<String>,
    #[serde(rename = "ResourceName")]
    pub resource_name: Option<String>,
    #[serde(rename = "Priority")]
    pub priority: Option<i64>,
    #[serde(rename = "RequestedResource")]
    pub requested_resource: Option<RequestedResource>,
    #[serde(rename = "Labels")]
    pub labels: Option<Vec<Label>>,
    #[serde(rename = "IdleInstanceCuller")]
    pub idle_instance_culler: Option<IdleInstanceCuller>,
    #[serde(rename = "InstanceSnapshotList")]
    pub instance_snapshot_list: Option<Vec<SnapshotItem>>,
    #[serde(rename = "CloudDisks")]
    pub cloud_disks: Option<Vec<CloudDisk>>,
    #[serde(rename = "WorkspaceSource")]
    pub workspace_source: Option<String>,
    #[serde(rename = "Driver")]
    pub driver: Option<String>,
    #[serde(rename = "NodeErrorRecovery")]
    pub node_error_recovery: Option<NodeErrorRecovery>,
    #[serde(rename = "Affinity")]
    pub affinity: Option<Affinity>,
    #[serde(rename = "CredentialConfig")]
    pub credential_config: Option<CredentialConfig>,
    #[serde(rename = "ProxyPath")]
    pub proxy_path: Option<String>,
    #[serde(rename = "Tags")]
    pub tags: Option<Vec<Tag>>,
    #[serde(rename = "DynamicMount")]
    pub dynamic_mount: Option<DynamicMount>,
    #[serde(rename = "UserCommandId")]
    pub user_command_id: Option<String>,
    #[serde(rename = "ServiceConfig")]
    pub service_config: Option<ServiceConfig>,
    #[serde(rename = "PodIps")]
    pub pod_ips: Option<Vec<PodIp>>,
    #[serde(rename = "MigrationOptions")]
    pub migration_options: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(rename = "AccessRestrictionRules")]
    pub access_restriction_rules: Option<BTreeMap<String, String>>,
    #[serde(rename = "DockerConfig")]
    pub docker_config: Option<DockerConfig>,
    #[serde(rename = "TenantId")]
    pub tenant_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Dataset {
    #[serde(rename = "DatasetId")]
    pub dataset_id: Option<String>,
    #[serde(rename = "MountPath")]
    pub mount_path: Option<String>,
    #[serde(rename = "Uri")]
    pub uri: Option<String>,
    #[serde(rename = "Options")]
    pub options: Option<String>,
    #[serde(rename = "OptionType")]
    pub option_type: Option<String>,
    #[serde(rename = "MountAccess")]
    pub mount_access: Option<String>,
    #[serde(rename = "DatasetVersion")]
    pub dataset_version: Option<String>,
    #[serde(rename = "Dynamic")]
    pub dynamic: Option<bool>,
    #[serde(rename = "ActualMountAccess")]
    pub actual_mount_access: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct UserVpc {
    #[serde(rename = "VpcId")]
    pub vpc_id: Option<String>,
    #[serde(rename = "VSwitchId")]
    pub v_switch_id: Option<String>,
    #[serde(rename = "SecurityGroupId")]
    pub security_group_id: Option<String>,
    #[serde(rename = "ExtendedCIDRs")]
    pub extended_cid_rs: Option<Vec<String>>,
    #[serde(rename = "DefaultRoute")]
    pub default_route: Option<String>,
    #[serde(rename = "ForwardInfos")]
    pub forward_infos: Option<Vec<ForwardInfo>>,
    #[serde(rename = "BandwidthLimit")]
    pub bandwidth_limit: Option<BandwidthLimit>,
    #[serde(rename = "Ip")]
    pub ip: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ForwardInfo {
    #[serde(rename = "Enable")]
    pub enable: Option<bool>,
    #[serde(rename = "ContainerName")]
    pub container_name: Option<String>,
    #[serde(rename = "Port")]
    pub port: Option<String>,
    #[serde(rename = "ForwardPort")]
    pub forward_port: Option<String>,
    #[serde(rename = "Name")]
    pub name: Option<String>,
    #[serde(rename = "ExternalPort")]
    pub external_port: Option<String>,
    #[serde(rename = "AccessType")]
    pub access_type: Option<Vec<String>>,
    #[serde(rename = "NatGatewayId")]
    pub nat_gateway_id: Option<String>,
    #[serde(rename = "NlbGatewayId")]
    pub nlb_gateway_id: Option<String>,
    #[serde(rename = "EipAllocationId")]
    pub eip_allocation_id: Option<String>,
    #[serde(rename = "SSHPublicKey")]
    pub ssh_public_key: Option<String>,
    #[serde(rename = "ConnectInfo")]
    pub connect_info: Option<ConnectInfo>,
}

#[derive(Debug, Deserialize)]
pub struct ConnectInfo {
    #[serde(rename = "Phase")]
    pub phase: Option<String>,
    #[serde(rename = "Message")]
    pub message: Option<String>,
    #[serde(rename = "Intranet")]
    pub intranet: Option<Endpoint>,
    #[serde(rename = "Internet")]
    pub internet: Option<Endpoint>,
}

#[derive(Debug, Deserialize)]
pub struct Endpoint {
    #[serde(rename = "Endpoint")]
    pub endpoint: Option<String>,
    #[serde(rename = "Port")]
    pub port: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct BandwidthLimit {
    #[serde(rename = "EgressRate")]
    pub egress_rate: Option<String>,
    #[serde(rename = "IngressRate")]
    pub ingress_rate: Option<String>,
    #[serde(rename = "EgressWhitelists")]
    pub egress_whitelists: Option<Vec<String>>,
    #[serde(rename = "IngressWhitelists")]
    pub ingress_whitelists: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub struct ShutdownTimer {
    #[serde(rename = "InstanceId")]
    pub instance_id: Option<String>,
    #[serde(rename = "GmtCreateTime")]
    pub gmt_create_time: Option<String>,
    #[serde(rename = "GmtModifiedTime")]
    pub gmt_modified_time: Option<String>,
    #[serde(rename = "DueTime")]
    pub due_time: Option<String>,
    #[serde(rename = "RemainingTimeInMs")]
    pub remaining_time_in_ms: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub struct LatestSnapshot {
    #[serde(rename = "ImageId")]
    pub image_id: Option<String>,
    #[serde(rename = "ImageName")]
    pub image_name: Option<String>,
    #[serde(rename = "ImageUrl")]
    pub image_url: Option<String>,
    #[serde(rename = "RepositoryUrl")]
    pub repository_url: Option<String>,
    #[serde(rename = "GmtCreateTime")]
    pub gmt_create_time: Option<String>,
    #[serde(rename = "GmtModifiedTime")]
    pub gmt_modified_time: Option<String>,
    #[serde(rename = "ReasonCode")]
    pub reason_code: Option<String>,
    #[serde(rename = "ReasonMessage")]
    pub reason_message: Option<String>,
    #[serde(rename = "Status")]
    pub status: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct SnapshotItem {
    #[serde(rename = "ImageId")]
    pub image_id: Option<String>,
    #[serde(rename = "ImageName")]
    pub image_name: Option<String>,
    #[serde(rename = "ImageUrl")]
    pub image_url: Option<String>,
    #[serde(rename = "RepositoryUrl")]
    pub repository_url: Option<String>,
    #[serde(rename = "GmtCreateTime")]
    pub gmt_create_time: Option<String>,
    #[serde(rename = "GmtModifiedTime")]
    pub gmt_modified_time: Option<String>,
    #[serde(rename = "ReasonCode")]
    pub reason_code: Option<String>,
    #[serde(rename = "ReasonMessage")]
    pub reason_message: Option<String>,
    #[serde(rename = "Status")]
    pub status: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct RequestedResource {
    #[serde(rename = "CPU")]
    pub cpu: Option<String>,
    #[serde(rename = "Memory")]
    pub memory: Option<String>,
    #[serde(rename = "SharedMemory")]
    pub shared_memory: Option<String>,
    #[serde(rename = "GPU")]
    pub gpu: Option<String>,
    #[serde(rename = "GPUType")]
    pub gpu_type: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Label {
    #[serde(rename = "Key")]
    pub key: Option<String>,
    #[serde(rename = "Value")]
    pub value: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct IdleInstanceCuller {
    #[serde(rename = "InstanceId")]
    pub instance_id: Option<String>,
    #[serde(rename = "CpuPercentThreshold")]
    pub cpu_percent_threshold: Option<i32>,
    #[serde(rename = "GpuPercentThreshold")]
    pub gpu_percent_threshold: Option<i32>,
    #[serde(rename = "MaxIdleTimeInMinutes")]
    pub max_idle_time_in_minutes: Option<i32>,
    #[serde(rename = "IdleTimeInMinutes")]
    pub idle_time_in_minutes: Option<i32>,
}

#[derive(Debug, Deserialize)]
pub struct CloudDisk {
    #[serde(rename = "Capacity")]
    pub capacity: Option<String>,
    #[serde(rename = "MountPath")]
    pub mount_path: Option<String>,
    #[serde(rename = "Path")]
    pub path: Option<String>,
    #[serde(rename = "SubType")]
    pub sub_type: Option<String>,
    #[serde(rename = "Status")]
    pub status: Option<CloudDiskStatus>,
}

#[derive(Debug, Deserialize)]
pub struct CloudDiskStatus {
    #[serde(rename = "Available")]
    pub available: Option<i64>,
    #[serde(rename = "Capacity")]
    pub capacity: Option<i64>,
    #[serde(rename = "Usage")]
    pub usage: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub struct NodeErrorRecovery {
    #[serde(rename = "hasNodeError")]
    pub has_node_error: Option<bool>,
    #[serde(rename = "enableAutoSwitchOnNodeError")]
    pub enable_auto_switch_on_node_error: Option<bool>,
    #[serde(rename = "autoSwitchCountdownSeconds")]
    pub auto_switch_countdown_seconds: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub struct Affinity {
    #[serde(rename = "CPU")]
    pub cpu: Option<CpuAffinity>,
}

#[derive(Debug, Deserialize)]
pub struct CpuAffinity {
    #[serde(rename = "Enable")]
    pub enable: Option<bool>,
}

#[derive(Debug, Deserialize)]
pub struct CredentialConfig {
    #[serde(rename = "Enable")]
    pub enable: Option<bool>,
    #[serde(rename = "AliyunEnvRoleKey")]
    pub aliyun_env_role_key: Option<String>,
    #[serde(rename = "Configs")]
    pub configs: Option<Vec<CredentialConfigItem>>,
}

#[derive(Debug, Deserialize)]
pub struct CredentialConfigItem {
    #[serde(rename = "Key")]
    pub key: Option<String>,
    #[serde(rename = "Type")]
    pub kind: Option<String>,
    #[serde(rename = "Roles")]
    pub roles: Option<Vec<Role>>,
}

#[derive(Debug, Deserialize)]
pub struct Role {
    #[serde(rename = "RoleArn")]
    pub role_arn: Option<String>,
    #[serde(rename = "RoleType")]
    pub role_type: Option<String>,
    #[serde(rename = "AssumeRoleFor")]
    pub assume_role_for: Option<String>,
    #[serde(rename = "Policy")]
    pub policy: Option<String>,
    #[serde(rename = "UserInfo")]
    pub user_info: Option<UserInfo>,
}

#[derive(Debug, Deserialize)]
pub struct UserInfo {
    #[serde(rename = "Id")]
    pub id: Option<String>,
    #[serde(rename = "Type")]
    pub kind: Option<String>,
    #[serde(rename = "AccessKeyId")]
    pub access_key_id: Option<String>,
    #[serde(rename = "SecurityToken")]
    pub security_token: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Tag {
    #[serde(rename = "TagKey")]
    pub tag_key: Option<String>,
    #[serde(rename = "TagValue")]
    pub tag_value: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct DynamicMount {
    #[serde(rename = "Enable")]
    pub enable: Option<bool>,
    #[serde(rename = "MountPoints")]
    pub mount_points: Option<Vec<DynamicMountPoint>>,
}

#[derive(Debug, Deserialize)]
pub struct DynamicMountPoint {
    #[serde(rename = "RootPath")]
    pub root_path: Option<String>,
    #[serde(rename = "Options")]
    pub options: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ServiceConfig {
    #[serde(rename = "JupyterServerPassword")]
    pub jupyter_server_password: Option<String>,
    #[serde(rename = "JupyterServerAuth")]
    pub jupyter_server_auth: Option<String>,
    #[serde(rename = "CodeServerPassword")]
    pub code_server_password: Option<String>,
    #[serde(rename = "CodeServerAuth")]
    pub code_server_auth: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct PodIp {
    #[serde(rename = "InterfaceName")]
    pub interface_name: Option<String>,
    #[serde(rename = "Ip")]
    pub ip: Option<String>,
    #[serde(rename = "Type")]
    pub kind: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct DockerConfig {
    #[serde(rename = "ContainersLimit")]
    pub containers_limit: Option<i64>,
    #[serde(rename = "Enable")]
    pub enable: Option<bool>,
    #[serde(rename = "MountAccessConfigPath")]
    pub mount_access_config_path: Option<String>,
}
