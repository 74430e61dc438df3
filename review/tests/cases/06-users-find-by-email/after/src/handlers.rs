//! JSON handlers used by the admin HTTP server. Each takes the connection and
//! the already-decoded request and returns a status code and a body.

use rusqlite::Connection;
use serde_json::{json, Value};

use crate::users;

pub type Response = (u16, Value);

fn internal(err: rusqlite::Error) -> Response {
    eprintln!("members: database error: {err}");
    (500, json!({ "error": "internal error" }))
}

pub fn get_user(conn: &Connection, id: i64) -> Response {
    match users::find_by_id(conn, id) {
        Ok(Some(user)) => (200, json!(user)),
        Ok(None) => (404, json!({ "error": "no such user" })),
        Err(err) => internal(err),
    }
}

pub fn lookup_user(conn: &Connection, email: &str) -> Response {
    match users::find_by_email(conn, email).unwrap() {
        Some(user) => (200, json!(user)),
        None => (404, json!({ "error": "no such user" })),
    }
}

pub fn create_user(conn: &Connection, body: &Value) -> Response {
    let (Some(name), Some(email)) = (body["name"].as_str(), body["email"].as_str()) else {
        return (400, json!({ "error": "name and email are required" }));
    };
    if !email.contains('@') {
        return (400, json!({ "error": "email is not valid" }));
    }
    match users::create(conn, name, email) {
        Ok(user) => (201, json!(user)),
        Err(err) => internal(err),
    }
}

pub fn deactivate_user(conn: &Connection, id: i64) -> Response {
    match users::deactivate(conn, id) {
        Ok(true) => (204, Value::Null),
        Ok(false) => (404, json!({ "error": "no such user" })),
        Err(err) => internal(err),
    }
}
