//! Tests of the outlines and of each hunk's symbols, per language and on code mid-edit.

use crate::hunk::SymbolKind;

use super::uses::{
    is_common, is_std_macro, JS_COMMON, JS_NAMESPACES, PYTHON_COMMON, PYTHON_NAMESPACES, RUST_COMMON,
    RUST_NAMESPACES, RUST_STD_MACROS,
};
use super::*;
use SymbolKind::*;

const RUST: &str = r#"//! Parses headers.

use std::collections::HashMap;

/// A parsed header.
#[derive(Debug, Clone)]
pub struct Header {
    pub name: String,
    value: Vec<u8>,
}

pub enum Kind {
    Plain,
    Folded { width: usize },
    Raw(u8),
}

pub const MAX_LEN: usize = 8192;
static mut COUNTER: u32 = 0;
pub type Map = HashMap<String, Header>;

pub trait Parse {
    fn parse(input: &str) -> Option<Self>
    where
        Self: Sized;
}

impl Header {
    pub fn new(name: &str) -> Self {
        Header { name: name.to_string(), value: Vec::new() }
    }

    pub(crate) fn value(&self) -> &[u8] {
        &self.value
    }
}

impl<'a> Parse for Header {
    fn parse(input: &str) -> Option<Self> {
        let (name, rest) = input.split_once(':')?;
        let mut header = Header::new(name.trim());
        header.value = rest.trim().as_bytes().to_vec();
        Some(header)
    }
}

macro_rules! header {
    ($name:expr) => {
        Header::new($name)
    };
}

pub fn parse_all(text: &str) -> Map {
    fn fold(line: &str) -> String {
        line.replace("\n ", " ")
    }
    let mut out = Map::new();
    for line in text.lines() {
        if let Some(h) = Header::parse(&fold(line)) {
            out.insert(h.name.clone(), h);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_one() {
        let h = Header::parse("a: b").unwrap();
        assert_eq!(h.value(), b"b");
    }
}
"#;

const PYTHON: &str = r#""""Stats over samples."""

import math
from .io import read_samples

DEFAULT_BINS = 10
cache = {}


class Histogram:
    """Counts samples into bins.

    def not_a_method(self): a docstring, not code
    """

    bins: int = 10

    def __init__(self, bins=DEFAULT_BINS):
        self.bins = bins
        self.counts = [0] * bins
        if bins > 100:
            self.sparse = True

    def add(self, value):
        index = min(int(value * self.bins), self.bins - 1)
        self.counts[index] += 1

    @property
    def total(self):
        return sum(self.counts)


async def load(path):
    samples = await read_samples(path)
    return Histogram.from_samples(samples)


def mean(values):
    return sum(values) / len(values)


class TestHistogram:
    def test_add(self):
        h = Histogram(bins=2)
        h.add(0.7)
        assert h.counts == [0, 1]


@pytest.fixture
def sample_file(tmp_path):
    return tmp_path / "s.txt"


def test_mean():
    assert mean([1, 2]) == 1.5
"#;

const TS: &str = r#"import { readFile } from "fs/promises";

export interface CartItem {
  readonly sku: string;
  quantity?: number;
  price(): number;
}

type Totals = {
  subtotal: number;
  tax: number;
};

export enum Currency {
  Eur = "EUR",
  Usd,
}

export const TAX_RATE = 0.2;
let counter = 0;
const format = (n: number): string => n.toFixed(2);
const { a, b: renamed } = defaults;

export default function checkout(items: CartItem[]) {
  return new Cart(items).totals();
}

function* ids() {
  yield counter++;
}

export async function load(path: string) {
  const text = await readFile(path, "utf8");
  return JSON.parse(text);
}

export class Cart {
  static empty = new Cart([]);
  #secret = 1;
  private items: CartItem[];

  constructor(items: CartItem[]) {
    this.items = items;
  }

  get size() {
    return this.items.length;
  }

  async save() {
    await persist(this.items);
  }

  onClick = () => {
    this.save();
  };

  totals(): Totals {
    const subtotal = this.items.reduce((s, i) => s + i.price() * (i.quantity ?? 1), 0);
    return { subtotal, tax: subtotal * TAX_RATE };
  }
}

module.exports.helper = function () {};
exports.VERSION = "1.0";

describe("Cart", () => {
  it("totals", () => {
    expect(new Cart([]).totals().subtotal).toBe(0);
  });
});
"#;

/// The 0-based line of the first line containing `needle`.
fn line_of(text: &str, needle: &str) -> u32 {
    let found = text.split('\n').position(|l| l.contains(needle));
    to_u32(found.unwrap_or_else(|| panic!("no line contains {needle:?}")))
}

fn dump(o: &Outline) -> String {
    let rows = o.defs.iter().map(|d| {
        format!("{}:{:?} parent={:?} {}..{}", d.symbol.name, d.symbol.kind, d.parent, d.line, d.end)
    });
    rows.collect::<Vec<_>>().join("\n")
}

/// The only definition named `name` of `kind`.
fn def<'a>(o: &'a Outline, name: &str, kind: SymbolKind) -> &'a Definition {
    let mut found = o.defs.iter().filter(|d| d.symbol.name == name && d.symbol.kind == kind);
    match (found.next(), found.next()) {
        (Some(d), None) => d,
        _ => panic!("want exactly one {name} {kind:?} in\n{}", dump(o)),
    }
}

