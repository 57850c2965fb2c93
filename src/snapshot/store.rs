//! The store's files: accepted snapshots and pending ones beside them.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{Error, Name};

/// What an accepted snapshot's file name ends with.
pub const ACCEPTED_SUFFIX: &str = ".json";
/// What a pending snapshot's file name ends with, after its name.
pub const PENDING_SUFFIX: &str = ".json.new";

/// A directory of snapshots: `NAME.json` accepted, `NAME.json.new` pending
/// review. Nothing else in it is read or written.
///
/// The directory is created when the first pending snapshot is written. A
/// pending snapshot is written to a hidden temporary file and renamed into
/// place, and accepting one renames it over the accepted one, so an
/// interrupted run never leaves half a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The store in `dir`, which need not exist yet.
    #[must_use]
    pub fn new(dir: impl Into<PathBuf>) -> Store {
        Store { dir: dir.into() }
    }

    /// The store's directory.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the accepted snapshot `name` is (or would be).
    #[must_use]
    pub fn accepted_path(&self, name: &Name) -> PathBuf {
        self.dir.join(format!("{name}{ACCEPTED_SUFFIX}"))
    }

    /// Where the pending snapshot `name` is (or would be).
    #[must_use]
    pub fn pending_path(&self, name: &Name) -> PathBuf {
        self.dir.join(format!("{name}{PENDING_SUFFIX}"))
    }

    /// The accepted snapshot `name`, if there is one.
    ///
    /// # Errors
    ///
    /// When it exists but cannot be read, or is larger than
    /// [`MAX_INPUT_BYTES`](crate::MAX_INPUT_BYTES).
    pub fn read_accepted(&self, name: &Name) -> Result<Option<Vec<u8>>, Error> {
        read_if_any(&self.accepted_path(name))
    }

    /// The pending snapshot `name`, if there is one.
    ///
    /// # Errors
    ///
    /// As [`read_accepted`](Store::read_accepted).
    pub fn read_pending(&self, name: &Name) -> Result<Option<Vec<u8>>, Error> {
        read_if_any(&self.pending_path(name))
    }

    /// Writes `bytes` as the pending snapshot `name`, creating the store's
    /// directory if needed.
    ///
    /// # Errors
    ///
    /// When the directory or the file cannot be written.
    pub fn write_pending(&self, name: &Name, bytes: &[u8]) -> Result<(), Error> {
        fs::create_dir_all(&self.dir).map_err(|e| Error::io(&self.dir, e))?;
        let path = self.pending_path(name);
        // A leading dot: never a valid name, so never listed as pending.
        let temporary = self.dir.join(format!(
            ".{name}{PENDING_SUFFIX}.{}.tmp",
            std::process::id()
        ));
        fs::write(&temporary, bytes)
            .and_then(|()| fs::rename(&temporary, &path))
            .map_err(|e| {
                let _ = fs::remove_file(&temporary);
                Error::io(&path, e)
            })
    }

    /// Deletes the pending snapshot `name`; whether there was one.
    ///
    /// # Errors
    ///
    /// When it exists and cannot be deleted.
    pub fn remove_pending(&self, name: &Name) -> Result<bool, Error> {
        let path = self.pending_path(name);
        match fs::remove_file(&path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(Error::io(&path, e)),
        }
    }

    /// Makes the pending snapshot `name` the accepted one (a rename, over
    /// the accepted one if there is one).
    ///
    /// # Errors
    ///
    /// When there is no pending snapshot `name`, or the rename fails.
    pub fn accept(&self, name: &Name) -> Result<(), Error> {
        let pending = self.pending_path(name);
        fs::rename(&pending, self.accepted_path(name)).map_err(|e| Error::io(&pending, e))
    }

    /// The names of the pending snapshots, sorted; none when the directory
    /// does not exist. Only regular files count (not symbolic links), and
    /// files whose name is not a valid [`Name`] are not snapshots.
    ///
    /// # Errors
    ///
    /// When the directory exists but cannot be listed.
    pub fn pending(&self) -> Result<Vec<Name>, Error> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(&self.dir, e)),
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&self.dir, e))?;
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            let file_name = entry.file_name();
            let name = file_name
                .to_str()
                .and_then(|n| n.strip_suffix(PENDING_SUFFIX))
                .and_then(|n| Name::new(n).ok());
            if let (true, Some(name)) = (is_file, name) {
                names.push(name);
            }
        }
        names.sort();
        Ok(names)
    }
}

/// The bytes at `path`, `None` when there is no such file.
fn read_if_any(path: &Path) -> Result<Option<Vec<u8>>, Error> {
    match fs::File::open(path) {
        Ok(file) => crate::read_limited(file)
            .map(Some)
            .map_err(|e| Error::io(path, e)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}
