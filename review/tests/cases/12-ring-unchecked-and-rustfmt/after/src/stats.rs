use crate::ring::Ring;

/// Summary of the samples currently in a ring.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub count: usize,
    pub min: f64,
    pub max: f64,
    pub mean: f64,
    pub p95: f64,
}

impl Summary {
    pub fn of(ring: &Ring<f64>) -> Option<Summary> {
        if ring.is_empty() {
            return None;
        }
        let mut sorted: Vec<f64> = ring.iter().collect();
        sorted.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        let count = sorted.len();
        let sum: f64 = sorted.iter().sum();
        Some(Summary {
            count,
            min: sorted[0],
            max: sorted[count - 1],
            mean: sum / count as f64,
            p95: percentile(&sorted, 0.95),
        })
    }
}

/// Nearest-rank percentile of an already sorted, non-empty slice.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Formats a summary for the status line, e.g. `n=20 min=1.0 mean=2.5 p95=4.0 max=9.0`.
pub fn format_summary(s: &Summary) -> String {
    format!(
        "n={} min={:.1} mean={:.1} p95={:.1} max={:.1}",
        s.count, s.min, s.mean, s.p95, s.max
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_of_known_samples() {
        let mut ring = Ring::with_capacity(10);
        for x in [4.0, 1.0, 3.0, 2.0] {
            ring.push(x);
        }
        let s = Summary::of(&ring).unwrap();
        assert_eq!((s.count, s.min, s.max, s.mean), (4, 1.0, 4.0, 2.5));
        assert_eq!(s.p95, 4.0);
    }

    #[test]
    fn empty_ring_has_no_summary() {
        assert_eq!(Summary::of(&Ring::with_capacity(4)), None);
    }
}
