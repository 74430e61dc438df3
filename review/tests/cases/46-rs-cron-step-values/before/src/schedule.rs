//! A parsed five-field cron schedule.

use std::collections::BTreeSet;

use crate::field::{FieldSpec, ParseError};

const MINUTE: FieldSpec = FieldSpec { name: "minute", min: 0, max: 59 };
const HOUR: FieldSpec = FieldSpec { name: "hour", min: 0, max: 23 };
const DAY: FieldSpec = FieldSpec { name: "day-of-month", min: 1, max: 31 };
const MONTH: FieldSpec = FieldSpec { name: "month", min: 1, max: 12 };
const WEEKDAY: FieldSpec = FieldSpec { name: "day-of-week", min: 0, max: 6 };

/// A calendar instant broken into the parts cron cares about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instant {
    pub minute: u32,
    pub hour: u32,
    pub day: u32,
    pub month: u32,
    /// 0 = Sunday.
    pub weekday: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    minutes: BTreeSet<u32>,
    hours: BTreeSet<u32>,
    days: BTreeSet<u32>,
    months: BTreeSet<u32>,
    weekdays: BTreeSet<u32>,
}

impl Schedule {
    /// Parses `minute hour day-of-month month day-of-week`.
    pub fn parse(expr: &str) -> Result<Schedule, ParseError> {
        let parts: Vec<&str> = expr.split_whitespace().collect();
        if parts.len() != 5 {
            return Err(ParseError {
                field: "expression",
                message: format!("expected 5 fields, found {}", parts.len()),
            });
        }
        Ok(Schedule {
            minutes: MINUTE.parse(parts[0])?,
            hours: HOUR.parse(parts[1])?,
            days: DAY.parse(parts[2])?,
            months: MONTH.parse(parts[3])?,
            weekdays: WEEKDAY.parse(parts[4])?,
        })
    }

    /// Whether the schedule fires at `t`.
    pub fn matches(&self, t: &Instant) -> bool {
        self.minutes.contains(&t.minute)
            && self.hours.contains(&t.hour)
            && self.days.contains(&t.day)
            && self.months.contains(&t.month)
            && self.weekdays.contains(&t.weekday)
    }

    /// How many times the schedule fires on a day that it matches.
    pub fn runs_per_day(&self) -> usize {
        self.minutes.len() * self.hours.len()
    }
}
