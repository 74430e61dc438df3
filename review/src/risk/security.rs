//! Security: edited or removed permission checks, security-sensitive names and paths, and
//! specific patterns (weak hashes, insecure randomness, cookie flags, CORS, unverified tokens).

use std::ops::Range;

use crate::hunk::{Rule, Side};
use crate::lang::Language;
use crate::lex::TokenKind;

use super::boundary::BOUNDARY_MIN_SIMILARITY;
use super::credentials::credential;
use super::error_handling::lost_guards;
use super::findings::{net, Findings, Hit};
use super::read::{Change, Code};
use super::text::{components, string_body};

/// What a security-sensitive name is about, for the reason's wording.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Sec {
    Password,
    Secret,
    Token,
    Auth,
    Permission,
    Csrf,
    Jwt,
    Crypto,
    Cors,
    Session,
}

impl Sec {
    fn what(self) -> &'static str {
        match self {
            Sec::Password => "passwords",
            Sec::Secret => "secrets",
            Sec::Token => "access tokens",
            Sec::Auth => "authentication",
            Sec::Permission => "permissions",
            Sec::Csrf => "CSRF protection",
            Sec::Jwt => "JWTs",
            Sec::Crypto => "cryptography",
            Sec::Cors => "CORS",
            Sec::Session => "sessions",
        }
    }
}

/// Words that make `token` an access token rather than a lexer's token.
const TOKEN_CONTEXT: &[&str] = &[
    "auth",
    "authorization",
    "authenticate",
    "authenticated",
    "authentication",
    "authorize",
    "login",
    "logout",
    "bearer",
    "jwt",
    "csrf",
    "xsrf",
    "api",
    "access",
    "refresh",
    "reset",
    "oauth",
    "password",
    "secret",
    "cookie",
    "credential",
    "credentials",
    "session",
    "verify",
    "verification",
    "otp",
    "mfa",
    "signin",
];
/// Words that make `session` a login session rather than a database or HTTP client session.
const SESSION_CONTEXT: &[&str] = &[
    "auth",
    "authenticate",
    "authenticated",
    "login",
    "logout",
    "cookie",
    "csrf",
    "jwt",
    "token",
    "secret",
    "password",
    "expire",
    "expires",
    "expiry",
    "signin",
];

/// Names that label a secret rather than hold or check it: `PASSWORD_ENV`, `PasswordField`.
const LABEL_WORDS: &[&str] = &[
    "env",
    "var",
    "field",
    "label",
    "name",
    "prompt",
    "hint",
    "placeholder",
    "message",
    "msg",
    "error",
    "errors",
    "title",
    "text",
    "help",
    "column",
    "input",
    "icon",
    "link",
    "button",
];

fn sec_category(name: &str, token_ctx: bool, session_ctx: bool) -> Option<Sec> {
    sec_category_of(&components(name), token_ctx, session_ctx)
}

/// [`sec_category`] of a name already split into words.
fn sec_category_of(comps: &[String], token_ctx: bool, session_ctx: bool) -> Option<Sec> {
    if comps.last().is_some_and(|w| LABEL_WORDS.contains(&w.as_str())) {
        return None;
    }
    let has = |w: &str| comps.iter().any(|c| c == w);
    let starts = |p: &str| comps.iter().any(|c| c.starts_with(p));
    let any = |ws: &[&str]| ws.iter().any(|w| has(w));
    if any(&["password", "passwd", "passphrase", "pwd"]) {
        Some(Sec::Password)
    } else if any(&["csrf", "xsrf"]) {
        Some(Sec::Csrf)
    } else if has("jwt") {
        Some(Sec::Jwt)
    } else if any(&["secret", "secrets", "credential", "credentials", "apikey"])
        || (has("key") && any(&["api", "private", "secret", "signing", "encryption"]))
    {
        Some(Sec::Secret)
    } else if any(&["token", "tokens"]) {
        let ctx = token_ctx || comps.iter().any(|c| TOKEN_CONTEXT.contains(&c.as_str()));
        ctx.then_some(Sec::Token)
    } else if any(&["hmac", "bcrypt", "argon2", "scrypt", "pbkdf2", "cipher", "salt"])
        || starts("encrypt")
        || starts("decrypt")
    {
        Some(Sec::Crypto)
    } else if has("cors") || has("origins") || (has("origin") && (has("allowed") || has("allow"))) {
        Some(Sec::Cors)
    } else if any(&[
        "admin",
        "superuser",
        "permission",
        "permissions",
        "privilege",
        "privileges",
        "rbac",
        "acl",
        "role",
        "roles",
    ]) {
        Some(Sec::Permission)
    } else if any(&["auth", "authn", "authz", "login", "logout", "oauth", "bearer", "signin"])
        || starts("authent")
        || starts("authoriz")
    {
        Some(Sec::Auth)
    } else if any(&["session", "sessions"]) {
        let ctx = session_ctx || comps.iter().any(|c| SESSION_CONTEXT.contains(&c.as_str()));
        ctx.then_some(Sec::Session)
    } else {
        None
    }
}

