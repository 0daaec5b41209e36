//! `uniffi-bindgen`, built from the workspace so that it is exactly the uniffi version of the
//! library's scaffolding. Run through `cargo xtask bindings`, which builds `libwangzheng` and
//! calls `uniffi-bindgen generate <lib> --language kotlin|swift|python --no-format`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