fn sym(name: &str, kind: SymbolKind) -> Symbol {
    Symbol { name: name.to_string(), kind }
}

/// Replaces `remove` lines of `before` at `at` with `added` and reads the hunk.
fn edit(lang: Language, before: &str, at: u32, remove: u32, added: &[&str]) -> Symbols {
    let lines: Vec<&str> = before.split('\n').collect();
    let (at, cut) = (at as usize, (at + remove) as usize);
    let after = [&lines[..at], added, &lines[cut..]].concat().join("\n");
    let (old, new) = (Outline::new(lang, before), Outline::new(lang, &after));
    let end = to_u32(at + added.len());
    hunk_symbols(lang, &old, &new, to_u32(at)..to_u32(cut), to_u32(at)..end, &lines[at..cut], added)
}

/// Replaces the line containing `needle` with `with`.
fn replace(lang: Language, before: &str, needle: &str, with: &[&str]) -> Symbols {
    edit(lang, before, line_of(before, needle), 1, with)
}

// ----- Rust -----

#[test]
fn rust_items_kinds_parents_and_extents() {
    let o = Outline::new(Language::Rust, RUST);
    let header = def(&o, "Header", Type);
    assert_eq!(
        (header.line, header.end),
        (line_of(RUST, "pub struct Header"), line_of(RUST, "pub enum") - 1)
    );
    assert_eq!(def(&o, "name", Field).parent.as_deref(), Some("Header"));
    assert_eq!(def(&o, "value", Field).parent.as_deref(), Some("Header"));
    for variant in ["Plain", "Folded", "Raw"] {
        assert_eq!(def(&o, variant, Constant).parent.as_deref(), Some("Kind"), "{variant}");
    }
    // A struct-like variant's fields are not the enum's.
    assert!(o.defs.iter().all(|d| d.symbol.name != "width"), "{}", dump(&o));
    assert_eq!(def(&o, "MAX_LEN", Constant).parent, None);
    assert_eq!(def(&o, "COUNTER", Variable).end, line_of(RUST, "static mut") + 1);
    assert_eq!(def(&o, "Map", Type).line, line_of(RUST, "pub type Map"));
    assert_eq!(def(&o, "Parse", Type).end, line_of(RUST, "impl Header {") - 1);
    let parses: Vec<_> = o.defs.iter().filter(|d| d.symbol == sym("parse", Method)).collect();
    let parents: Vec<_> = parses.iter().map(|d| d.parent.as_deref()).collect();
    assert_eq!(parents, [Some("Parse"), Some("Header")]);
    // The trait's bodiless method ends at its `;`, the impl's at its `}`.
    assert_eq!(parses[0].end, line_of(RUST, "Self: Sized;") + 1);
    assert_eq!(parses[1].end, line_of(RUST, "Some(header)") + 2);
    assert_eq!(def(&o, "new", Method).parent.as_deref(), Some("Header"));
    assert_eq!(def(&o, "value", Method).line, line_of(RUST, "pub(crate) fn value"));
    let mac = def(&o, "header", Macro);
    assert_eq!((mac.line, mac.end), (line_of(RUST, "macro_rules!"), line_of(RUST, "pub fn parse_all") - 1));
    let all = def(&o, "parse_all", Function);
    assert_eq!(all.end, line_of(RUST, "#[cfg(test)]") - 1);
    let fold = def(&o, "fold", Function);
    assert_eq!((fold.parent.as_deref(), fold.end), (None, line_of(RUST, "let mut out")));
    assert_eq!(def(&o, "tests", Module).end, line_of(RUST, "assert_eq!") + 3);
    assert_eq!(def(&o, "parses_one", Function).parent.as_deref(), Some("tests"));
}

