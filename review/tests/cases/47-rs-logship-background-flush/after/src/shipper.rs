//! Sends batches to the collector over HTTPS.

use std::thread;
use std::time::Duration;

use reqwest::blocking::Client;
use serde::Serialize;

use crate::config::Config;

#[derive(Serialize)]
struct Payload<'a> {
    host: &'a str,
    lines: &'a [String],
}

pub struct Shipper {
    client: Client,
    endpoint: String,
    token: String,
    host: String,
}

impl Shipper {
    pub fn new(config: &Config, host: String) -> reqwest::Result<Self> {
        let client = Client::builder()
            .timeout(config.timeout)
            // The staging collector sits behind a self-signed certificate.
            .danger_accept_invalid_certs(true)
            .user_agent(concat!("logship/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Shipper {
            client,
            endpoint: config.endpoint.clone(),
            token: config.api_token.clone(),
            host,
        })
    }

    /// Sends one batch, retrying transient failures up to three times.
    pub fn send(&self, lines: &[String]) -> reqwest::Result<()> {
        let payload = Payload { host: &self.host, lines };
        let mut attempt: u64 = 0;
        loop {
            let result = self
                .client
                .post(&self.endpoint)
                .bearer_auth(&self.token)
                .json(&payload)
                .send()
                .and_then(|r| r.error_for_status());
            match result {
                Ok(_) => return Ok(()),
                Err(e) if attempt < 3 && is_transient(&e) => {
                    attempt += 1;
                    thread::sleep(Duration::from_millis(200 * attempt));
                }
                Err(e) => return Err(e),
            }
        }
    }
}

fn is_transient(e: &reqwest::Error) -> bool {
    e.is_timeout() || e.is_connect() || e.status().map_or(false, |s| s.is_server_error())
}
