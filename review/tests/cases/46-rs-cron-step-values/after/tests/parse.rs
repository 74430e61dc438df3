use cronlite::{Instant, Schedule};

fn at(minute: u32, hour: u32) -> Instant {
    Instant { minute, hour, day: 15, month: 6, weekday: 3 }
}

#[test]
fn every_minute() {
    let s = Schedule::parse("* * * * *").unwrap();
    assert_eq!(s.runs_per_day(), 24 * 60);
    assert!(s.matches(&at(0, 0)));
    assert!(s.matches(&at(59, 23)));
}

#[test]
fn lists_and_ranges() {
    let s = Schedule::parse("0,30 9-17 * * 1-5").unwrap();
    assert_eq!(s.runs_per_day(), 2 * 9);
    assert!(s.matches(&at(30, 17)));
    assert!(!s.matches(&at(15, 12)));
    assert!(!s.matches(&at(0, 18)));
}

#[test]
fn rejects_out_of_range_values() {
    let err = Schedule::parse("60 * * * *").unwrap_err();
    assert_eq!(err.field, "minute");
    assert!(Schedule::parse("* * 0 * *").is_err());
}

#[test]
fn rejects_wrong_field_count() {
    assert!(Schedule::parse("* * * *").is_err());
    assert!(Schedule::parse("* * * * * *").is_err());
}

#[test]
fn step_values() {
    let s = Schedule::parse("*/15 0-12/6 * * *").unwrap();
    assert_eq!(s.runs_per_day(), 4 * 3);
    assert!(s.matches(&at(45, 6)));
    assert!(s.matches(&at(0, 12)));
    assert!(!s.matches(&at(45, 7)));
}

#[test]
fn hourly_alias() {
    let s = Schedule::parse("@hourly").unwrap();
    assert_eq!(s, Schedule::parse("0 * * * *").unwrap());
    assert!(Schedule::parse("@fortnightly").is_err());
}
