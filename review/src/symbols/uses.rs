//! The names a hunk's lines use and bind locally, less each language's common names.

use std::collections::{BTreeSet, HashSet};

use crate::lang::Language;
use crate::lex::{Token, TokenKind};

use super::js::{js_imports, pattern_names};
use super::outline::{end_line, ident_at, lexable, matching, matching_back, punct_at, text_at, tokens};
use super::python::assignment_targets;
use super::rust::attribute_end;

#[derive(Default)]
pub(super) struct Names {
    /// Identifiers that count as uses: not common, not one letter, macros without their `!`.
    pub(super) uses: BTreeSet<String>,
    /// Every identifier, to tell whether the new code still mentions a name.
    pub(super) all: HashSet<String>,
    /// Names these lines bind themselves: `let`, parameters, loop variables, assignment targets.
    pub(super) locals: HashSet<String>,
}

pub(super) fn names(lang: Language, lines: &[&str]) -> Names {
    let mut out = Names::default();
    if lines.is_empty() {
        return out;
    }
    let joined = lines.join("\n");
    let text = lexable(lang, &joined);
    let toks: Vec<Token> = tokens(lang, &text).into_iter().filter(Token::is_code).collect();
    // Whether the previous path segment was a common namespace (`std::`, `Vec::`, `JSON.`), whose
    // members are as common as it is.
    let mut after_common = false;
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        if lang == Language::Rust && t.is_punct("#") {
            let open = if punct_at(&toks, i + 1, "!") { i + 2 } else { i + 1 };
            if punct_at(&toks, open, "[") {
                i = attribute_end(&toks, open);
                after_common = false;
                continue;
            }
        }
        i += 1;
        if t.kind != TokenKind::Ident {
            after_common &= t.kind == TokenKind::Punct && matches!(t.text, "::" | "." | "?.");
            continue;
        }
        let (name, bang) = match t.text.strip_suffix('!') {
            Some(name) => (name, true),
            None => (t.text, false),
        };
        out.all.insert(name.to_string());
        let member =
            i >= 2 && toks[i - 2].kind == TokenKind::Punct && matches!(toks[i - 2].text, "::" | "." | "?.");
        let common =
            if bang { is_std_macro(name) } else { is_common(lang, name) || (member && after_common) };
        after_common = !bang && common && (member || is_namespace(lang, name));
        if !common && name.chars().nth(1).is_some() {
            out.uses.insert(name.to_string());
        }
    }
    match lang {
        Language::Rust => rust_locals(&toks, &mut out.locals),
        Language::Python => python_locals(&toks, &mut out.locals),
        Language::JavaScript | Language::TypeScript => js_locals(&toks, &mut out.locals),
        Language::Other => {}
    }
    out
}

fn rust_locals(toks: &[Token], out: &mut HashSet<String>) {
    for (i, t) in toks.iter().enumerate() {
        match (t.kind, t.text) {
            (TokenKind::Keyword, "let") => bound_names(toks, i + 1, &["=", ";", ":", "else"], out),
            (TokenKind::Keyword, "for") if !punct_at(toks, i + 1, "<") => {
                bound_names(toks, i + 1, &["in"], out)
            }
            (TokenKind::Keyword, "fn") => {
                let open = (i + 1..toks.len().min(i + 24))
                    .take_while(|&j| !punct_at(toks, j, "{") && !punct_at(toks, j, ";"))
                    .find(|&j| punct_at(toks, j, "("));
                if let Some(close) = open.and_then(|o| matching(toks, o, 256)) {
                    // Parameters are the names right before a `:` at the list's top level.
                    let mut depth = 0usize;
                    for j in open.unwrap_or(close)..close {
                        match toks[j].text {
                            "(" | "[" | "<" => depth += 1,
                            ")" | "]" | ">" => depth = depth.saturating_sub(1),
                            _ if depth == 1
                                && toks[j].kind == TokenKind::Ident
                                && punct_at(toks, j + 1, ":") =>
                            {
                                out.insert(toks[j].text.to_string());
                            }
                            _ => {}
                        }
                    }
                }
            }
            (TokenKind::Punct, "|")
                if i == 0
                    || matches!(
                        toks[i - 1].text,
                        "(" | "," | "=" | "{" | "=>" | ":" | "move" | "return" | ";"
                    ) =>
            {
                for j in (i + 1..toks.len().min(i + 24)).take_while(|&j| !punct_at(toks, j, "|")) {
                    if toks[j].kind == TokenKind::Ident
                        && matches!(text_at(toks, j + 1), Some("," | "|" | ":" | ")"))
                    {
                        out.insert(toks[j].text.to_string());
                    }
                }
            }
            _ => {}
        }
    }
}

