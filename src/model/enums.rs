//! The API's enums: the documented values of string fields.

use super::macros::string_enum;

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
    /// ReadOnly; values from the 2024 CreateInstance request docs). The list is open: the current
    /// SDK lists none, and nothing says these are all. Since 2024-06-24.
    pub enum OptionType: open {
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
    /// How the disk is used; only `rootfs` (root file system) is documented, and nothing says it
    /// is the only value, so the list is open. Since 2023-08-21.
    pub enum DiskSubType: open {
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
    /// role). The list is open: the documentation says the valid values "include" these, and the
    /// official example is `"S"`. Since 2024-09-10.
    pub enum UserType: open {
        /// `customer`.
        Customer = "customer",
        /// `sub`.
        Sub = "sub",
        /// `AssumedRoleUser`.
        AssumedRoleUser = "AssumedRoleUser",
    }
}
