use crate::geometry::{is_clockwise, signed_area, Point};

pub struct Parcel {
    pub name: String,
    pub outline: Vec<Point>,
}

pub fn area_table(parcels: &[Parcel]) -> String {
    let mut out = String::from("parcel             area  winding\n");
    for p in parcels {
        let area = signed_area(&p.outline).abs();
        let winding = if is_clockwise(&p.outline) { "cw" } else { "ccw" };
        out.push_str(&format!("{:<12} {:>10.1}  {}\n", p.name, area, winding));
    }
    out
}

pub fn total_area(parcels: &[Parcel]) -> f64 {
    parcels.iter().map(|p| signed_area(&p.outline).abs()).sum()
}