/// The names a pattern starting at `from` binds, up to one of `stops` at its top level: the
/// identifiers that are not followed by `(`, `{` or `::` (constructors and paths).
fn bound_names(toks: &[Token], from: usize, stops: &[&str], out: &mut HashSet<String>) {
    let mut depth = 0usize;
    for j in from..toks.len().min(from + 48) {
        let t = &toks[j];
        if depth == 0 && t.kind != TokenKind::Ident && stops.contains(&t.text) {
            return;
        }
        match (t.kind, t.text) {
            (TokenKind::Punct, "(" | "[" | "{") => depth += 1,
            (TokenKind::Punct, ")" | "]" | "}") => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return,
            },
            (TokenKind::Ident, name) if !matches!(text_at(toks, j + 1), Some("(" | "{" | "::" | "<")) => {
                out.insert(name.to_string());
            }
            _ => {}
        }
    }
}

fn python_locals(toks: &[Token], out: &mut HashSet<String>) {
    for (i, t) in toks.iter().enumerate() {
        match (t.kind, t.text) {
            (TokenKind::Keyword, "def") if punct_at(toks, i + 2, "(") => {
                let close = matching(toks, i + 2, 256).unwrap_or(toks.len());
                for j in i + 3..close {
                    let prev = toks[j - 1].text;
                    if toks[j].kind == TokenKind::Ident && matches!(prev, "(" | "," | "*" | "**") {
                        out.insert(toks[j].text.to_string());
                    }
                }
            }
            (TokenKind::Keyword, "lambda") => bound_names(toks, i + 1, &[":"], out),
            (TokenKind::Keyword, "for") => bound_names(toks, i + 1, &["in"], out),
            (TokenKind::Keyword, "as") => {
                if let Some(name) = ident_at(toks, i + 1) {
                    out.insert(name.to_string());
                }
            }
            (TokenKind::Ident, _) if i == 0 || end_line(&toks[i - 1]) < t.line => {
                let line: Vec<Token> = toks[i..].iter().copied().take_while(|n| n.line == t.line).collect();
                out.extend(assignment_targets(&line).into_iter().map(str::to_string));
            }
            _ => {}
        }
    }
}

fn js_locals(toks: &[Token], out: &mut HashSet<String>) {
    for (i, t) in toks.iter().enumerate() {
        match (t.kind, t.text) {
            // An import's names stay uses: they tie the hunk to the file that defines them.
            (TokenKind::Keyword, "const" | "let" | "var") if js_imports(toks, i) => {}
            (TokenKind::Keyword, "const" | "let" | "var") => match toks.get(i + 1) {
                Some(n) if n.kind == TokenKind::Ident => {
                    out.insert(n.text.to_string());
                }
                Some(n) if n.is_punct("{") || n.is_punct("[") => {
                    out.extend(pattern_names(toks, i + 1).into_iter().map(str::to_string));
                }
                _ => {}
            },
            (TokenKind::Keyword, "catch") if punct_at(toks, i + 1, "(") => {
                if let Some(name) = ident_at(toks, i + 2) {
                    out.insert(name.to_string());
                }
            }
            (TokenKind::Punct, "=>") => js_arrow_params(toks, i, out),
            (TokenKind::Punct, "(") if js_declares_params(toks, i) => js_params(toks, i, out),
            _ => {}
        }
    }
}

/// Whether the `(` at `i` opens a function's parameters: after `function` or its name, or a
/// method's name when a `{` follows the `)`.
fn js_declares_params(toks: &[Token], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).and_then(|p| toks.get(p)) else {
        return false;
    };
    if prev.is(TokenKind::Keyword, "function") {
        return true;
    }
    if prev.kind != TokenKind::Ident {
        return false;
    }
    let before = i.checked_sub(2).and_then(|p| text_at(toks, p));
    matches!(before, Some("function" | "*"))
        || matching(toks, i, 256).is_some_and(|close| punct_at(toks, close + 1, "{"))
}