pub(super) fn is_auth_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [
        "auth",
        "login",
        "logout",
        "session",
        "security",
        "permission",
        "oauth",
        "jwt",
        "password",
        "credential",
        "signin",
        "signup",
        "acl",
        "rbac",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

impl Code<'_> {
    fn sec_at(&self, h: &Change, k: usize) -> Option<Sec> {
        let t = self.toks[k];
        if t.kind != TokenKind::Ident || self.jsx_markup(k) {
            return None;
        }
        let words = self.words(k);
        // The line's context matters only for `token` and `session`.
        let contextual =
            words.iter().any(|w| matches!(w.as_str(), "token" | "tokens" | "session" | "sessions"));
        if !contextual {
            return sec_category_of(words, false, false);
        }
        let l = t.line;
        sec_category_of(
            words,
            h.auth_path || self.line_mentions(l, TOKEN_CONTEXT),
            h.auth_path || self.line_mentions(l, SESSION_CONTEXT),
        )
    }

    /// A line of JSX markup: it opens or closes a tag.
    fn jsx_line(&self, l: u32) -> bool {
        let r = self.line_toks(l);
        self.js()
            && !r.is_empty()
            && matches!(
                (self.text(r.start), self.kind(r.start + 1)),
                ("<", Some(TokenKind::Ident | TokenKind::Keyword))
                    | ("<", Some(TokenKind::Punct))
                    | ("/>" | ">", _)
            )
    }

    /// A JSX tag or attribute name (`<PasswordField`, `role="button"`): markup, not logic.
    fn jsx_markup(&self, k: usize) -> bool {
        if !self.js() {
            return false;
        }
        let t = self.toks[k];
        let tag = matches!(self.prev(k, 1), "<" | "/") && self.src[..t.start].ends_with(['<', '/']);
        let attr = self.text(k + 1) == "="
            && self.kind(k + 2) == Some(TokenKind::String)
            && self.prev(k, 1) != "."
            && !matches!(self.prev(k, 1), "let" | "const" | "var" | ";" | "{" | "(" | ",");
        tag || attr
    }
}

