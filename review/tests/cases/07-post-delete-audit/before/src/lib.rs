//! Domain logic of the forum: users, posts and who may do what.

pub mod auth;
pub mod posts;