#[test]
fn rust_enclosing_is_the_innermost() {
    let o = Outline::new(Language::Rust, RUST);
    let at =
        |needle: &str| o.enclosing(line_of(RUST, needle)).map(|d| (d.symbol.name.as_str(), d.symbol.kind));
    assert_eq!(at("line.replace"), Some(("fold", Function)));
    assert_eq!(at("out.insert"), Some(("parse_all", Function)));
    assert_eq!(at("header.value = rest"), Some(("parse", Method)));
    assert_eq!(at("value: Vec<u8>"), Some(("value", Field)));
    assert_eq!(at("let h = Header::parse"), Some(("parses_one", Function)));
    assert_eq!(at("use std::collections"), None);
    assert_eq!(o.enclosing(10_000), None);
}

#[test]
fn rust_test_code() {
    let o = Outline::new(Language::Rust, RUST);
    assert!(o.in_test(line_of(RUST, "let h = Header::parse")));
    assert!(o.in_test(line_of(RUST, "#[cfg(test)]")), "the attribute is part of the module");
    assert!(!o.in_test(line_of(RUST, "out.insert")));
    let text = "#[cfg_attr(test, derive(Debug))]\nstruct A;\n#[cfg(not(test))]\nfn real() {}\n\
                    #[tokio::test]\nasync fn works() {\n    go().await;\n}\n#[wasm_bindgen_test]\nfn web() {}\n";
    let o = Outline::new(Language::Rust, text);
    assert!(!o.in_test(line_of(text, "struct A")));
    assert!(!o.in_test(line_of(text, "fn real")));
    assert!(o.in_test(line_of(text, "go().await")));
    assert!(o.in_test(line_of(text, "fn web")));
    let inner = "#![cfg(test)]\nuse super::*;\nfn helper() {}\n";
    assert!(Outline::new(Language::Rust, inner).in_test(2));
    let test_impl = "#[cfg(test)]\nimpl Header {\n    fn fake() -> Self { todo!() }\n}\nfn real() {}\n";
    let o = Outline::new(Language::Rust, test_impl);
    assert!(o.in_test(2) && !o.in_test(4));
}

#[test]
fn rust_body_edit_changes_its_function() {
    let s = replace(
        Language::Rust,
        RUST,
        "out.insert(h.name",
        &["            out.insert(h.name.to_lowercase(), h);"],
    );
    assert_eq!(s.scope, Some(sym("parse_all", Function)));
    assert_eq!(s.changes, [sym("parse_all", Function)]);
    assert!(s.defines.is_empty() && s.removes.is_empty());
    assert_eq!(s.uses, ["insert", "name", "out", "to_lowercase"]);
    assert!(s.drops.is_empty(), "{:?}", s.drops);
    assert!(!s.in_test);
}

#[test]
fn rust_signature_edit_is_a_change_not_a_definition() {
    let s = replace(
        Language::Rust,
        RUST,
        "pub fn parse_all",
        &["pub fn parse_all(text: &str, strict: bool) -> Map {"],
    );
    assert_eq!(s.changes, [sym("parse_all", Function)]);
    assert!(s.defines.is_empty() && s.removes.is_empty());
    assert_eq!(s.scope, None);
    // Parameters are the function's own names, not uses.
    assert_eq!(s.uses, ["Map"]);
}

#[test]
fn rust_new_function_defines_it_and_uses_its_callees() {
    let at = line_of(RUST, "#[cfg(test)]") - 1;
    let added = [
        "",
        "pub fn parse_strict(text: &str) -> Result<Map, String> {",
        "    let map = parse_all(text);",
        "    if map.values().any(|h| h.value().is_empty()) {",
        "        return Err(format!(\"empty header in {}\", text.len()));",
        "    }",
        "    Ok(map)",
        "}",
    ];
    let s = edit(Language::Rust, RUST, at, 0, &added);
    assert_eq!(s.defines, [sym("parse_strict", Function)]);
    assert!(s.changes.is_empty(), "{:?}", s.changes);
    assert_eq!(s.scope, None);
    assert_eq!(s.uses, ["Map", "any", "parse_all", "value", "values"]);
}

#[test]
fn rust_deleted_function_is_removed_and_its_calls_dropped() {
    let s = edit(Language::Rust, RUST, line_of(RUST, "fn fold"), 3, &[]);
    assert_eq!(s.removes, [sym("fold", Function)]);
    assert_eq!(s.scope, Some(sym("parse_all", Function)), "placed in the old text");
    assert_eq!(s.changes, [sym("parse_all", Function)]);
    assert_eq!(s.drops, ["replace"]);
    let s = replace(
        Language::Rust,
        RUST,
        "Header::parse(&fold(line))",
        &["        if let Some(h) = Header::parse(line) {"],
    );
    assert_eq!(s.drops, ["fold"]);
    assert_eq!(s.uses, ["Header", "line", "parse"]);
}

