//! Parsing of a single cron field such as `*`, `5`, `1-5` or `1,15,30`.

use std::collections::BTreeSet;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub field: &'static str,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} field: {}", self.field, self.message)
    }
}

impl std::error::Error for ParseError {}

/// The name and allowed range of one cron field.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub name: &'static str,
    pub min: u32,
    pub max: u32,
}

impl FieldSpec {
    fn error(&self, message: impl Into<String>) -> ParseError {
        ParseError { field: self.name, message: message.into() }
    }

    fn value(&self, text: &str) -> Result<u32, ParseError> {
        let v: u32 = text
            .parse()
            .map_err(|_| self.error(format!("`{}` is not a number", text)))?;
        if v < self.min || v > self.max {
            return Err(self.error(format!("{} is outside {}-{}", v, self.min, self.max)));
        }
        Ok(v)
    }

    /// Parses one comma-separated item into an inclusive range.
    fn range(&self, item: &str) -> Result<(u32, u32), ParseError> {
        if item == "*" {
            return Ok((self.min, self.max));
        }
        match item.split_once('-') {
            Some((lo, hi)) => {
                let (lo, hi) = (self.value(lo)?, self.value(hi)?);
                if lo > hi {
                    return Err(self.error(format!("range {}-{} is backwards", lo, hi)));
                }
                Ok((lo, hi))
            }
            None => {
                let v = self.value(item)?;
                Ok((v, v))
            }
        }
    }

    /// Parses a whole field into the set of values it matches.
    pub fn parse(&self, text: &str) -> Result<BTreeSet<u32>, ParseError> {
        if text.is_empty() {
            return Err(self.error("empty field"));
        }
        let mut values = BTreeSet::new();
        for item in text.split(',') {
            let (lo, hi) = self.range(item)?;
            values.extend(lo..=hi);
        }
        Ok(values)
    }
}
