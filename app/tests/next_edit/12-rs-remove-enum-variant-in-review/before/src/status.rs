use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Draft,
    InReview,
    Published,
    Archived,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Draft, Status::InReview, Status::Published, Status::Archived];

    pub fn is_visible(self) -> bool {
        matches!(self, Status::Published)
    }

    pub fn can_edit(self) -> bool {
        match self {
            Status::Draft | Status::InReview => true,
            Status::Published | Status::Archived => false,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Status::Draft => "draft",
            Status::InReview => "in-review",
            Status::Published => "published",
            Status::Archived => "archived",
        };
        f.write_str(s)
    }
}

impl FromStr for Status {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "draft" => Ok(Status::Draft),
            "in-review" | "review" => Ok(Status::InReview),
            "published" => Ok(Status::Published),
            "archived" => Ok(Status::Archived),
            other => Err(format!("unknown status: {other}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_strings() {
        for status in Status::ALL {
            assert_eq!(status.to_string().parse::<Status>(), Ok(status));
        }
    }
}
