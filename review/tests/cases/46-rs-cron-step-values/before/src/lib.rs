//! cronlite: parse five-field cron expressions and test instants against them.
//!
//! The crate deliberately does no time-zone or calendar arithmetic: callers
//! break their own clock reading into an [`Instant`] (minute, hour, day of
//! month, month, weekday) and ask whether a [`Schedule`] matches it. That keeps
//! the parser free of dependencies and lets the scheduler decide how to handle
//! daylight-saving transitions.
//!
//! ```
//! use cronlite::{Instant, Schedule};
//!
//! let s = Schedule::parse("30 9 * * 1-5").expect("valid expression");
//! let t = Instant { minute: 30, hour: 9, day: 3, month: 4, weekday: 2 };
//! assert!(s.matches(&t));
//! ```
//!
//! Errors name the field that failed to parse:
//!
//! ```
//! use cronlite::Schedule;
//!
//! let err = Schedule::parse("61 * * * *").unwrap_err();
//! assert_eq!(err.field, "minute");
//! ```

pub mod field;
pub mod schedule;

pub use field::ParseError;
pub use schedule::{Instant, Schedule};
