//! The model's view of each proposal.
