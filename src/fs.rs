//! The file facade: a file that several actors share, real or modelled.
//!
//! [`SharedFile`] is a small text file with std's operations on it, read whole, written whole,
//! and locked with [`std::fs::File::lock`] (an exclusive advisory lock, `flock` on Linux). Built
//! on real threads it is a real file in a temporary folder of its own, removed with it; built under
//! a model checker (loom, shuttle, rc11) it is facade state: its text sits behind a facade lock
//! taken for one read or one write, and its file lock is a facade [`Mutex`]. So a scenario over a
//! file is model-checked as it is written, then run against the real file system, and reading then
//! writing back is two steps on every engine: what loses an update.
//!
//! Its operations show in traces under its name: `counter.read() -> 0`, `counter.write(1)`,
//! `counter.lock()`, `counter.unlock()`.

use std::io;
use std::path::{Path, PathBuf};

use crate::rt::record;
use crate::rt::{self, Engine};
use crate::sync::{Mutex, MutexGuard};

/// A text file shared by the actors of an execution; see the [module docs](self).
pub struct SharedFile {
    name: &'static str,
    inner: Inner,
}

struct Modelled {
    text: Mutex<String>,
    lock: Mutex<()>,
}

enum Inner {
    /// Under a model checker: the text, and the file lock.
    Modelled(Box<Modelled>),
    /// On real threads or processes: the file, and the folder made for it (removed on drop).
    Real { path: PathBuf, _folder: Option<tempfile::TempDir> },
}

impl SharedFile {
    /// A new file holding `text`, shown in traces as `name`: a real file in a fresh temporary
    /// folder on real threads, facade state under a model checker. Panics where a real one cannot
    /// be made (no temporary folder can be written).
    pub fn named(name: &'static str, text: &str) -> Self {
        if rt::engine() != Engine::Std {
            return SharedFile {
                name,
                inner: Inner::Modelled(Box::new(Modelled {
                    text: Mutex::untraced(text.to_string()),
                    lock: Mutex::untraced(()),
                })),
            };
        }
        match place() {
            Some(Place::Make(dir)) => {
                let path = dir.join(name);
                if path.exists() {
                    panic!("two files named {name} in one state: give each SharedFile a name of its own");
                }
                std::fs::write(&path, text)
                    .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
                return SharedFile { name, inner: Inner::Real { path, _folder: None } };
            }
            Some(Place::Open(dir)) => {
                return SharedFile { name, inner: Inner::Real { path: dir.join(name), _folder: None } };
            }
            None => {}
        }
        let folder = tempfile::Builder::new()
            .prefix("racelab-file-")
            .tempdir_in(scratch())
            .unwrap_or_else(|e| panic!("cannot make a temporary folder for the file {name}: {e}"));
        let path = folder.path().join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        SharedFile { name, inner: Inner::Real { path, _folder: Some(folder) } }
    }

    /// The real file at `path`, made by another process, shown in traces as `name`; it is left in
    /// place when this value is dropped.
    pub fn open(name: &'static str, path: impl Into<PathBuf>) -> Self {
        SharedFile { name, inner: Inner::Real { path: path.into(), _folder: None } }
    }

    /// Where the real file is; `None` for a modelled one.
    pub fn path(&self) -> Option<&Path> {
        match &self.inner {
            Inner::Real { path, .. } => Some(path),
            Inner::Modelled(_) => None,
        }
    }

    /// The whole text of the file, as [`std::fs::read_to_string`] reads it.
    pub fn read_to_string(&self) -> io::Result<String> {
        let text = match &self.inner {
            Inner::Real { path, .. } => std::fs::read_to_string(path)?,
            Inner::Modelled(m) => m.text.lock().unwrap_or_else(|p| p.into_inner()).clone(),
        };
        record::record(|| format!("{}.read() -> {}", self.name, text.trim_end()));
        Ok(text)
    }

    /// Replaces the whole text of the file, as [`std::fs::write`] does.
    pub fn write(&self, new: &str) -> io::Result<()> {
        match &self.inner {
            Inner::Real { path, .. } => std::fs::write(path, new)?,
            Inner::Modelled(m) => *m.text.lock().unwrap_or_else(|p| p.into_inner()) = new.to_string(),
        }
        record::record(|| format!("{}.write({})", self.name, new.trim_end()));
        Ok(())
    }

    /// Blocks until this actor holds the file's exclusive lock ([`std::fs::File::lock`] on a handle
    /// of its own); the lock is released when the guard is dropped.
    pub fn lock(&self) -> io::Result<FileLock<'_>> {
        let held = match &self.inner {
            Inner::Real { path, .. } => {
                let file = std::fs::OpenOptions::new().read(true).write(true).open(path)?;
                file.lock()?;
                Held::Real(file)
            }
            Inner::Modelled(m) => Held::Modelled(m.lock.lock().unwrap_or_else(|p| p.into_inner())),
        };
        record::record(|| format!("{}.lock()", self.name));
        Ok(FileLock { name: self.name, held: Some(held) })
    }
}

/// Where [`SharedFile::named`] puts a real file when a process trial says where
/// ([`crate::backend::processes`]): racelab makes each file in the trial's folder, and each actor's
/// process opens the file of the same name there.
#[derive(Clone, Debug)]
pub(crate) enum Place {
    /// Make each file in this folder (racelab's side of a trial).
    Make(PathBuf),
    /// Open each file of this folder, made already (an actor's process).
    Open(PathBuf),
}

thread_local! {
    /// Per thread: a trial builds its state on the thread that runs it, and a file made anywhere
    /// else (another test's, on another thread) stays in a folder of its own.
    static PLACE: std::cell::RefCell<Option<Place>> = const { std::cell::RefCell::new(None) };
}

fn place() -> Option<Place> {
    PLACE.with(|p| p.borrow().clone())
}

/// Makes or opens real files at `place` on this thread from now on, until [`set_place`] is called
/// with `None`.
pub(crate) fn set_place(place: Option<Place>) {
    PLACE.with(|p| *p.borrow_mut() = place);
}

/// Where real files are made: `/dev/shm` where it is a folder (memory, as on Linux), else the
/// system's temporary folder. On a disk, making and removing a file and its folder took 5.8 ms
/// (1,000 in 5.8 s on this project's 2-core machine), which would leave real threads a few hundred
/// trials a second.
pub(crate) fn scratch() -> PathBuf {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() { shm.to_path_buf() } else { std::env::temp_dir() }
}

impl std::fmt::Debug for SharedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedFile").field("name", &self.name).field("path", &self.path()).finish()
    }
}

/// The file lock of a [`SharedFile`], held until dropped.
pub struct FileLock<'a> {
    name: &'static str,
    held: Option<Held<'a>>,
}

enum Held<'a> {
    Modelled(#[allow(dead_code)] MutexGuard<'a, ()>),
    Real(std::fs::File),
}

impl Drop for FileLock<'_> {
    fn drop(&mut self) {
        record::record(|| format!("{}.unlock()", self.name));
        if let Some(Held::Real(file)) = self.held.take() {
            // Closing the handle releases the lock too; unlocking first says so.
            let _ = file.unlock();
        }
    }
}
