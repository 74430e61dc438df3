use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub active: bool,
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: row.get(0)?,
        name: row.get(1)?,
        email: row.get(2)?,
        active: row.get(3)?,
    })
}

pub fn create(conn: &Connection, name: &str, email: &str) -> rusqlite::Result<User> {
    conn.execute("INSERT INTO users (name, email) VALUES (?1, ?2)", params![name, email])?;
    let id = conn.last_insert_rowid();
    Ok(User { id, name: name.to_string(), email: email.to_string(), active: true })
}

pub fn find_by_id(conn: &Connection, id: i64) -> rusqlite::Result<Option<User>> {
    conn.query_row(
        "SELECT id, name, email, active FROM users WHERE id = ?1",
        params![id],
        from_row,
    )
    .optional()
}

/// Looks a user up by e-mail address, ignoring case.
pub fn find_by_email(conn: &Connection, email: &str) -> rusqlite::Result<Option<User>> {
    let sql = format!(
        "SELECT id, name, email, active FROM users WHERE lower(email) = lower('{}')",
        email
    );
    conn.query_row(&sql, [], from_row).optional()
}

pub fn deactivate(conn: &Connection, id: i64) -> rusqlite::Result<bool> {
    let changed = conn.execute("UPDATE users SET active = 0 WHERE id = ?1", params![id])?;
    Ok(changed == 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db;

    #[test]
    fn create_then_find() {
        let conn = db::open_in_memory().unwrap();
        let user = create(&conn, "Ada", "ada@example.org").unwrap();
        assert_eq!(find_by_id(&conn, user.id).unwrap(), Some(user));
    }

    #[test]
    fn deactivate_unknown_user_changes_nothing() {
        let conn = db::open_in_memory().unwrap();
        assert!(!deactivate(&conn, 404).unwrap());
    }

    #[test]
    fn find_by_email_ignores_case() {
        let conn = db::open_in_memory().unwrap();
        let user = create(&conn, "Bob", "Bob@Example.org").unwrap();
        assert_eq!(find_by_email(&conn, "bob@example.org").unwrap(), Some(user));
        assert_eq!(find_by_email(&conn, "eve@example.org").unwrap(), None);
    }
}
