//! Models with a next-edit prompt format.
