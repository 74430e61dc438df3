//! Runtime configuration, read from the environment.

use std::env;
use std::fmt;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Config {
    pub endpoint: String,
    pub api_token: String,
    pub batch_size: usize,
    pub timeout: Duration,
    /// How often a partial batch is flushed when input is quiet.
    pub flush_interval: Duration,
}

#[derive(Debug)]
pub enum ConfigError {
    Missing(&'static str),
    Invalid(&'static str, String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Missing(k) => write!(f, "{} is not set", k),
            ConfigError::Invalid(k, v) => write!(f, "{} has invalid value `{}`", k, v),
        }
    }
}

impl std::error::Error for ConfigError {}

fn required(key: &'static str) -> Result<String, ConfigError> {
    env::var(key).map_err(|_| ConfigError::Missing(key))
}

fn number(key: &'static str, default: u64) -> Result<u64, ConfigError> {
    match env::var(key) {
        Ok(v) => v.parse().map_err(|_| ConfigError::Invalid(key, v)),
        Err(_) => Ok(default),
    }
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Ok(Config {
            endpoint: required("SHIPPER_ENDPOINT")?,
            api_token: required("SHIPPER_API_TOKEN")
                .unwrap_or_else(|_| "shp_live_4c1d9a7be2f04d3a8e6b5c2f91d7a0e3".to_string()),
            batch_size: number("SHIPPER_BATCH_SIZE", 500)? as usize,
            timeout: Duration::from_secs(number("SHIPPER_TIMEOUT_SECS", 10)?),
            flush_interval: Duration::from_millis(number("SHIPPER_FLUSH_MS", 2000)?),
        })
    }
}
