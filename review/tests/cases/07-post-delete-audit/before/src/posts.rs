use std::collections::BTreeMap;

use crate::auth::{Denied, User, UserId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    pub id: u64,
    pub author: UserId,
    pub title: String,
    pub body: String,
}

#[derive(Debug, Default)]
pub struct PostStore {
    posts: BTreeMap<u64, Post>,
    next_id: u64,
}

impl PostStore {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn create(&mut self, author: &User, title: &str, body: &str) -> Result<u64, Denied> {
        if author.banned {
            return Err(Denied::Forbidden);
        }
        self.next_id += 1;
        let post = Post {
            id: self.next_id,
            author: author.id,
            title: title.trim().to_string(),
            body: body.to_string(),
        };
        self.posts.insert(post.id, post);
        Ok(self.next_id)
    }

    pub fn get(&self, id: u64) -> Option<&Post> {
        self.posts.get(&id)
    }

    pub fn edit(&mut self, user: &User, id: u64, body: &str) -> Result<(), Denied> {
        let post = self.posts.get_mut(&id).ok_or(Denied::NotFound)?;
        if !user.can_moderate(post.author) {
            return Err(Denied::Forbidden);
        }
        post.body = body.to_string();
        Ok(())
    }

    /// Deletes a post. Only its author or an administrator may do this.
    pub fn delete(&mut self, user: &User, id: u64) -> Result<Post, Denied> {
        let post = self.posts.get(&id).ok_or(Denied::NotFound)?;
        if !user.can_moderate(post.author) {
            return Err(Denied::Forbidden);
        }
        self.posts.remove(&id).ok_or(Denied::NotFound)
    }

    pub fn by_author(&self, author: UserId) -> impl Iterator<Item = &Post> {
        self.posts.values().filter(move |p| p.author == author)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: u64, is_admin: bool) -> User {
        User { id: UserId(id), name: format!("u{id}"), is_admin, banned: false }
    }

    #[test]
    fn author_can_delete_own_post() {
        let mut store = PostStore::new();
        let ada = user(1, false);
        let id = store.create(&ada, "hello", "first post").unwrap();
        assert_eq!(store.delete(&ada, id).unwrap().title, "hello");
        assert!(store.get(id).is_none());
    }

    #[test]
    fn admin_can_delete_any_post() {
        let mut store = PostStore::new();
        let id = store.create(&user(1, false), "spam", "buy now").unwrap();
        assert!(store.delete(&user(2, true), id).is_ok());
    }

    #[test]
    fn others_cannot_edit() {
        let mut store = PostStore::new();
        let id = store.create(&user(1, false), "t", "b").unwrap();
        assert_eq!(store.edit(&user(3, false), id, "x"), Err(Denied::Forbidden));
    }
}