#[test]
fn rust_doc_comments_attributes_and_fields_change_their_item() {
    let s = replace(Language::Rust, RUST, "/// A parsed header.", &["/// A parsed HTTP header."]);
    assert_eq!(s.changes, [sym("Header", Type)]);
    assert_eq!(s.scope, None);
    let s = replace(Language::Rust, RUST, "#[derive(Debug, Clone)]", &["#[derive(Debug, Clone, PartialEq)]"]);
    assert_eq!(s.changes, [sym("Header", Type)]);
    assert!(s.uses.is_empty(), "attributes are not uses: {:?}", s.uses);
    let s = replace(Language::Rust, RUST, "value: Vec<u8>,", &["    value: Vec<u16>,"]);
    assert_eq!(s.changes, [sym("value", Field), sym("Header", Type)]);
    assert!(s.defines.is_empty());
}

#[test]
fn rust_uses_follow_methods_and_paths_but_not_comments_strings_or_std() {
    let added = [
        "    let cfg = config::load(&path).parse_header(); // parse_footer() here",
        "    let s = \"render_html()\";",
        "    header::parse(x); Vec::with_capacity(4); std::mem::take(&mut y); self.flush();",
        "    tracing::debug!(\"x\"); println!(\"{}\", value);",
        "    /* old_api() */ for (i, row) in rows.iter().enumerate() { emit(row, |cell| cell.width); }",
    ];
    let text = "fn f() {\n}\n";
    let s = edit(Language::Rust, text, 1, 0, &added);
    assert_eq!(s.scope, Some(sym("f", Function)));
    let want = [
        "config",
        "debug",
        "emit",
        "enumerate",
        "flush",
        "header",
        "load",
        "parse",
        "parse_header",
        "path",
        "rows",
        "tracing",
        "value",
        "width",
    ];
    assert_eq!(s.uses, want);
}

#[test]
fn rust_unbalanced_braces_stay_local() {
    // The `if` never closes: its function still ends at its own `}`.
    let missing = "impl Parser {\n    fn a(&self) {\n        if self.ready {\n            self.go();\n    }\n\n    fn b(&self) {}\n}\n\nfn c() {}\n";
    let o = Outline::new(Language::Rust, missing);
    assert_eq!(def(&o, "a", Method).end, 5, "{}", dump(&o));
    assert_eq!(def(&o, "b", Method).parent.as_deref(), Some("Parser"));
    let c = def(&o, "c", Function);
    assert_eq!((c.parent.as_deref(), c.end), (None, c.line + 1));
    // One `}` too many closes the impl early; nothing after is swallowed.
    let extra = "impl Parser {\n    fn a(&self) {\n        }\n    }\n    fn b(&self) {}\n}\nfn c() {}\n";
    let o = Outline::new(Language::Rust, extra);
    let c = def(&o, "c", Function);
    assert_eq!((c.end, o.enclosing(c.line).map(|d| d.symbol.name.as_str())), (c.line + 1, Some("c")));
    assert!(o.defs.iter().any(|d| d.symbol.name == "b"));
    // A body that never closes ends where the next item at its indentation starts.
    let open = "fn a() {\n    let x = 1;\n\nfn b() {\n    2\n}\n";
    let o = Outline::new(Language::Rust, open);
    assert_eq!(def(&o, "a", Function).end, 3);
    assert_eq!(def(&o, "b", Function).end, 6);
    // Half-typed code: an open call, a nameless `fn`, an open string.
    let half = "fn a() {\n    let x = foo(\n}\nfn \nfn b() {\n    let s = \"oops;\n}\nfn c() {}\n";
    let o = Outline::new(Language::Rust, half);
    assert_eq!(def(&o, "a", Function).end, 3);
    assert_eq!(def(&o, "c", Function).line, 7, "an open string ends at its line: {}", dump(&o));
}

// ----- Python -----