/// Parameters in the list opened at `open`: names right after `(`, `,`, `...` or a destructuring
/// bracket, not the types after a `:`.
fn js_params(toks: &[Token], open: usize, out: &mut HashSet<String>) {
    let close = matching(toks, open, 256).unwrap_or_else(|| toks.len().min(open + 64));
    for j in open + 1..close {
        let prev = toks[j - 1].text;
        let next = text_at(toks, j + 1);
        if toks[j].kind == TokenKind::Ident
            && matches!(prev, "(" | "," | "..." | "{" | "[")
            && matches!(next, Some("," | ")" | "=" | ":" | "?" | "}" | "]"))
        {
            out.insert(toks[j].text.to_string());
        }
    }
}

/// `x =>`, `(a, b) =>`, `(a: T): R =>`.
fn js_arrow_params(toks: &[Token], arrow: usize, out: &mut HashSet<String>) {
    let Some(p) = arrow.checked_sub(1) else {
        return;
    };
    let prev = &toks[p];
    let typed = p > 0 && matches!(toks[p - 1].text, ":" | ".");
    if prev.kind == TokenKind::Ident && !typed {
        out.insert(prev.text.to_string());
        return;
    }
    let close = (p.saturating_sub(16)..=p)
        .rev()
        .find(|&j| toks[j].is_punct(")") && (j == p || punct_at(toks, j + 1, ":")));
    if let Some(open) = close.and_then(|c| matching_back(toks, c, 256)) {
        js_params(toks, open, out);
    }
}

// Name lists, each sorted (by bytes) for binary search; a test keeps them so.

/// Rust's standard macros, whose uses say nothing about a change.
#[rustfmt::skip]
pub(super) const RUST_STD_MACROS: &[&str] = &[
    "assert", "assert_eq", "assert_ne", "cfg", "column", "compile_error", "concat", "dbg", "debug_assert",
    "debug_assert_eq", "debug_assert_ne", "env", "eprint", "eprintln", "file", "format", "format_args",
    "include", "include_bytes", "include_str", "line", "macro_rules", "matches", "module_path",
    "option_env", "panic", "print", "println", "stringify", "thread_local", "todo", "unimplemented",
    "unreachable", "vec", "write", "writeln",
];

/// Names so common that a use of them says nothing about which hunk to read first: the prelude,
/// primitive types, std's everyday traits, modules and methods.
#[rustfmt::skip]
pub(super) const RUST_COMMON: &[&str] = &[
    "Arc", "AsMut", "AsRef", "BTreeMap", "BTreeSet", "Box", "Cell", "Clone", "Copy", "Cow", "Debug",
    "Default", "Deref", "DerefMut", "Deserialize", "Display", "Drop", "Eq", "Err", "Fn", "FnMut", "FnOnce",
    "From", "Hash", "HashMap", "HashSet", "Into", "IntoIterator", "Iterator", "Mutex", "None", "Ok",
    "Option", "Ord", "PartialEq", "PartialOrd", "Path", "PathBuf", "PhantomData", "Rc", "RefCell", "Result",
    "RwLock", "Send", "Serialize", "Sized", "Some", "String", "Sync", "ToString", "TryFrom", "TryInto",
    "Vec", "VecDeque", "alloc", "and_then", "as_mut", "as_ref", "as_str", "bool", "char", "clone",
    "collect", "core", "env", "expect", "f32", "f64", "filter", "fmt", "fs", "i128", "i16", "i32", "i64",
    "i8", "into", "into_iter", "io", "is_empty", "is_err", "is_none", "is_ok", "is_some", "isize", "iter",
    "iter_mut", "len", "map", "map_err", "mem", "ok_or", "ok_or_else", "ptr", "std", "str", "to_owned",
    "to_string", "u128", "u16", "u32", "u64", "u8", "unwrap", "unwrap_or", "unwrap_or_default",
    "unwrap_or_else", "usize",
];

