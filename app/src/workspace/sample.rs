//! The sample project seeded on first run (`app/sample/`): a small Rust crate, a Python module
//! and a JavaScript file, so a first-time user has real code to try the editor and assistant on.

/// Every file of the sample project as (path, bytes), in the order a reader would open them.
pub fn sample_files() -> Vec<(&'static str, &'static [u8])> {
    vec![
        ("README.md", include_bytes!("../../sample/README.md")),
        ("Cargo.toml", include_bytes!("../../sample/Cargo.toml")),
        ("src/main.rs", include_bytes!("../../sample/src/main.rs")),
        ("src/invoice.rs", include_bytes!("../../sample/src/invoice.rs")),
        ("tools/stats.py", include_bytes!("../../sample/tools/stats.py")),
        ("web/app.js", include_bytes!("../../sample/web/app.js")),
    ]
}

/// The file to open in the editor after seeding.
pub const SAMPLE_FIRST_FILE: &str = "src/invoice.rs";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_has_the_demo_files() {
        let files = sample_files();
        let paths: Vec<&str> = files.iter().map(|(p, _)| *p).collect();
        assert!(paths.contains(&SAMPLE_FIRST_FILE));
        let invoice =
            std::str::from_utf8(files.iter().find(|(p, _)| *p == "src/invoice.rs").unwrap().1).unwrap();
        // The "delete a field and update its uses" demo relies on these.
        for needle in [
            "discount_percent: u8,",
            "pub fn discount_percent(&self)",
            "pub fn set_discount_percent",
            "impl fmt::Display for Invoice",
        ] {
            assert!(invoice.contains(needle), "src/invoice.rs should contain {needle:?}");
        }
        let stats =
            std::str::from_utf8(files.iter().find(|(p, _)| *p == "tools/stats.py").unwrap().1).unwrap();
        assert!(stats.contains("print(f\"DEBUG"));
    }
}
