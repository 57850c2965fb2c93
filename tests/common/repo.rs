//! A scratch repository for the command's tests: a directory with `.git`,
//! so that `dswcheck.toml` discovery stops inside it, removed when dropped.

use std::path::PathBuf;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_dswcheck");

/// What one run of the command gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Standard output, then standard error.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

pub struct Repo {
    pub root: PathBuf,
}

impl Repo {
    /// A fresh repository, named by the test crate and the test.
    pub fn new(prefix: &str, name: &str) -> Repo {
        let root =
            std::env::temp_dir().join(format!("dswcheck-{prefix}-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join(".git")).unwrap();
        Repo { root }
    }

    pub fn write(&self, path: &str, text: &str) -> PathBuf {
        let path = self.root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root.join(path)).unwrap()
    }

    pub fn exists(&self, path: &str) -> bool {
        self.root.join(path).exists()
    }

    /// The files of `dir`, sorted.
    pub fn files(&self, dir: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.root.join(dir))
            .map(|entries| {
                entries
                    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// The command in `dir` of the repository, uncoloured.
    pub fn command_in(&self, dir: &str, args: &[&str]) -> Command {
        let mut command = Command::new(BIN);
        command
            .current_dir(self.root.join(dir))
            .args(args)
            .env("NO_COLOR", "1");
        command
    }

    pub fn command(&self, args: &[&str]) -> Command {
        self.command_in("", args)
    }

    pub fn run_in(&self, dir: &str, args: &[&str]) -> Run {
        let output = self.command_in(dir, args).output().unwrap();
        Run {
            code: output.status.code().unwrap(),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in("", args)
    }
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}
