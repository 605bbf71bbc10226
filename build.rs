//! Links the `podgloss` binary as a position-dependent executable on Linux.
//!
//! Every command is a short process, and a position-independent podgloss spends about a
//! millisecond of each run before `main`: the dynamic loader applies some 56,000 relocations
//! (vtables and string tables of the whole dependency tree), copying about 270 pages of
//! read-only data on write. A position-dependent executable has those addresses fixed at link
//! time, so `podgloss --version` drops from ~430 to ~165 page faults. Its own code is then not
//! placed at a random address (shared libraries, the stack and the heap still are), the same
//! trade Go makes for its binaries by default; podgloss is memory-safe Rust without `unsafe`.
//! The library and the test binaries are not affected.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    if linux {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
