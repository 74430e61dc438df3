pub mod geometry;
pub mod report;

pub use geometry::{centroid, is_clockwise, shoelace, Point};
pub use report::{area_table, total_area, Parcel};
