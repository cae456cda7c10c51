//! The `racelab` command; see [`racelab::cli`].

fn main() -> std::process::ExitCode {
    racelab::cli::main()
}