pub(super) fn security(h: &Change, out: &mut Findings) {
    let (rem, add) = (&h.rem, &h.add);
    for g in lost_guards(h) {
        let cond = rem.sec_in(h, g.cond.clone());
        let exit = rem.span(g.body, g.end);
        let denies = [
            "401",
            "403",
            "Unauthorized",
            "Forbidden",
            "PermissionDenied",
            "PermissionError",
            "AccessDenied",
            "NotAuthorized",
        ]
        .iter()
        .any(|w| exit.contains(w));
        if let Some(what) = cond.map(Sec::what).or(denies.then_some("access")) {
            out.add(
                Rule::Security,
                Side::Removed,
                rem.line(g.at),
                format!(
                    "Removes the {what} check `{}`: this path may now run without it",
                    rem.guard_quote(&g)
                ),
            );
        }
    }
    let (gone, new) = net(sec_hits(h, rem), sec_hits(h, add));
    const REMOVED_RISK: [&str; 3] = ["cookie-on", "constant-time", "sanitizer"];
    for hit in new.into_iter().filter(|h| !REMOVED_RISK.contains(&h.kind)) {
        // A token read without verification is disabled verification: unsafe too.
        if hit.kind == "jwt" {
            out.add(Rule::Unsafe, hit.side, hit.line, hit.reason.clone());
        }
        out.hit(hit);
    }
    for hit in gone.into_iter().filter(|h| REMOVED_RISK.contains(&h.kind)) {
        if hit.kind == "sanitizer" {
            out.add(Rule::ErrorHandling, hit.side, hit.line, hit.reason.clone());
        }
        out.hit(hit);
    }
    // A rename that drops a security word: `is_admin` became `is_active`.
    for reg in &h.regions {
        for (&x, &y) in reg.r.iter().zip(&reg.a) {
            // Only in a decision (a condition, a check, a return); renaming a variable where it is
            // bound is a rename.
            let binding =
                matches!(add.prev(y, 1), "let" | "const" | "var" | "fn" | "def" | "function" | "mut");
            if !rem.renamed[x] || !add.prod(y) || rem.kind(x) != Some(TokenKind::Ident) || binding {
                continue;
            }
            let decides = add.line_toks(add.line(y)).any(|k| {
                add.is_comparison(k)
                    || matches!(
                        add.text(k),
                        "if" | "elif" | "while" | "return" | "&&" | "||" | "and" | "or" | "not" | "!" | "?"
                    )
            });
            if !decides {
                continue;
            }
            let was = sec_category(rem.text(x), true, true);
            if let Some(cat) = was.filter(|&c| sec_category(add.text(y), true, true) != Some(c)) {
                out.add(
                    Rule::Security,
                    Side::Added,
                    add.line(y),
                    format!(
                        "Replaces `{}` with `{}` in `{}`: check the {} logic still holds",
                        rem.text(x),
                        add.text(y),
                        add.code_line(add.line(y)),
                        cat.what()
                    ),
                );
            }
        }
    }
    // Other edits to security decisions: a value or operator changed on a line that handles
    // secrets, logins or permissions, or such a decision deleted (a condition, a decorator, a
    // middleware argument). New auth code is a feature; the specific rules above read it.
    let dead = rem.deleted_def_line();
    for c in [add, rem] {
        for l in 0..c.lines.len() as u32 {
            let r = c.line_toks(l);
            // Reading a secret from the environment is how it should be done; markup is not logic.
            if r.is_empty()
                || c.import[l as usize]
                || c.is_test_line(l)
                || c.jsx_line(l)
                || r.clone().any(|k| matches!(c.text(k), "environ" | "getenv" | "env" | "env!" | "dotenv"))
            {
                continue;
            }
            let substantive: Vec<usize> = r.clone().filter(|&k| c.changed[k] && !c.renamed[k]).collect();
            let modified = c.similarity(l) >= BOUNDARY_MIN_SIMILARITY;
            let q = c.code_line(l);
            if c.side == Side::Added {
                // An existing line whose value or condition was replaced (an inserted
                // `requireRole('admin')` adds protection, it does not change it).
                if !modified
                    || c.is_def_header(l)
                    || !substantive.iter().any(|&k| c.replaced[k] && literal_or_logic(c, k))
                {
                    continue;
                }
                if let Some(cat) = c.sec_in(h, r) {
                    out.add(
                        Rule::Security,
                        Side::Added,
                        l,
                        format!("Changes a value or condition in code that handles {}: `{q}`", cat.what()),
                    );
                }
            } else if l < dead {
                // A deleted decision: the security name itself is gone from it.
                let decision = c.text(r.start) == "@"
                    || r.clone().any(|k| {
                        c.is_comparison(k)
                            || matches!(
                                c.text(k),
                                "if" | "elif" | "&&" | "||" | "and" | "or" | "not" | "!" | "assert"
                            )
                    });
                let found = substantive.iter().find_map(|&k| {
                    let argument = matches!(c.prev(k, 1), "(" | ",") && c.text(k + 1) != "(";
                    c.sec_at(h, k).filter(|_| decision || argument)
                });
                if let Some(cat) = found {
                    out.add(
                        Rule::Security,
                        Side::Removed,
                        l,
                        format!(
                            "Removes `{q}`, which checked {}: check this path is still protected",
                            cat.what()
                        ),
                    );
                }
            }
        }
    }
}

impl Code<'_> {
    fn sec_in(&self, h: &Change, r: Range<usize>) -> Option<Sec> {
        r.into_iter().find_map(|k| self.sec_at(h, k))
    }
}

fn literal_or_logic(c: &Code, k: usize) -> bool {
    matches!(c.toks[k].kind, TokenKind::Number | TokenKind::String)
        || c.is_comparison(k)
        || matches!(
            c.text(k),
            "true"
                | "false"
                | "True"
                | "False"
                | "None"
                | "null"
                | "undefined"
                | "&&"
                | "||"
                | "!"
                | "not"
                | "and"
                | "or"
        )
}

