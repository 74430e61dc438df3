//! Tests of the security rules.

use super::*;

#[test]
fn removed_permission_check() {
    let found = expect(
        risks(
            "src/handlers.rs",
            "
    if !user.is_admin {
        return Err(ApiError::Forbidden);
    }
    db.delete_post(id)?;",
            "
    db.delete_post(id)?;",
        ),
        &[ErrorHandling, Security],
    );
    assert!(reason(&found, Security).starts_with("Removes the permissions check `if !user.is_admin"));
    // Python, by the exception it raised.
    expect(
        risks(
            "app/views.py",
            "
    if request.user.id != post.owner_id:
        raise PermissionDenied()
    post.delete()",
            "
    post.delete()",
        ),
        &[ErrorHandling, Security],
    );
}

#[test]
fn renamed_check_that_loses_its_meaning() {
    expect(risks("src/handlers.rs", "    if user.is_admin() {", "    if user.is_active() {"), &[Security]);
}

#[test]
fn hard_coded_credentials() {
    let found = expect(
        risks(
            "app/settings.py",
            "API_KEY = os.environ[\"API_KEY\"]",
            "API_KEY = \"sk-live-4f9a8b7c6d5e4f3a2b1c\"",
        ),
        &[Security],
    );
    assert!(reason(&found, Security).contains("sk-…"));
    assert!(!reason(&found, Security).contains("4f9a"), "the secret itself is not quoted");
    expect(risks("src/db.rs", "", "    let url = \"postgres://admin:hunter2@db:5432/app\";"), &[Security]);
    expect(risks("web/login.ts", "", "  const password = \"correct-horse\";"), &[Security]);
    // Reading it from the environment, naming the variable, or a form field is fine.
    expect(risks("app/settings.py", "", "DB_PASSWORD = os.environ[\"DB_PASSWORD\"]"), &[]);
    expect(risks("app/settings.py", "", "PASSWORD_ENV = \"DB_PASSWORD\""), &[]);
}

#[test]
fn insecure_tokens_cookies_cors_and_jwt() {
    expect(
        risks("web/reset.js", "", "  const resetToken = Math.random().toString(36).slice(2);"),
        &[Security],
    );
    expect(risks("web/list.js", "", "  const id = Math.random();"), &[]);
    let found = expect(
        risks(
            "web/server.js",
            "  res.cookie(\"sid\", sid, { httpOnly: true, secure: true });",
            "  res.cookie(\"sid\", sid, { httpOnly: false, secure: true });",
        ),
        &[Security],
    );
    assert!(reason(&found, Security).contains("httpOnly"));
    expect(
        risks("web/server.js", "", "  res.setHeader(\"Access-Control-Allow-Origin\", \"*\");"),
        &[Security],
    );
    expect(
        risks(
            "web/auth.js",
            "  const claims = jwt.verify(token, SECRET);",
            "  const claims = jwt.decode(token);",
        ),
        &[Unsafe, Security],
    );
    expect(
        risks("app/auth.py", "    if hmac.compare_digest(sig, expected):", "    if sig == expected:"),
        &[Security],
    );
}

#[test]
fn weak_hashes_only_for_secrets() {
    expect(
        risks(
            "app/users.py",
            "    digest = bcrypt.hashpw(password, salt)",
            "    digest = hashlib.md5(password).hexdigest()",
        ),
        &[Security],
    );
    expect(risks("app/cache.py", "", "    etag = hashlib.md5(body).hexdigest()"), &[]);
}

#[test]
fn lexer_tokens_and_docs_are_not_security() {
    expect(
        risks("src/lexer.rs", "    let token = self.next_token();", "    let token = self.next_token()?;"),
        &[],
    );
    expect(
        risks(
            "src/lexer.rs",
            "",
            "    tokens.push(Token { kind, text });\n    let token_count = tokens.len();",
        ),
        &[],
    );
    // A comment and a docstring that talk about passwords.
    expect(
        risks(
            "app/users.py",
            "",
            "
    # The password is hashed by the caller.
    \"\"\"
    Store the user. The password must already be hashed.
    \"\"\"",
        ),
        &[],
    );
    // A docstring line cut from its quotes by the hunk.
    expect(
        risks(
            "app/users.py",
            "    Returns the password hash of the user.",
            "    Returns the hashed password of the user.",
        ),
        &[],
    );
}

#[test]
fn renames_in_auth_code_are_quiet() {
    expect(
        risks(
            "src/auth.rs",
            "pub fn check_session(s: &Session) -> bool {",
            "pub fn validate_session(s: &Session) -> bool {",
        ),
        &[],
    );
    expect(
        risks(
            "app/auth.py",
            "    raise AuthError(\"bad token\")",
            "    raise AuthError(\"invalid or expired token\")",
        ),
        &[],
    );
}

#[test]
fn changed_auth_logic_is_flagged() {
    expect(
        risks(
            "app/auth.py",
            "    hashed = bcrypt.hashpw(password, bcrypt.gensalt(12))",
            "    hashed = bcrypt.hashpw(password, bcrypt.gensalt(4))",
        ),
        &[Security],
    );
    expect(
        risks("app/views.py", "@login_required\ndef dashboard(request):", "def dashboard(request):"),
        &[Security],
    );
}
