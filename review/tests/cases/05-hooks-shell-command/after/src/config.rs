//! `onsave.conf`: one hook per line, `hook.<name> = <shell command>`, plus
//! `inbox = <dir>`. The file's path is appended to the command.

use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hook {
    pub name: String,
    pub command: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub inbox: PathBuf,
    pub hooks: Vec<Hook>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum ConfigError {
    Syntax { line: usize },
    EmptyHook { name: String },
    MissingInbox,
}

pub fn parse(src: &str) -> Result<Config, ConfigError> {
    let mut inbox = None;
    let mut hooks = Vec::new();
    for (index, line) in src.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .ok_or(ConfigError::Syntax { line: index + 1 })?;
        let (key, value) = (key.trim(), value.trim());
        if key == "inbox" {
            inbox = Some(PathBuf::from(value));
        } else if let Some(name) = key.strip_prefix("hook.") {
            if value.is_empty() {
                return Err(ConfigError::EmptyHook { name: name.to_string() });
            }
            hooks.push(Hook { name: name.to_string(), command: value.to_string() });
        } else {
            return Err(ConfigError::Syntax { line: index + 1 });
        }
    }
    Ok(Config { inbox: inbox.ok_or(ConfigError::MissingInbox)?, hooks })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_inbox_and_hooks() {
        let config = parse("inbox = /srv/in\nhook.thumb = convert -resize 200x200\n").unwrap();
        assert_eq!(config.inbox, PathBuf::from("/srv/in"));
        assert_eq!(config.hooks[0].command, "convert -resize 200x200");
    }

    #[test]
    fn inbox_is_required() {
        assert_eq!(parse("hook.a = true\n"), Err(ConfigError::MissingInbox));
    }
}