/// Python's builtins, everyday methods, `typing` names and standard modules.
#[rustfmt::skip]
pub(super) const PYTHON_COMMON: &[&str] = &[
    "Any", "AttributeError", "BaseException", "Callable", "Dict", "Exception", "IndexError", "Iterable",
    "Iterator", "KeyError", "List", "Mapping", "NotImplementedError", "OSError", "Optional", "RuntimeError",
    "Sequence", "Set", "StopIteration", "Tuple", "TypeError", "Union", "ValueError", "__init__", "__name__",
    "abs", "all", "any", "append", "asyncio", "bool", "bytes", "callable", "classmethod", "cls",
    "collections", "dataclasses", "dict", "dir", "endswith", "enumerate", "extend", "filter", "float",
    "format", "frozenset", "functools", "getattr", "hasattr", "hash", "id", "input", "int", "isinstance",
    "issubclass", "items", "iter", "itertools", "join", "json", "keys", "len", "list", "logging", "map",
    "math", "max", "min", "next", "object", "open", "os", "pathlib", "print", "property", "pytest", "range",
    "re", "repr", "reversed", "round", "set", "setattr", "sorted", "split", "startswith", "staticmethod",
    "str", "strip", "subprocess", "sum", "super", "sys", "time", "tuple", "type", "typing", "unittest",
    "values", "vars", "zip",
];

/// JavaScript's globals, everyday methods, TypeScript's utility types and the test frameworks'
/// own names (jest and vitest).
#[rustfmt::skip]
pub(super) const JS_COMMON: &[&str] = &[
    "Array", "Boolean", "Date", "Error", "Infinity", "JSON", "Map", "Math", "NaN", "Number", "Object",
    "Omit", "Partial", "Pick", "Promise", "Readonly", "Record", "Reflect", "RegExp", "ReturnType", "Set",
    "String", "Symbol", "TypeError", "WeakMap", "WeakSet", "afterAll", "afterEach", "any", "beforeAll",
    "beforeEach", "boolean", "clearInterval", "clearTimeout", "console", "describe", "document", "entries",
    "expect", "exports", "filter", "forEach", "globalThis", "isNaN", "it", "jest", "keys", "length", "log",
    "map", "mockClear", "mockImplementation", "mockRejectedValue", "mockResolvedValue", "mockReturnValue",
    "module", "never", "not", "number", "object", "parseFloat", "parseInt", "process", "push", "reduce",
    "rejects", "require", "resolves", "setInterval", "setTimeout", "spyOn", "string", "test", "then",
    "toBe", "toBeDefined", "toBeFalsy", "toBeGreaterThan", "toBeInstanceOf", "toBeLessThan", "toBeNull",
    "toBeTruthy", "toBeUndefined", "toContain", "toEqual", "toHaveBeenCalled", "toHaveBeenCalledTimes",
    "toHaveBeenCalledWith", "toHaveLength", "toHaveProperty", "toMatch", "toMatchObject", "toMatchSnapshot",
    "toStrictEqual", "toString", "toThrow", "toThrowError", "unknown", "values", "vi", "window",
];

/// Common names whose members are as common as they are (`std::mem::take`, `fmt::Write`), besides
/// every capitalised common name (`Vec::new`, `JSON.parse`).
pub(super) const RUST_NAMESPACES: &[&str] = &["alloc", "core", "env", "fmt", "fs", "io", "mem", "ptr", "std"];

/// Python modules whose members are as common as they are (`os.path.join`).
#[rustfmt::skip]
pub(super) const PYTHON_NAMESPACES: &[&str] = &[
    "asyncio", "collections", "dataclasses", "functools", "itertools", "json", "logging", "math", "os",
    "pathlib", "pytest", "re", "subprocess", "sys", "time", "typing",
];

/// JavaScript globals whose members are as common as they are (`console.log`, `process.env`).
pub(super) const JS_NAMESPACES: &[&str] =
    &["console", "document", "globalThis", "jest", "module", "process", "vi", "window"];

fn listed(list: &[&str], name: &str) -> bool {
    list.binary_search(&name).is_ok()
}

pub(super) fn is_std_macro(name: &str) -> bool {
    listed(RUST_STD_MACROS, name)
}

pub(super) fn is_common(lang: Language, name: &str) -> bool {
    match lang {
        Language::Rust => listed(RUST_COMMON, name),
        Language::Python => listed(PYTHON_COMMON, name),
        Language::JavaScript | Language::TypeScript => listed(JS_COMMON, name),
        Language::Other => false,
    }
}

fn is_namespace(lang: Language, name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        || match lang {
            Language::Rust => listed(RUST_NAMESPACES, name),
            Language::Python => listed(PYTHON_NAMESPACES, name),
            Language::JavaScript | Language::TypeScript => listed(JS_NAMESPACES, name),
            Language::Other => false,
        }
}
