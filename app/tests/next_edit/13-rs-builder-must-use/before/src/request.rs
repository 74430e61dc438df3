use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    timeout: Option<Duration>,
    body: Option<Vec<u8>>,
}

impl Request {
    pub fn builder(method: &str, url: &str) -> RequestBuilder {
        RequestBuilder {
            inner: Request {
                method: method.to_uppercase(),
                url: url.to_string(),
                headers: Vec::new(),
                timeout: None,
                body: None,
            },
        }
    }

    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct RequestBuilder {
    inner: Request,
}

impl RequestBuilder {
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.inner.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.inner.timeout = Some(timeout);
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.inner.body = Some(body.into());
        self
    }

    pub fn json(self, json: &str) -> Self {
        self.header("content-type", "application/json").body(json)
    }

    pub fn build(self) -> Result<Request, String> {
        if !self.inner.url.starts_with("http://") && !self.inner.url.starts_with("https://") {
            return Err(format!("not an http(s) url: {}", self.inner.url));
        }
        Ok(self.inner)
    }
}
