pub mod geometry;
pub mod report;

pub use geometry::{centroid, is_clockwise, signed_area, Point};
pub use report::{area_table, total_area, Parcel};