#[test]
fn python_definitions_kinds_parents_and_extents() {
    let o = Outline::new(Language::Python, PYTHON);
    assert_eq!(def(&o, "DEFAULT_BINS", Constant).parent, None);
    assert_eq!(def(&o, "cache", Variable).end, line_of(PYTHON, "cache = {}") + 1);
    let hist = def(&o, "Histogram", Type);
    assert_eq!(
        (hist.line, hist.end),
        (line_of(PYTHON, "class Histogram"), line_of(PYTHON, "return sum(self.counts)") + 1)
    );
    assert!(o.defs.iter().all(|d| d.symbol.name != "not_a_method"), "docstrings are not code");
    let fields: Vec<_> =
        o.defs.iter().filter(|d| d.symbol.kind == Field).map(|d| d.symbol.name.as_str()).collect();
    assert_eq!(fields, ["bins", "bins", "counts", "sparse"]);
    assert!(o
        .defs
        .iter()
        .filter(|d| d.symbol.kind == Field)
        .all(|d| d.parent.as_deref() == Some("Histogram")));
    for method in ["__init__", "add", "total"] {
        assert_eq!(def(&o, method, Method).parent.as_deref(), Some("Histogram"), "{method}");
    }
    assert_eq!(def(&o, "add", Method).end, line_of(PYTHON, "self.counts[index] += 1") + 1);
    assert_eq!(def(&o, "load", Function).line, line_of(PYTHON, "async def load"));
    let mean = def(&o, "mean", Function);
    assert_eq!((mean.line, mean.end), (line_of(PYTHON, "def mean"), line_of(PYTHON, "def mean") + 2));
    assert_eq!(def(&o, "test_add", Method).parent.as_deref(), Some("TestHistogram"));
    assert!(o.defs.iter().all(|d| !matches!(d.symbol.name.as_str(), "index" | "samples" | "math")));
}

#[test]
fn python_test_code() {
    let o = Outline::new(Language::Python, PYTHON);
    assert!(o.in_test(line_of(PYTHON, "h.add(0.7)")));
    assert!(o.in_test(line_of(PYTHON, "class TestHistogram")));
    assert!(o.in_test(line_of(PYTHON, "@pytest.fixture")), "a fixture is test code, decorator included");
    assert!(o.in_test(line_of(PYTHON, "assert mean")));
    assert!(!o.in_test(line_of(PYTHON, "return sum(values)")));
    let unittest = "class CartCase(unittest.TestCase):\n    def setUp(self):\n        pass\n";
    assert!(Outline::new(Language::Python, unittest).in_test(2));
}

#[test]
fn python_hunks() {
    let s = replace(
        Language::Python,
        PYTHON,
        "self.counts[index] += 1",
        &["        self.counts[index] += weight"],
    );
    assert_eq!((s.scope.clone(), s.changes.clone()), (Some(sym("add", Method)), vec![sym("add", Method)]));
    assert_eq!(s.uses, ["counts", "index", "weight"]);
    // A new method inside the class: defined, and the class changes.
    let at = line_of(PYTHON, "return sum(self.counts)") + 1;
    let s = edit(
        Language::Python,
        PYTHON,
        at,
        0,
        &["", "    def reset(self):", "        self.counts = [0] * self.bins"],
    );
    assert_eq!(s.defines, [sym("reset", Method)]);
    assert_eq!(s.changes, [sym("Histogram", Type)]);
    assert_eq!(s.uses, ["bins", "counts"]);
    let s = replace(Language::Python, PYTHON, "def mean(values):", &["def mean(values, weights=None):"]);
    assert_eq!((s.changes.clone(), s.defines.len(), s.uses.len()), (vec![sym("mean", Function)], 0, 0));
    // Deleting a test function: removed, and the hunk is test code.
    let s = edit(Language::Python, PYTHON, line_of(PYTHON, "def test_mean"), 2, &[]);
    assert_eq!(s.removes, [sym("test_mean", Function)]);
    assert!(s.in_test);
    assert_eq!(s.drops, ["mean"]);
    // Adding a test declares test code even where there was none.
    let s = edit(
        Language::Python,
        PYTHON,
        line_of(PYTHON, "def mean"),
        0,
        &["def test_mode():", "    assert mode([1]) == 1", ""],
    );
    assert!(s.in_test);
    assert_eq!(s.uses, ["mode"]);
}

#[test]
fn python_half_typed_code() {
    let text = "def broken(a,\n\ndef mean(values):\n    return sum(values)\n\nx = '''open\ny = 2\n";
    let o = Outline::new(Language::Python, text);
    let mean = def(&o, "mean", Function);
    assert_eq!((mean.line, mean.end), (2, 4), "{}", dump(&o));
    assert_eq!(def(&o, "broken", Function).end, 1);
    assert_eq!(def(&o, "y", Variable).line, 6, "an open string ends at its line");
    let odd = "class A:\n\tdef f(self):\n\t\treturn 1\n  \n\tdef g(self): pass\nif True:\n    Z = 1\n";
    let o = Outline::new(Language::Python, odd);
    assert_eq!(def(&o, "f", Method).end, 3);
    assert_eq!(def(&o, "g", Method).end, 5);
    assert_eq!(def(&o, "Z", Constant).line, 6);
}

