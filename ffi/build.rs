//! Gives the Linux shared library its SONAME, `libwangzheng.so.MAJOR` (for 0.x versions
//! `libwangzheng.so.0.MINOR`, since every 0.x minor release may change the ABI), so that a
//! program linked against one ABI never loads another. The install layout
//! (scripts/install-c.sh) adds the matching symlinks.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" {
        let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_default();
        let minor = std::env::var("CARGO_PKG_VERSION_MINOR").unwrap_or_default();
        let abi = if major == "0" {
            format!("0.{minor}")
        } else {
            major
        };
        println!("cargo::rustc-cdylib-link-arg=-Wl,-soname,libwangzheng.so.{abi}");
    }
    println!("cargo::rerun-if-changed=build.rs");
}