/// Specific security patterns on one side. Most are risky where added (`cred`, `weak-hash`,
/// `random`, `cookie-off`, `cors`, `jwt`); `cookie-on` and `constant-time` where removed.
fn sec_hits(h: &Change, c: &Code) -> Vec<Hit> {
    use Language::*;
    let mut hits = Vec::new();
    let secret_context = h.auth_path
        || [&h.rem, &h.add].iter().any(|s| {
            (0..s.toks.len()).any(|k| {
                s.kind(k) == Some(TokenKind::Ident)
                    && (matches!(
                        sec_category_of(s.words(k), false, false),
                        Some(Sec::Password | Sec::Secret | Sec::Token | Sec::Auth | Sec::Jwt | Sec::Csrf)
                    ) || s
                        .words(k)
                        .iter()
                        .any(|w| matches!(w.as_str(), "sign" | "signature" | "hmac" | "salt")))
            })
        });
    let mentions = |words: &[&str]| {
        [&h.rem, &h.add].iter().any(|s| (0..s.lines.len() as u32).any(|l| s.line_mentions(l, words)))
    };
    let cookie_context = mentions(&["cookie", "cookies", "session"]);
    // A random value for a secret: the hunk or the file says what it is for.
    let secret_words = h.auth_path
        || mentions(&[
            "token",
            "secret",
            "password",
            "nonce",
            "salt",
            "otp",
            "csrf",
            "session",
            "apikey",
            "reset",
            "invite",
            "verification",
        ]);
    for i in 0..c.toks.len() {
        // `httpOnly: true` → `httpOnly: false` changes the value, not the name.
        if !c.touched(i) || !c.prod(i) {
            continue;
        }
        let t = c.toks[i];
        let q = c.code_line(t.line);
        let (prev, prev2, next) = (c.prev(i, 1), c.prev(i, 2), c.text(i + 1));
        let hit = |kind: &'static str, key: &str| c.hit(Rule::Security, kind, key, i);
        if t.kind == TokenKind::String {
            if let Some(shown) = credential(c, i) {
                hits.push(hit("cred", t.text).because(format!(
                    "Hard-codes a credential in `{shown}`: read it from the environment or a secret store"
                )));
                continue;
            }
            let body = string_body(t.text).to_ascii_lowercase();
            if matches!(body.as_str(), "md5" | "sha1" | "sha-1") && prev == "(" && secret_context {
                hits.push(hit("weak-hash", &body).because(format!(
                    "Uses the weak hash {body} in `{q}`: use SHA-256, or bcrypt/argon2 for passwords"
                )));
            }
            if body == "*"
                && c.line_mentions(t.line, &["origin", "origins", "cors", "access-control-allow-origin"])
            {
                hits.push(hit("cors", "*").because(format!(
                    "Allows requests from any origin in `{q}`: any website can call this API and read the answers"
                )));
            }
            if body == "none" && c.line_mentions(t.line, &["algorithm", "algorithms", "alg"]) {
                hits.push(hit("jwt", "none").because(format!(
                    "Accepts unsigned tokens (`none` algorithm) in `{q}`: anyone can forge one"
                )));
            }
            continue;
        }
        if t.kind != TokenKind::Ident {
            continue;
        }
        let comps = c.words(i);
        let joined: String = comps.concat();
        let value = if matches!(next, "=" | ":" | "(") { c.text(i + 2) } else { "" };
        let falsy = matches!(value, "false" | "False");
        let truthy = matches!(value, "true" | "True");
        if (comps.iter().any(|w| w == "md5" || w == "sha1"))
            && secret_context
            && !c.line_has(t.line, "usedforsecurity")
        {
            hits.push(hit("weak-hash", t.text).because(format!(
                "Uses the weak hash `{}` in `{q}`: use SHA-256, or bcrypt/argon2 for passwords",
                t.text
            )));
        }
        let random = match c.lang {
            JavaScript | TypeScript => t.text == "random" && prev == "." && prev2 == "Math",
            Python => {
                prev == "."
                    && prev2 == "random"
                    && matches!(
                        t.text,
                        "random"
                            | "randint"
                            | "choice"
                            | "choices"
                            | "randrange"
                            | "getrandbits"
                            | "sample"
                            | "uniform"
                    )
            }
            _ => false,
        };
        if random && secret_words {
            let fix = if c.lang == Python {
                "use the `secrets` module"
            } else {
                "use `crypto.randomUUID()` or `crypto.getRandomValues()`"
            };
            hits.push(
                hit("random", t.text)
                    .because(format!("Makes a secret with a predictable random generator in `{q}`: {fix}")),
            );
        }
        // Cookie flags.
        let flag = if joined.ends_with("httponly") {
            Some(("httpOnly", "page scripts can read the cookie"))
        } else if joined.ends_with("samesite") {
            Some(("sameSite", "the cookie rides along on cross-site requests"))
        } else if joined.ends_with("secure") && (joined != "secure" || cookie_context) {
            Some(("secure", "the cookie is sent over plain HTTP"))
        } else {
            None
        };
        if let Some((name, why)) = flag {
            let v = string_body(value).to_ascii_lowercase();
            let off = falsy
                || (name == "sameSite" && (v == "none" || (value == "SameSite" && c.text(i + 4) == "None")))
                || (name == "sameSite" && value == "None");
            let on = truthy || (name == "sameSite" && matches!(v.as_str(), "strict" | "lax"));
            if off {
                hits.push(
                    hit("cookie-off", name)
                        .because(format!("Turns off the cookie flag `{name}` in `{q}`: {why}")),
                );
            } else if on {
                hits.push(
                    hit("cookie-on", name)
                        .because(format!("Removes the cookie flag `{name}` (`{q}`): {why}")),
                );
            }
        }
        // CORS that lets every origin in.
        let any_origin = matches!(joined.as_str(), "corsoriginallowall" | "corsallowallorigins") && truthy
            || (c.lang == Rust && matches!(t.text, "permissive" | "very_permissive" | "allow_any_origin"))
            || (c.lang == Rust && t.text == "any" && prev2 == "AllowOrigin")
            || (c.lang == Rust && t.text == "allow_origin" && c.text(i + 2) == "Any")
            || (c.js() && t.text == "cors" && next == "(" && c.text(i + 2) == ")")
            // `origin: true` is the `cors` package reflecting every origin.
            || (c.js() && t.text == "origin" && next == ":" && truthy);
        if any_origin {
            hits.push(hit("cors", t.text).because(format!(
                "Allows requests from any origin in `{q}`: any website can call this API and read the answers"
            )));
        }
        // Tokens read without checking them.
        let jwt = match c.lang {
            JavaScript | TypeScript => {
                (t.text == "decode" && prev == "." && prev2 == "jwt")
                    || (t.text == "ignoreExpiration" && truthy)
            }
            Python => {
                t.text == "decode"
                    && prev == "."
                    && prev2 == "jwt"
                    && c.close_of(i + 1).is_some_and(|end| {
                        (i..end).any(|k| c.text(k) == "False")
                            && (i..end).any(|k| {
                                string_body(c.text(k)) == "verify_signature" || c.text(k) == "verify"
                            })
                    })
            }
            Rust => {
                matches!(
                    t.text,
                    "insecure_decode" | "dangerous_insecure_decode" | "insecure_disable_signature_validation"
                ) || (t.text == "validate_exp" && falsy)
            }
            Other => false,
        };
        if jwt {
            hits.push(hit("jwt", t.text).because(format!(
                "Reads a token without verifying it in `{q}`: anyone can forge its claims"
            )));
        }
        if is_sanitizer(c, i) {
            hits.push(hit("sanitizer", t.text).because(format!(
                "Drops the sanitizer `{}` in `{q}`: untrusted input now reaches what it protected",
                t.text
            )));
        }
        if matches!(
            t.text,
            "compare_digest"
                | "timingSafeEqual"
                | "constant_time_eq"
                | "ct_eq"
                | "verify_slices_are_equal"
                | "safe_str_cmp"
        ) {
            hits.push(hit("constant-time", "").because(format!(
                "Drops the constant-time comparison `{q}`: comparing secrets with `==` leaks them through timing"
            )));
        }
    }
    hits
}

/// A call that escapes or sanitizes untrusted input: `secure_filename(...)`, `escape(...)`,
/// `shlex.quote(...)`, `DOMPurify.sanitize(...)`.
fn is_sanitizer(c: &Code, i: usize) -> bool {
    let t = c.toks[i];
    if t.kind != TokenKind::Ident || c.text(i + 1) != "(" || matches!(c.prev(i, 1), "fn" | "def" | "function")
    {
        return false;
    }
    let lower = t.text.to_ascii_lowercase();
    lower.starts_with("sanitize")
        || lower.starts_with("escape")
        || matches!(lower.as_str(), "secure_filename" | "encodeuricomponent" | "html_escape" | "purify")
        || (t.text == "quote" && c.prev(i, 2) == "shlex")
        || (t.text == "clean" && c.prev(i, 2) == "bleach")
}
