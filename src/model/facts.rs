//! The columns of the field table beyond name and type.

use std::fmt;

use serde::Serialize;

/// What kind of information a field carries.
///
/// Every value in a snapshot has exactly one class, decided in this order:
///
/// 1. **secret** when the secret policy says so (the documented credential
///    fields, secret-looking environment variables and secret-looking unknown
///    fields), and everything inside a secret;
/// 2. the class the field table gives the field;
/// 3. otherwise the class of the enclosing field, so that `CloudDisks[].Status.Capacity`
///    is status like `CloudDisks[].Status`; top-level fields default to spec.
///
/// The classified fields are listed in the README (generated from the table).
/// Volatile fields change on every request without anything happening to the
/// instance; a diff leaves them out unless asked to include them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldClass {
    /// Who the instance is: a change here means another incarnation or a moved instance.
    Identity,
    /// What the user asked for: image, resources, datasets, labels, network.
    Spec,
    /// What the service reports about the instance now: status, reasons, snapshot progress.
    Status,
    /// Counters and clocks that change on every request (left out of a diff by default).
    Volatile,
    /// A credential: shown only as [`REDACTED`](crate::REDACTED).
    Secret,
}

impl FieldClass {
    /// Every class, in the order outputs list them.
    pub const ALL: [FieldClass; 5] = [
        FieldClass::Identity,
        FieldClass::Spec,
        FieldClass::Status,
        FieldClass::Volatile,
        FieldClass::Secret,
    ];

    /// The lowercase name used in every output format.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            FieldClass::Identity => "identity",
            FieldClass::Spec => "spec",
            FieldClass::Status => "status",
            FieldClass::Volatile => "volatile",
            FieldClass::Secret => "secret",
        }
    }
}

impl fmt::Display for FieldClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the elements of an array are told apart between two snapshots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    /// Object elements matched by a key field. The candidates are tried in
    /// order; each candidate lists alternative field names, the first present
    /// in an element being its key (`ForwardPort`, or the older `Port`).
    Keys(&'static [&'static [&'static str]]),
    /// String elements compared as a set (a multiset: a repeated string counts twice).
    Set,
}

/// What a string value holds, beyond being a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An RFC 3339 timestamp.
    Time,
    /// A TCP port as a numeric string.
    Port,
    /// An IPv4 or IPv6 CIDR block.
    Cidr,
    /// A storage URI (`oss://`, `nas://`, ...).
    Uri,
    /// A JSON object serialized into a string.
    JsonText,
    /// A resource quantity (`8`, `32Gi`).
    Quantity,
    /// A DSW instance ID (`dsw-...`).
    InstanceId,
}

/// The sections of a rendered diff, each a group of top-level fields, in output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// Who and where the instance is.
    Overview,
    /// Status and reasons.
    Status,
    /// Image and snapshots.
    Image,
    /// Compute resources and billing.
    Resources,
    /// Datasets and disks.
    Storage,
    /// VPC, ports and URLs.
    Network,
    /// Labels and tags.
    LabelsAndTags,
    /// Timers, cullers and migration.
    Lifecycle,
    /// Environment variables and credentials.
    Environment,
}

impl Section {
    /// Every section, in output order.
    pub const ALL: &'static [Section] = &[
        Section::Overview,
        Section::Status,
        Section::Image,
        Section::Resources,
        Section::Storage,
        Section::Network,
        Section::LabelsAndTags,
        Section::Lifecycle,
        Section::Environment,
    ];

    /// The heading of the section.
    #[must_use]
    pub const fn title(self) -> &'static str {
        match self {
            Section::Overview => "Instance",
            Section::Status => "Status",
            Section::Image => "Image",
            Section::Resources => "Resources",
            Section::Storage => "Storage",
            Section::Network => "Network",
            Section::LabelsAndTags => "Labels and tags",
            Section::Lifecycle => "Lifecycle",
            Section::Environment => "Environment and credentials",
        }
    }
}

/// Which responses carry a field of an instance: the GetInstance body and the
/// items of a ListInstances page differ by a few fields (section 12 of the
/// researched facts). A field sent where it is not carried is an unknown
/// field there, kept in `extra` as any other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Carried {
    /// Both the GetInstance body and ListInstances items.
    #[default]
    Both,
    /// Only the GetInstance body.
    GetInstance,
    /// Only the items of a ListInstances page.
    ListItems,
}

