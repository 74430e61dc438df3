//! The names that import lines bring into scope and that export lists name, token by token.

use crate::lang::Language;
use crate::lex::{Token, TokenKind};

use super::js::js_imports;
use super::outline::matching;

/// The names that import lines among `lines` bring into scope, and those that export lists
/// name. Token based, statement by statement: `use a::{b, c as d};` → b, d; `from m import x as
/// y` → y; `import m.n` → m; `import X, { a, b as c } from "m"` → X, a, c;
/// `const { a } = require("m")` → a; `module.exports = { a, b }`, `export { a }`, `pub use m::a`,
/// `__all__ = ["a"]` export a (and b).
pub(super) fn imports_and_exports(lang: Language, lines: &[&str]) -> (Vec<String>, Vec<String>) {
    let text = lines.join("\n");
    let toks: Vec<Token> =
        crate::lex::lex(lang, &text).into_iter().filter(|t| t.kind != TokenKind::Comment).collect();
    let mut imports = Vec::new();
    let mut exports = Vec::new();
    let add = |list: &mut Vec<String>, name: &str| {
        if !name.is_empty() && name != "*" && name != "self" && !list.iter().any(|n| n == name) {
            list.push(name.to_string());
        }
    };
    // The end of the statement starting at `i`: a `;` at depth 0, or the end of the line for
    // Python (and for JS without semicolons, unless a bracket is open).
    let end_of = |i: usize| -> usize {
        let mut depth = 0i32;
        let line = toks[i].line;
        for (j, t) in toks.iter().enumerate().skip(i) {
            if depth <= 0 && t.line > line && t.line > toks[j - 1].line {
                return j;
            }
            match t.text {
                "(" | "[" | "{" if t.kind == TokenKind::Punct => depth += 1,
                ")" | "]" | "}" if t.kind == TokenKind::Punct => depth -= 1,
                ";" if depth <= 0 && t.kind == TokenKind::Punct => return j + 1,
                _ => {}
            }
        }
        toks.len()
    };
    // Bound names in toks[a..b]: identifiers after which comes `,`, `}`, `)` or the end, with
    // `x as y` binding y (and `x: y` in JS destructuring binding y).
    let bound = |a: usize, b: usize, out: &mut Vec<String>, skip_after: &[&str]| {
        let mut j = a;
        while j < b {
            let t = &toks[j];
            let next = toks.get(j + 1).filter(|_| j + 1 < b).map(|n| n.text);
            let prev = j.checked_sub(1).map(|p| toks[p].text);
            if t.kind == TokenKind::Ident
                && !prev.is_some_and(|p| skip_after.contains(&p))
                && matches!(next, None | Some("," | "}" | ")" | ";"))
            {
                add(out, t.text);
            }
            j += 1;
        }
    };
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        // Only statements that import or export are measured: measuring every token's statement
        // would be quadratic on one long line.
        let starts = match (lang, t.text) {
            (Language::Rust, "use") | (Language::Python, "import" | "__all__") => true,
            (l, "import" | "const" | "let" | "var" | "export" | "module") => l.is_js_like(),
            _ => false,
        };
        if !starts {
            i += 1;
            continue;
        }
        let end = end_of(i).max(i + 1);
        match (lang, t.text) {
            (Language::Rust, "use") if t.kind == TokenKind::Keyword => {
                let public = i > 0 && toks[i - 1].text == "pub";
                let mut names = Vec::new();
                bound(i + 1, end, &mut names, &[]);
                for n in &names {
                    add(&mut imports, n);
                    if public {
                        add(&mut exports, n);
                    }
                }
                i = end;
                continue;
            }
            (Language::Python, "import") if t.kind == TokenKind::Keyword => {
                let from = toks[..i].iter().rev().take_while(|p| p.line == t.line).any(|p| p.text == "from");
                if from {
                    let mut names = Vec::new();
                    bound(i + 1, end, &mut names, &[]);
                    names.iter().for_each(|n| add(&mut imports, n));
                } else {
                    // `import a.b.c` binds a; `import a.b as c` binds c.
                    let mut j = i + 1;
                    while j < end {
                        if toks[j].kind == TokenKind::Ident && (j == i + 1 || toks[j - 1].text == ",") {
                            let mut k = j;
                            while k + 2 < end && toks[k + 1].text == "." {
                                k += 2;
                            }
                            if toks.get(k + 1).is_some_and(|n| n.text == "as") && k + 2 < end {
                                add(&mut imports, toks[k + 2].text);
                                j = k + 3;
                                continue;
                            }
                            add(&mut imports, toks[j].text);
                            j = k + 1;
                            continue;
                        }
                        j += 1;
                    }
                }
                i = end;
                continue;
            }
            (Language::Python, "__all__") => {
                for s in &toks[i..end] {
                    if s.kind == TokenKind::String {
                        add(&mut exports, s.text.trim_matches(|c| c == '"' || c == '\''));
                    }
                }
                i = end;
                continue;
            }
            (l, "import")
                if l.is_js_like()
                    && t.kind == TokenKind::Keyword
                    && toks.get(i + 1).is_some_and(|n| n.text != "(") =>
            {
                let stop = toks[i..end].iter().position(|x| x.text == "from").map_or(end, |p| i + p);
                let mut names = Vec::new();
                bound(i + 1, stop, &mut names, &["as"]);
                // `import * as ns` and `x as y`: the alias is the binding.
                for w in toks[i..stop].windows(2) {
                    if w[0].text == "as" && w[1].kind == TokenKind::Ident {
                        add(&mut names, w[1].text);
                    }
                }
                names.iter().for_each(|n| add(&mut imports, n));
                i = end;
                continue;
            }
            (l, "const" | "let" | "var") if l.is_js_like() && js_imports(&toks, i) => {
                let eq = toks[i..end].iter().position(|x| x.text == "=").map_or(end, |p| i + p);
                let mut names = Vec::new();
                bound(i + 1, eq, &mut names, &[]);
                if let Some(n) = toks.get(i + 1).filter(|n| n.kind == TokenKind::Ident) {
                    add(&mut names, n.text);
                }
                names.iter().for_each(|n| add(&mut imports, n));
                i = end;
                continue;
            }
            (l, "export") if l.is_js_like() && toks.get(i + 1).is_some_and(|n| n.text == "{") => {
                let mut names = Vec::new();
                bound(i + 1, end, &mut names, &["as"]);
                names.iter().for_each(|n| add(&mut exports, n));
                i = end;
                continue;
            }
            (l, "module")
                if l.is_js_like()
                    && toks.get(i + 1).is_some_and(|n| n.text == ".")
                    && toks.get(i + 2).is_some_and(|n| n.text == "exports") =>
            {
                if toks.get(i + 3).is_some_and(|n| n.text == "=")
                    && toks.get(i + 4).is_some_and(|n| n.text == "{")
                {
                    // `{ a, b: c }` exports a and b (the key), and names used as values.
                    let close = matching(&toks, i + 4, 4096).unwrap_or(end);
                    for j in i + 5..close {
                        let x = &toks[j];
                        let next = toks.get(j + 1).map(|n| n.text);
                        if x.kind == TokenKind::Ident && matches!(next, Some("," | "}" | ":" | "(")) {
                            add(&mut exports, x.text);
                        }
                    }
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    (imports, exports)
}
