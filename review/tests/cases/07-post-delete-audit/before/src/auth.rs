#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(pub u64);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub is_admin: bool,
    pub banned: bool,
}

impl User {
    /// Whether this user may edit or delete content written by `author`.
    pub fn can_moderate(&self, author: UserId) -> bool {
        !self.banned && (self.is_admin || self.id == author)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Denied {
    NotFound,
    Forbidden,
}
