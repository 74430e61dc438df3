//! Overrides taken from the environment.
//!
//! `CONFKIT_SET` holds `key=value` pairs separated by semicolons; they win over
//! the values read from the file.

use crate::config::{self, Config, ConfigError};

pub const OVERRIDE_VAR: &str = "CONFKIT_SET";

pub fn apply_overrides(config: &mut Config, overrides: &str) -> Result<usize, ConfigError> {
    let mut applied = 0;
    for (index, item) in overrides.split(';').enumerate() {
        if item.trim().is_empty() {
            continue;
        }
        let (key, value) = config::parse_entry(item, index + 1)?;
        config.set(key, value);
        applied += 1;
    }
    Ok(applied)
}

pub fn apply_env(config: &mut Config) -> Result<usize, ConfigError> {
    match std::env::var(OVERRIDE_VAR) {
        Ok(value) => apply_overrides(config, &value),
        Err(_) => Ok(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_overrides_win() {
        let mut config = Config::default();
        config.set("port", "80");
        let applied = apply_overrides(&mut config, "port=8080; host = example.org;").unwrap();
        assert_eq!(applied, 2);
        assert_eq!(config.get("port"), Some("8080"));
        assert_eq!(config.get("host"), Some("example.org"));
    }
}
