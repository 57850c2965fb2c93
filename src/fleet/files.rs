//! The files of a side, how each is read (NDJSON or one document), and
//! reading a record's bytes back.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek};
use std::path::{Path, PathBuf};

use super::FleetError;
use super::scan::{self, Body};
use crate::json::MAX_INPUT_BYTES;
use crate::lines::LineIndex;

/// The UTF-8 byte order mark, which some editors write first.
pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The files a side names, in order: a file as given, a directory as every
/// regular file directly in it (not in its subdirectories) whose name does
/// not start with `.`, sorted by name.
pub(super) fn expand<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<PathBuf>, FleetError> {
    let mut files = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let metadata = std::fs::metadata(path).map_err(|e| FleetError::io(path, e))?;
        if metadata.is_file() {
            files.push(path.to_owned());
            continue;
        }
        if !metadata.is_dir() {
            // A pipe or a device cannot be read twice, and the diff reads records again.
            let e = io::Error::other("not a regular file or a directory");
            return Err(FleetError::io(path, e));
        }
        let mut found = Vec::new();
        for entry in std::fs::read_dir(path).map_err(|e| FleetError::io(path, e))? {
            let entry = entry.map_err(|e| FleetError::io(path, e))?;
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let file = entry.path();
            // Symbolic links are followed: a dump directory of links is a dump directory.
            match std::fs::metadata(&file) {
                Ok(m) if m.is_file() => found.push((name, file)),
                Ok(_) => {}
                Err(e) => return Err(FleetError::io(&file, e)),
            }
        }
        if found.is_empty() {
            return Err(FleetError::no_files(path));
        }
        found.sort();
        files.extend(found.into_iter().map(|(_, file)| file));
    }
    Ok(files)
}

/// How a file is read.
pub(super) enum Layout {
    /// One document a line. `not_a_document` says why the file is not one
    /// JSON document either, when its first line is not a JSON value: if no
    /// line turns out to be one, that is the file's one finding.
    Lines { not_a_document: Option<Problem> },
    /// One JSON document (a pretty-printed ListInstances page or
    /// GetInstance body): its bytes and what the index pass read of them.
    Document { bytes: Vec<u8>, body: Body },
}

/// Why a text is not JSON: a message, and the line and column it points at.
#[derive(Debug, Clone)]
pub(super) struct Problem {
    pub line: u64,
    pub column: u32,
    pub message: String,
}

/// Decides how `file` is read. A file whose first non-blank line is a JSON
/// value by itself is NDJSON (a file of one line is both). Otherwise, if the
/// whole file is one JSON document within [`MAX_INPUT_BYTES`], it is that
/// document; if it is not, it is read as NDJSON after all, so that a dump
/// whose first line is broken still has its other lines compared.
pub(super) fn layout(file: &File) -> io::Result<Layout> {
    let limit = MAX_INPUT_BYTES;
    let mut reader = BufReader::new(file);
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = (&mut reader)
            .take(limit as u64 + 1)
            .read_until(b'\n', &mut line)?;
        if read == 0 || line.len() > limit {
            // Empty, or a first line too long to be anything but a line (reported as such).
            return Ok(Layout::Lines {
                not_a_document: None,
            });
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            break;
        }
    }
    let text = line.strip_prefix(BOM).unwrap_or(&line);
    if !matches!(scan::scan(text), Body::Unreadable { .. }) {
        return Ok(Layout::Lines {
            not_a_document: None,
        });
    }
    let len = file.metadata()?.len();
    if len > limit as u64 {
        return Ok(Layout::Lines {
            not_a_document: Some(Problem {
                line: 1,
                column: 1,
                message: format!(
                    "neither NDJSON (no line is a JSON value) nor one JSON document \
                     within the limit: the file is {len} bytes, more than {limit}"
                ),
            }),
        });
    }
    drop(reader);
    let mut bytes = Vec::new();
    let mut whole = file;
    whole.rewind()?;
    whole.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    let skip = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    match scan::scan(&bytes[skip..]) {
        Body::Unreadable { message, offset } => {
            let text = &bytes[skip..];
            let (line, column) = LineIndex::new(text).position(text, offset);
            Ok(Layout::Lines {
                not_a_document: Some(Problem {
                    line: u64::from(line),
                    column,
                    message: format!(
                        "neither NDJSON (no line is a JSON value) nor one JSON document: {message}"
                    ),
                }),
            })
        }
        body => Ok(Layout::Document { bytes, body }),
    }
}