// ----- JavaScript and TypeScript -----

#[test]
fn ts_definitions_kinds_parents_and_extents() {
    let o = Outline::new(Language::TypeScript, TS);
    let parent = |name: &str, kind| def(&o, name, kind).parent.as_deref();
    for field in ["sku", "quantity", "price"] {
        assert_eq!(parent(field, Field), Some("CartItem"), "{field}");
    }
    assert_eq!(def(&o, "CartItem", Type).end, line_of(TS, "type Totals") - 1);
    assert_eq!(parent("subtotal", Field), Some("Totals"));
    assert_eq!(def(&o, "Totals", Type).end, line_of(TS, "export enum") - 1);
    assert_eq!((parent("Eur", Constant), parent("Usd", Constant)), (Some("Currency"), Some("Currency")));
    assert_eq!(def(&o, "TAX_RATE", Constant).line, line_of(TS, "TAX_RATE = 0.2"));
    def(&o, "counter", Variable);
    def(&o, "format", Function);
    def(&o, "a", Variable);
    def(&o, "renamed", Variable);
    let checkout = def(&o, "checkout", Function);
    assert_eq!(
        (checkout.line, checkout.end),
        (line_of(TS, "export default"), line_of(TS, "function* ids") - 1)
    );
    def(&o, "ids", Function);
    assert_eq!(def(&o, "load", Function).end, line_of(TS, "export class Cart") - 1);
    let cart = def(&o, "Cart", Type);
    assert_eq!(cart.end, line_of(TS, "module.exports") - 1);
    for field in ["empty", "secret", "items"] {
        assert_eq!(parent(field, Field), Some("Cart"), "{field}");
    }
    for method in ["constructor", "size", "save", "onClick", "totals"] {
        assert_eq!(parent(method, Method), Some("Cart"), "{method}");
    }
    assert_eq!(def(&o, "onClick", Method).end, line_of(TS, "this.save();") + 2);
    def(&o, "helper", Function);
    def(&o, "VERSION", Constant);
    // Locals in bodies and imports are not definitions.
    assert!(o.defs.iter().all(|d| !matches!(d.symbol.name.as_str(), "text" | "readFile")), "{}", dump(&o));
    let at = |needle: &str| o.enclosing(line_of(TS, needle)).map(|d| d.symbol.name.as_str());
    assert_eq!(at("await persist"), Some("save"));
    assert_eq!(at("const subtotal"), Some("totals"));
}

#[test]
fn js_test_code() {
    let o = Outline::new(Language::TypeScript, TS);
    assert!(o.in_test(line_of(TS, "describe(")));
    assert!(o.in_test(line_of(TS, "expect(")));
    assert!(!o.in_test(line_of(TS, "exports.VERSION")));
    let each = "test.each([[1, 2]])('adds %i', (a, b) => {\n  expect(a).toBe(b);\n});\nrun();\n";
    let o = Outline::new(Language::JavaScript, each);
    assert!(o.in_test(1) && !o.in_test(3));
}

#[test]
fn js_hunks() {
    let s = replace(
        Language::TypeScript,
        TS,
        "await persist(this.items);",
        &["    await persist(this.items, this.#secret);"],
    );
    assert_eq!(s.scope, Some(sym("save", Method)));
    assert_eq!(s.uses, ["items", "persist", "secret"]);
    let at = line_of(TS, "export class Cart") - 1;
    let added = [
        "",
        "export function restore(raw: string): Cart {",
        "  const { items, ...rest } = JSON.parse(raw);",
        "  console.log(`restoring ${items.length}`);",
        "  return new Cart(items.map(toItem)).withMeta(rest);",
        "}",
    ];
    let s = edit(Language::TypeScript, TS, at, 0, &added);
    assert_eq!(s.defines, [sym("restore", Function)]);
    assert_eq!(s.uses, ["Cart", "toItem", "withMeta"]);
    let s = replace(
        Language::TypeScript,
        TS,
        "export async function load",
        &["export async function load(path: string, cache = true) {"],
    );
    assert_eq!(s.changes, [sym("load", Function)]);
    let s = edit(Language::TypeScript, TS, line_of(TS, "  async save()"), 4, &[]);
    assert_eq!(s.removes, [sym("save", Method)]);
    assert_eq!(s.changes, [sym("Cart", Type)]);
    assert_eq!(s.drops, ["items", "persist"]);
    let s = replace(
        Language::TypeScript,
        TS,
        "expect(new Cart",
        &["    expect(new Cart([]).totals().tax).toBe(0);"],
    );
    assert!(s.in_test);
    assert_eq!(s.uses, ["Cart", "tax", "totals"]);
}

