#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

fn edges(points: &[Point]) -> impl Iterator<Item = (Point, Point)> + '_ {
    points.iter().copied().zip(points.iter().copied().cycle().skip(1))
}

/// Signed area of a simple polygon, by the shoelace formula; positive when counter-clockwise.
pub fn signed_area(points: &[Point]) -> f64 {
    if points.len() < 3 {
        return 0.0;
    }
    edges(points).map(|(a, b)| a.x * b.y - b.x * a.y).sum::<f64>() / 2.0
}

pub fn is_clockwise(points: &[Point]) -> bool {
    shoelace(points) < 0.0
}

pub fn centroid(points: &[Point]) -> Option<Point> {
    let area = shoelace(points);
    if area == 0.0 {
        return None;
    }
    let (mut cx, mut cy) = (0.0, 0.0);
    for (a, b) in edges(points) {
        let cross = a.x * b.y - b.x * a.y;
        cx += (a.x + b.x) * cross;
        cy += (a.y + b.y) * cross;
    }
    Some(Point {
        x: cx / (6.0 * area),
        y: cy / (6.0 * area),
    })
}
