//! Domain logic of the forum: users, posts and who may do what.

pub mod audit;
pub mod auth;
pub mod posts;