impl Carried {
    /// Whether a field carried so is documented for a GetInstance body
    /// (`list_item` false) or a ListInstances item (`list_item` true).
    #[must_use]
    pub const fn in_context(self, list_item: bool) -> bool {
        match self {
            Carried::Both => true,
            Carried::GetInstance => !list_item,
            Carried::ListItems => list_item,
        }
    }
}

/// The optional columns of a field-table row, set by the row's `[...]` list,
/// each fact a method of the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Facts {
    /// The class given explicitly; `None` inherits the enclosing field's.
    pub class: Option<FieldClass>,
    /// How the elements of an array field are matched.
    pub identity: Option<Identity>,
    /// What a string (or the strings of an array) holds.
    pub format: Option<Format>,
    /// Where a top-level field is shown.
    pub section: Option<Section>,
    /// Whether the documentation deprecates the field.
    pub deprecated: bool,
    /// Which responses carry the field.
    pub carried: Carried,
    /// Whether the elements of this array are the items of a ListInstances
    /// page, decoded and checked as such.
    pub list_items: bool,
}

impl Facts {
    /// No facts beyond the defaults.
    pub const NONE: Facts = Facts {
        class: None,
        identity: None,
        format: None,
        section: None,
        deprecated: false,
        carried: Carried::Both,
        list_items: false,
    };

    /// Whether the row says the field holds a credential.
    #[must_use]
    pub const fn is_secret(&self) -> bool {
        matches!(self.class, Some(FieldClass::Secret))
    }

    const fn class(mut self, class: FieldClass) -> Self {
        self.class = Some(class);
        self
    }

    const fn format(mut self, format: Format) -> Self {
        self.format = Some(format);
        self
    }

    /// Class identity: who the instance is.
    #[must_use]
    pub const fn identifying(self) -> Self {
        self.class(FieldClass::Identity)
    }

    /// Class status: what the service reports now.
    #[must_use]
    pub const fn status(self) -> Self {
        self.class(FieldClass::Status)
    }

    /// Class volatile: changes on every request.
    #[must_use]
    pub const fn volatile(self) -> Self {
        self.class(FieldClass::Volatile)
    }

    /// Class secret: a credential.
    #[must_use]
    pub const fn secret(self) -> Self {
        self.class(FieldClass::Secret)
    }

    /// Elements matched by key fields, tried in order.
    #[must_use]
    pub const fn keys(mut self, keys: &'static [&'static [&'static str]]) -> Self {
        self.identity = Some(Identity::Keys(keys));
        self
    }

    /// String elements compared as a set.
    #[must_use]
    pub const fn set(mut self) -> Self {
        self.identity = Some(Identity::Set);
        self
    }

    /// An RFC 3339 timestamp.
    #[must_use]
    pub const fn time(self) -> Self {
        self.format(Format::Time)
    }

    /// A port as a numeric string.
    #[must_use]
    pub const fn port(self) -> Self {
        self.format(Format::Port)
    }

    /// CIDR blocks.
    #[must_use]
    pub const fn cidr(self) -> Self {
        self.format(Format::Cidr)
    }

    /// A storage URI.
    #[must_use]
    pub const fn uri(self) -> Self {
        self.format(Format::Uri)
    }

    /// JSON text in a string.
    #[must_use]
    pub const fn json_text(self) -> Self {
        self.format(Format::JsonText)
    }

    /// A resource quantity.
    #[must_use]
    pub const fn quantity(self) -> Self {
        self.format(Format::Quantity)
    }

    /// A DSW instance ID.
    #[must_use]
    pub const fn instance_id(self) -> Self {
        self.format(Format::InstanceId)
    }

    /// Shown in `section` of a rendered diff.
    #[must_use]
    pub const fn section(mut self, section: Section) -> Self {
        self.section = Some(section);
        self
    }

    /// Deprecated by the documentation.
    #[must_use]
    pub const fn deprecated(mut self) -> Self {
        self.deprecated = true;
        self
    }

    /// Carried by the GetInstance body, not by ListInstances items.
    #[must_use]
    pub const fn get_only(mut self) -> Self {
        self.carried = Carried::GetInstance;
        self
    }

    /// Carried by ListInstances items, not by the GetInstance body.
    #[must_use]
    pub const fn list_only(mut self) -> Self {
        self.carried = Carried::ListItems;
        self
    }

    /// The elements are ListInstances items.
    #[must_use]
    pub const fn list_items(mut self) -> Self {
        self.list_items = true;
        self
    }
}
