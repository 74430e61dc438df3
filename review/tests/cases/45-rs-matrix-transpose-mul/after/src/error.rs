//! Errors returned by matrix operations.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatrixError {
    /// The operands' shapes are incompatible for the operation.
    ShapeMismatch {
        left: (usize, usize),
        right: (usize, usize),
    },
}

impl fmt::Display for MatrixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MatrixError::ShapeMismatch { left, right } => write!(
                f,
                "shape mismatch: {}x{} cannot be combined with {}x{}",
                left.0, left.1, right.0, right.1
            ),
        }
    }
}

impl std::error::Error for MatrixError {}

#[cfg(test)]
mod tests {
    use super::MatrixError;

    #[test]
    fn display_names_both_shapes() {
        let e = MatrixError::ShapeMismatch { left: (2, 3), right: (4, 5) };
        assert_eq!(e.to_string(), "shape mismatch: 2x3 cannot be combined with 4x5");
    }
}