/// Reads `len` bytes of `file` at `offset`, without moving a cursor other
/// threads share.
#[cfg(unix)]
pub(super) fn read_at(file: &File, offset: u64, len: usize) -> io::Result<Vec<u8>> {
    use std::os::unix::fs::FileExt as _;
    let mut buf = vec![0; len];
    file.read_exact_at(&mut buf, offset)?;
    Ok(buf)
}

/// Reads `len` bytes of `file` at `offset`, without moving a cursor other
/// threads share.
#[cfg(windows)]
pub(super) fn read_at(file: &File, offset: u64, len: usize) -> io::Result<Vec<u8>> {
    use std::os::windows::fs::FileExt as _;
    let mut buf = vec![0; len];
    let mut done = 0;
    while done < len {
        match file.seek_read(&mut buf[done..], offset + done as u64)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => done += n,
        }
    }
    Ok(buf)
}

/// Reads `len` bytes of `file` at `offset`. Without positioned reads, a
/// shared cursor would need a lock; such platforms read one record at a
/// time through it.
#[cfg(not(any(unix, windows)))]
pub(super) fn read_at(file: &File, offset: u64, len: usize) -> io::Result<Vec<u8>> {
    use std::sync::Mutex;
    static CURSOR: Mutex<()> = Mutex::new(());
    let _guard = CURSOR
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut file = file;
    file.seek(io::SeekFrom::Start(offset))?;
    let mut buf = vec![0; len];
    file.read_exact(&mut buf)?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "dswcheck-fleet-files-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn layout_of(dir: &Path, text: &[u8]) -> Layout {
        let path = dir.join("f");
        std::fs::write(&path, text).unwrap();
        layout(&File::open(&path).unwrap()).unwrap()
    }

    #[test]
    fn layouts() {
        let dir = scratch("layouts");
        let lines = |l: &Layout| match l {
            Layout::Lines { not_a_document } => {
                Some(not_a_document.as_ref().map(|p| (p.line, p.column)))
            }
            Layout::Document { .. } => None,
        };
        assert_eq!(
            lines(&layout_of(&dir, b"{\"a\": 1}\n{\"b\": 2}\n")),
            Some(None)
        );
        assert_eq!(lines(&layout_of(&dir, b"\n\n  [1]\n")), Some(None));
        assert_eq!(lines(&layout_of(&dir, b"")), Some(None));
        assert_eq!(
            lines(&layout_of(&dir, b"\xEF\xBB\xBF{\"TotalCount\": 0}\n")),
            Some(None)
        );
        assert!(matches!(
            layout_of(&dir, b"{\n  \"Instances\": []\n}\n"),
            Layout::Document {
                body: Body::Page(_),
                ..
            }
        ));
        // A broken first line: read as lines, with the document's error in reserve.
        assert_eq!(
            lines(&layout_of(&dir, b"{\"a\": tru\n{\"b\": 2}\n")),
            Some(Some((1, 7)))
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn directories_are_their_visible_files_sorted() {
        let dir = scratch("expand");
        for name in ["b.ndjson", "a.json", ".hidden", "c"] {
            std::fs::write(dir.join(name), b"{}").unwrap();
        }
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/d.json"), b"{}").unwrap();
        let files = expand(&[&dir]).unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.json", "b.ndjson", "c"]);
        let err = expand(&[dir.join("sub/nothing")]).unwrap_err();
        assert_eq!(err.kind(), super::super::FleetErrorKind::Io);
        let empty = dir.join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        std::fs::write(empty.join(".x"), b"{}").unwrap();
        assert_eq!(
            expand(&[&empty]).unwrap_err().kind(),
            super::super::FleetErrorKind::NoFiles
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn records_are_read_back_where_they_are() {
        let dir = scratch("read-at");
        let path = dir.join("f");
        std::fs::write(&path, b"0123456789").unwrap();
        let file = File::open(&path).unwrap();
        assert_eq!(read_at(&file, 3, 4).unwrap(), b"3456");
        assert!(read_at(&file, 8, 4).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