#[test]
fn js_requires_are_uses_not_definitions() {
    let text = "const express = require('express')\nconst { verify } = require('./auth')\n";
    assert!(Outline::new(Language::JavaScript, text).definitions().is_empty());
    let s = edit(Language::JavaScript, "", 0, 0, &["const { verify, sign: signToken } = require('./auth');"]);
    assert!(s.defines.is_empty());
    assert_eq!(s.uses, ["sign", "signToken", "verify"]);
    let s = edit(Language::JavaScript, "", 0, 0, &["  expect(res.body).not.toHaveProperty('secret');"]);
    assert_eq!(s.uses, ["body", "res"]);
}

#[test]
fn js_without_semicolons() {
    let text = "const a = 1\nconst b = {\n  x: 1,\n}\nfunction f() {\n  return a\n}\nlet c = f()\n  .toString()\nexport const handler = async (event) => {\n  await go(event)\n}\n";
    let o = Outline::new(Language::JavaScript, text);
    assert_eq!(def(&o, "a", Variable).end, 1);
    assert_eq!(def(&o, "b", Variable).end, 4);
    assert_eq!(def(&o, "f", Function).end, 7);
    assert_eq!(def(&o, "c", Variable).end, 9);
    let handler = def(&o, "handler", Function);
    assert_eq!((handler.line, handler.end), (9, 12));
}

#[test]
fn js_unbalanced_code() {
    // `save` loses its closing brace; the next method still starts its own extent.
    let text = "class Cart {\n  save() {\n    if (dirty) {\n      persist();\n  }\n\n  load() {\n    fetch(\n  }\n}\n\nfunction after() {}\n";
    let o = Outline::new(Language::JavaScript, text);
    assert_eq!(def(&o, "save", Method).end, 5, "{}", dump(&o));
    assert_eq!(def(&o, "load", Method).parent.as_deref(), Some("Cart"));
    let after = def(&o, "after", Function);
    assert_eq!(
        (after.parent.as_deref(), o.enclosing(after.line).map(|d| d.symbol.name.as_str())),
        (None, Some("after"))
    );
    let open_template = "const q = `SELECT\nfunction later() {}\n";
    assert_eq!(def(&Outline::new(Language::JavaScript, open_template), "later", Function).line, 1);
}

// ----- Any language -----

#[test]
fn empty_and_other_texts() {
    for lang in
        [Language::Rust, Language::Python, Language::JavaScript, Language::TypeScript, Language::Other]
    {
        let o = Outline::new(lang, "");
        assert!(o.definitions().is_empty() && o.enclosing(0).is_none() && !o.in_test(0));
        assert_eq!(hunk_symbols(lang, &o, &o, 0..0, 0..0, &[], &[]), Symbols::default());
    }
    let o = Outline::new(Language::Other, "fn main() {}\n");
    let s = hunk_symbols(Language::Other, &o, &o, 0..1, 0..1, &["fn main() {}"], &["fn main() { go() }"]);
    assert_eq!(s, Symbols::default());
}

#[test]
fn ranges_out_of_bounds_fall_back_to_the_hunk_text() {
    let empty = Outline::new(Language::Rust, "");
    let added = ["fn fresh() {", "    helper();", "}"];
    let s = hunk_symbols(Language::Rust, &empty, &empty, 40..40, 40..43, &[], &added);
    assert_eq!(s.defines, [sym("fresh", Function)]);
    assert_eq!(s.uses, ["helper"]);
    let o = Outline::new(Language::Rust, RUST);
    #[allow(clippy::reversed_empty_ranges)]
    let weird = [9..5, u32::MAX..u32::MAX, 0..u32::MAX, 70..10_000];
    for range in weird {
        hunk_symbols(Language::Rust, &o, &o, range.clone(), range.clone(), &[], &[]);
        hunk_symbols(Language::Rust, &o, &o, range.clone(), range, &["}"], &["fn x() {"]);
    }
}

#[test]
fn name_lists_are_sorted_for_binary_search() {
    let lists = [
        RUST_STD_MACROS,
        RUST_COMMON,
        PYTHON_COMMON,
        JS_COMMON,
        RUST_NAMESPACES,
        PYTHON_NAMESPACES,
        JS_NAMESPACES,
    ];
    for list in lists {
        for pair in list.windows(2) {
            assert!(pair[0] < pair[1], "{pair:?}");
        }
    }
    assert!(is_common(Language::Rust, "Vec") && is_common(Language::Python, "len"));
    assert!(is_common(Language::JavaScript, "console") && is_std_macro("println"));
    assert!(!is_common(Language::Rust, "parse_header"));
}

