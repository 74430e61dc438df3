//! Reading configuration files from disk.

use std::fs;
use std::io;
use std::path::Path;

use crate::config::{parse_entry, Config, ConfigError};

#[derive(Debug)]
pub enum LoadError {
    Io(io::Error),
    Parse(ConfigError),
}

impl From<io::Error> for LoadError {
    fn from(err: io::Error) -> Self {
        LoadError::Io(err)
    }
}

impl From<ConfigError> for LoadError {
    fn from(err: ConfigError) -> Self {
        LoadError::Parse(err)
    }
}

/// Parses a whole file. Blank lines and lines starting with `#` are skipped;
/// a key may appear only once.
pub fn parse_str(src: &str) -> Result<Config, ConfigError> {
    let mut config = Config::default();
    for (index, raw) in src.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = parse_entry(line, index + 1)?;
        if config.get(&key).is_some() {
            return Err(ConfigError::Duplicate { key, line: index + 1 });
        }
        config.set(key, value);
    }
    Ok(config)
}

pub fn load(path: &Path) -> Result<Config, LoadError> {
    let src = fs::read_to_string(path)?;
    Ok(parse_str(&src)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_comments_and_blank_lines() {
        let config = parse_str("# server\n\nhost = localhost\nport = 80\n").unwrap();
        assert_eq!(config.get("host"), Some("localhost"));
        assert_eq!(config.len(), 2);
    }

    #[test]
    fn reports_duplicates_with_their_line() {
        let err = parse_str("a = 1\nb = 2\na = 3\n").unwrap_err();
        assert_eq!(err, ConfigError::Duplicate { key: "a".into(), line: 3 });
    }
}
