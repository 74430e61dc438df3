//! linalg-lite: small dense linear algebra helpers.
//!
//! Matrices are stored row-major in a single `Vec<f64>`. The crate has no
//! dependencies and favours clarity over speed; use a BLAS binding when the
//! matrices get large.
//!
//! ```
//! use linalg_lite::Matrix;
//!
//! let id = Matrix::identity(3);
//! assert_eq!(id.get(1, 1), Some(1.0));
//! assert_eq!(id.get(1, 2), Some(0.0));
//! ```

pub mod error;
pub mod matrix;

pub use error::MatrixError;
pub use matrix::Matrix;

/// Dot product of two equally long slices; `None` if the lengths differ.
pub fn dot(a: &[f64], b: &[f64]) -> Option<f64> {
    if a.len() != b.len() {
        return None;
    }
    Some(a.iter().zip(b).map(|(x, y)| x * y).sum())
}

#[cfg(test)]
mod tests {
    use super::dot;

    #[test]
    fn dot_of_mismatched_lengths_is_none() {
        assert_eq!(dot(&[1.0, 2.0], &[1.0]), None);
        assert_eq!(dot(&[1.0, 2.0], &[3.0, 4.0]), Some(11.0));
    }
}