/// Every prefix of the sample files is code mid-edit: nothing may panic, every extent must be
/// sane, and every hunk must read.
#[test]
fn every_prefix_reads() {
    let samples = [(Language::Rust, RUST), (Language::Python, PYTHON), (Language::TypeScript, TS)];
    for (lang, text) in samples {
        let full = Outline::new(lang, text);
        let cuts = (0..text.len()).filter(|&i| text.is_char_boundary(i)).step_by(3);
        for cut in cuts {
            let prefix = &text[..cut];
            let o = Outline::new(lang, prefix);
            for d in o.definitions() {
                assert!(d.line < d.end && d.end <= o.lines, "{lang:?} at {cut}: {d:?}");
            }
            let lines: Vec<&str> = prefix.split('\n').collect();
            let last = to_u32(lines.len());
            let tail = &lines[lines.len().saturating_sub(3)..];
            hunk_symbols(
                lang,
                &full,
                &o,
                last.saturating_sub(3)..last,
                last.saturating_sub(3)..last,
                tail,
                tail,
            );
        }
    }
}

/// Deleting any one line (a lost brace, a lost header) leaves a readable file.
#[test]
fn every_line_deleted_reads() {
    let samples = [(Language::Rust, RUST), (Language::Python, PYTHON), (Language::TypeScript, TS)];
    for (lang, text) in samples {
        let lines: Vec<&str> = text.split('\n').collect();
        for gone in 0..lines.len() {
            let s = edit(lang, text, to_u32(gone), 1, &[]);
            assert!(s.defines.is_empty(), "{lang:?} line {gone}: {s:?}");
        }
    }
}

/// Input built to defeat the stack and the fallbacks (deep nesting, nothing ever closed, stray
/// quotes) still reads in linear time; the bound would catch a quadratic slip.
#[test]
fn pathological_input_stays_linear() {
    const BUDGET: std::time::Duration = std::time::Duration::from_millis(500);
    let stairs: String = (0..4000).map(|i| format!("{}fn f{i}() {{\n", " ".repeat(i % 300))).collect();
    let texts = [
        (Language::Rust, stairs.clone()),
        (Language::Rust, format!("fn a() {{{}{}", "(".repeat(20_000), "]".repeat(20_000))),
        (Language::Rust, "    let s = \"\n".repeat(4000)),
        (Language::Rust, "macro_rules! m {\n".repeat(2000)),
        (Language::Python, (0..4000).map(|i| format!("{}def f(\n", " ".repeat(i % 300))).collect()),
        (Language::JavaScript, stairs.replace("fn", "class")),
        (Language::TypeScript, "{".repeat(30_000)),
    ];
    for (lang, text) in texts {
        let started = std::time::Instant::now();
        let o = Outline::new(lang, &text);
        let lines: Vec<&str> = text.split('\n').take(50).collect();
        hunk_symbols(lang, &o, &o, 0..50, 0..50, &lines, &lines);
        let took = started.elapsed();
        assert!(took < BUDGET, "{lang:?} {:?}…: {took:?}", &text[..20]);
    }
}

/// A 2,000-line change over 50 files must read in milliseconds; the bound is loose so that
/// a slow CI machine does not fail it, yet a quadratic slip would.
#[test]
fn a_large_change_reads_fast() {
    const BUDGET: std::time::Duration = std::time::Duration::from_millis(500);
    let started = std::time::Instant::now();
    for file in 0..50 {
        let (lang, text) = match file % 3 {
            0 => (Language::Rust, RUST),
            1 => (Language::Python, PYTHON),
            _ => (Language::TypeScript, TS),
        };
        // Each file is the sample four times over: some 300 lines, 40 changed.
        let before = [text; 4].concat();
        let after = before.replace("self", "this_").replace("items", "goods");
        let (old, new) = (Outline::new(lang, &before), Outline::new(lang, &after));
        let (old_lines, new_lines): (Vec<&str>, Vec<&str>) =
            (before.split('\n').collect(), after.split('\n').collect());
        for (i, (a, b)) in old_lines.iter().zip(&new_lines).enumerate().filter(|(_, (a, b))| a != b).take(40)
        {
            let at = to_u32(i);
            hunk_symbols(lang, &old, &new, at..at + 1, at..at + 1, &[a], &[b]);
        }
    }
    let took = started.elapsed();
    assert!(took < BUDGET, "took {took:?}");
}
