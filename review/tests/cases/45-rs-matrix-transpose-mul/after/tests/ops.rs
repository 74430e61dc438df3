use linalg_lite::{Matrix, MatrixError};

fn m(rows: &[&[f64]]) -> Matrix {
    let rows: Vec<Vec<f64>> = rows.iter().map(|r| r.to_vec()).collect();
    Matrix::from_rows(&rows).expect("rectangular test matrix")
}

#[test]
fn transpose_swaps_rows_and_columns() {
    let a = m(&[&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]]);
    let t = a.transpose();
    assert_eq!((t.rows(), t.cols()), (3, 2));
    assert_eq!(t.get(2, 1), Some(6.0));
    assert_eq!(t.get(0, 1), Some(4.0));
    assert_eq!(t.transpose(), a);
}

#[test]
fn mul_by_identity_is_a_no_op() {
    let a = m(&[&[1.0, 2.0], &[3.0, 4.0]]);
    assert_eq!(a.mul(&Matrix::identity(2)), Ok(a.clone()));
    assert_eq!(Matrix::identity(2).mul(&a), Ok(a));
}

#[test]
fn mul_computes_the_product() {
    let a = m(&[&[1.0, 2.0], &[3.0, 4.0]]);
    let b = m(&[&[5.0], &[6.0]]);
    assert_eq!(a.mul(&b), Ok(m(&[&[17.0], &[39.0]])));
}

#[test]
fn mul_rejects_mismatched_shapes() {
    let a = Matrix::zeros(2, 3);
    let b = Matrix::zeros(2, 3);
    assert_eq!(
        a.mul(&b),
        Err(MatrixError::ShapeMismatch { left: (2, 3), right: (2, 3) })
    );
}
