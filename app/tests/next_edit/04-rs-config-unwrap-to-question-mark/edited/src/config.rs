use std::collections::HashMap;
use std::error::Error;
use std::net::IpAddr;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
pub struct ServerConfig {
    pub bind: IpAddr,
    pub port: u16,
    pub workers: usize,
    pub read_timeout: Duration,
    pub max_body_bytes: u64,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            bind: "127.0.0.1".parse().unwrap(),
            port: 8080,
            workers: 4,
            read_timeout: Duration::from_secs(30),
            max_body_bytes: 1 << 20,
        }
    }
}

fn parse_pairs(text: &str) -> HashMap<&str, &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect()
}

pub fn load(text: &str) -> Result<ServerConfig, Box<dyn Error>> {
    let pairs = parse_pairs(text);
    let mut config = ServerConfig::default();
    if let Some(v) = pairs.get("bind") {
        config.bind = v.parse()?;
    }
    if let Some(v) = pairs.get("port") {
        config.port = v.parse().unwrap();
    }
    if let Some(v) = pairs.get("workers") {
        config.workers = v.parse().unwrap();
    }
    if let Some(v) = pairs.get("read_timeout_secs") {
        config.read_timeout = Duration::from_secs(v.parse().unwrap());
    }
    if let Some(v) = pairs.get("max_body_bytes") {
        config.max_body_bytes = v.parse().unwrap();
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_port_and_workers() {
        let config = load("# local\nport = 9000\nworkers = 8\n").unwrap();
        assert_eq!(config.port, 9000);
        assert_eq!(config.workers, 8);
        assert_eq!(config.read_timeout, Duration::from_secs(30));
    }
}
