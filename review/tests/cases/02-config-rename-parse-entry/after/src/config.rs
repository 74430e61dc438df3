//! Parsing of `key = value` configuration files.

use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    MissingSeparator { line: usize },
    EmptyKey { line: usize },
    Duplicate { key: String, line: usize },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::MissingSeparator { line } => write!(f, "line {line}: expected `key = value`"),
            ConfigError::EmptyKey { line } => write!(f, "line {line}: the key is empty"),
            ConfigError::Duplicate { key, line } => write!(f, "line {line}: `{key}` is set twice"),
        }
    }
}

impl std::error::Error for ConfigError {}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Config {
    values: BTreeMap<String, String>,
}

impl Config {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(String::as_str)
    }

    /// Sets `key`, returning the previous value if there was one.
    pub fn set(&mut self, key: impl Into<String>, value: impl Into<String>) -> Option<String> {
        self.values.insert(key.into(), value.into())
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.values.keys().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// Splits one `key = value` line. Surrounding whitespace and a pair of double
/// quotes around the value are removed. `number` is only used for errors.
pub fn parse_entry(line: &str, number: usize) -> Result<(String, String), ConfigError> {
    let (key, value) = line
        .split_once('=')
        .ok_or(ConfigError::MissingSeparator { line: number })?;
    let key = key.trim();
    if key.is_empty() {
        return Err(ConfigError::EmptyKey { line: number });
    }
    let value = value.trim();
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    Ok((key.to_string(), value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(k: &str, v: &str) -> (String, String) {
        (k.to_string(), v.to_string())
    }

    #[test]
    fn splits_and_trims() {
        assert_eq!(parse_entry("  port = 8080 ", 1), Ok(pair("port", "8080")));
    }

    #[test]
    fn strips_one_pair_of_quotes() {
        assert_eq!(parse_entry(r#"name = "marble""#, 1), Ok(pair("name", "marble")));
    }

    #[test]
    fn keeps_equals_signs_in_the_value() {
        assert_eq!(parse_entry("query = a=b", 3), Ok(pair("query", "a=b")));
    }

    #[test]
    fn rejects_missing_separator() {
        assert_eq!(parse_entry("port 8080", 7), Err(ConfigError::MissingSeparator { line: 7 }));
    }

    #[test]
    fn rejects_empty_key() {
        assert_eq!(parse_entry(" = 1", 2), Err(ConfigError::EmptyKey { line: 2 }));
    }
}
