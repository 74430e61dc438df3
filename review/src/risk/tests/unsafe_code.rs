//! Tests of the unsafe-code rules.

use super::*;

#[test]
fn rust_new_unsafe_and_transmute() {
    let found = expect(
        risks(
            "src/buf.rs",
            "    let x = bytes.get(i).copied();",
            "    let x = unsafe { *bytes.get_unchecked(i) };",
        ),
        &[Unsafe],
    );
    assert!(reason(&found, Unsafe).starts_with("New `unsafe` code in `let x = unsafe"));
    expect(risks("src/f.rs", "", "    let bits: u32 = std::mem::transmute(x);"), &[Unsafe]);
    // An existing unsafe block re-indented under a new `if`.
    expect(
        risks(
            "src/buf.rs",
            "    unsafe { ptr.write(v) };",
            "    if ok {\n        unsafe { ptr.write(v) };\n    }",
        ),
        &[],
    );
}

#[test]
fn python_unsafe_loading_and_tls() {
    expect(risks("app/cache.py", "", "    obj = pickle.loads(blob)"), &[Unsafe]);
    expect(risks("app/cfg.py", "", "    cfg = yaml.load(f)"), &[Unsafe]);
    expect(risks("app/cfg.py", "", "    cfg = yaml.load(f, Loader=yaml.SafeLoader)"), &[]);
    expect(
        risks("app/net.py", "    r = requests.get(url)", "    r = requests.get(url, verify=False)"),
        &[Unsafe, Security],
    );
    // PyTorch's `model.eval()` is not `eval`.
    expect(risks("app/train.py", "", "    model.eval()"), &[]);
}

#[test]
fn js_unsafe_markup_and_eval() {
    expect(risks("web/view.js", "  el.textContent = html;", "  el.innerHTML = html;"), &[Unsafe]);
    expect(risks("web/view.js", "", "  el.innerHTML = \"\";"), &[]);
    expect(risks("web/calc.js", "", "  const v = eval(expr);"), &[Unsafe]);
    expect(
        risks("web/client.ts", "", "  const agent = new https.Agent({ rejectUnauthorized: false });"),
        &[Unsafe, Security],
    );
}
