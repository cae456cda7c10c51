//! The file facade on real threads: a real file, in a folder removed with it, whose lock excludes
//! the other threads. (Under the model checkers it is `process_01_shared_file`'s snapshots.)

use racelab::fs::SharedFile;

#[test]
fn a_real_file_lives_in_a_folder_of_its_own_removed_with_it() {
    let file = SharedFile::named("counter", "0");
    let path = file.path().expect("on real threads the file is real").to_path_buf();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "0");
    file.write("41").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "41", "written through to the file system");
    let other = SharedFile::open("counter", &path);
    assert_eq!(other.read_to_string().unwrap(), "41", "another handle on the same file reads it");
    drop(other);
    assert!(path.exists(), "an opened file is left in place");
    drop(file);
    assert!(!path.exists() && !path.parent().unwrap().exists(), "the made one goes with its folder");
}

/// Four threads, each adding one a hundred times under the file's lock, each through a handle of
/// its own, as separate processes would: not one update lost.
#[test]
fn the_file_lock_keeps_every_update_of_four_threads() {
    let file = SharedFile::named("counter", "0");
    let path = file.path().unwrap().to_path_buf();
    std::thread::scope(|scope| {
        for _ in 0..4 {
            let path = &path;
            scope.spawn(move || {
                let mine = SharedFile::open("counter", path);
                for _ in 0..100 {
                    let _lock = mine.lock().unwrap();
                    let n: u64 = mine.read_to_string().unwrap().trim().parse().unwrap();
                    mine.write(&(n + 1).to_string()).unwrap();
                }
            });
        }
    });
    assert_eq!(file.read_to_string().unwrap(), "400");
}
