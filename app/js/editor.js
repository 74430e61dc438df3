// Marble's editing surface: CodeMirror 6 behind a small API that the Rust app drives through
// wasm-bindgen (`app/src/editor/mod.rs`). esbuild bundles this module into one IIFE whose exports
// become the global `MarbleEditor` (see build.mjs).
//
// What lives here: the editor setup, themes, languages, and the view state the app sets (ghost
// text, decorations, an assist key hook, change/cursor/view events, where a position is on screen).
// What does not: any assistance logic. Rust decides what the ghost says, when to clear it, what a
// decoration shows and what a key does.
//
// Positions are UTF-16 code unit offsets into the document, as everywhere in CodeMirror.
// Out-of-range positions are clamped, never thrown, so a stale offset from Rust cannot trap wasm.

import {
  Annotation,
  Compartment,
  EditorState,
  MapMode,
  Prec,
  StateEffect,
  StateField,
  Transaction,
} from "@codemirror/state";
import {
  Decoration,
  EditorView,
  WidgetType,
  drawSelection,
  dropCursor,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  showTooltip,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  HighlightStyle,
  bracketMatching,
  defaultHighlightStyle,
  foldGutter,
  foldKeymap,
  indentOnInput,
  syntaxHighlighting,
} from "@codemirror/language";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { tags as t } from "@lezer/highlight";
import { rust } from "@codemirror/lang-rust";
import { python } from "@codemirror/lang-python";
import { javascript } from "@codemirror/lang-javascript";

/** The keys offered to the assist key handler, in CodeMirror key-name syntax. */
export const ASSIST_KEYS = ["Tab", "Escape", "Mod-ArrowRight", "Mod-ArrowDown", "Alt-]", "Alt-[", "Mod-Space"];

// ---------------------------------------------------------------------------------------------
// Languages and themes

/** The language support for a name the Rust `Language` enum sends; unknown names get none. */
function languageSupport(lang) {
  switch (lang) {
    case "rust":
      return rust();
    case "python":
      return python();
    // JSX parses in plain JS files (as in most editors); in TS it would break `<T>(x: T) => x`.
    case "javascript":
      return javascript({ jsx: true });
    case "typescript":
      return javascript({ typescript: true });
    default:
      return [];
  }
}

// Shared by both themes; `&light`/`&dark` pick the variant (CodeMirror's baseTheme convention).
const baseTheme = EditorView.baseTheme({
  "&": { height: "100%" },
  ".cm-scroller": {
    fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace",
    lineHeight: "1.5",
  },
  ".cm-ghost": { fontStyle: "italic" },
  "&light .cm-ghost": { color: "#8c8c8c" },
  "&dark .cm-ghost": { color: "#7a7f88" },
  ".cm-ghost-token.cm-ghost-scored": { borderRadius: "2px" },
  ".cm-ghost-tooltip": { padding: "3px 6px", fontFamily: "ui-monospace, monospace", fontSize: "90%" },
  ".cm-ghost-tooltip table": { borderCollapse: "collapse" },
  ".cm-ghost-tooltip td": { padding: "0 4px", whiteSpace: "pre" },
  ".cm-ghost-tooltip .cm-ghost-tooltip-head": { fontWeight: "bold" },
});

const lightTheme = EditorView.theme(
  {
    "&": { backgroundColor: "#ffffff", color: "#1f2328" },
    ".cm-gutters": { backgroundColor: "#f6f8fa", color: "#8c959f", border: "none" },
    ".cm-activeLine": { backgroundColor: "#f3f6fa" },
    ".cm-activeLineGutter": { backgroundColor: "#e8edf3" },
  },
  { dark: false },
);

const darkTheme = EditorView.theme(
  {
    "&": { backgroundColor: "#1e1f22", color: "#d4d4d4" },
    ".cm-content": { caretColor: "#e6e6e6" },
    ".cm-cursor, .cm-dropCursor": { borderLeftColor: "#e6e6e6" },
    "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection":
      { backgroundColor: "#264f78" },
    ".cm-gutters": { backgroundColor: "#1e1f22", color: "#6e7681", border: "none" },
    ".cm-activeLine": { backgroundColor: "#2a2c31" },
    ".cm-activeLineGutter": { backgroundColor: "#2a2c31", color: "#c8c8c8" },
    ".cm-matchingBracket, &.cm-focused .cm-matchingBracket": { backgroundColor: "#3a3d41", outline: "1px solid #707070" },
    ".cm-searchMatch": { backgroundColor: "#623315" },
    ".cm-selectionMatch": { backgroundColor: "#343a40" },
    ".cm-panels": { backgroundColor: "#25262a", color: "#d4d4d4" },
    ".cm-tooltip": { backgroundColor: "#25262a", color: "#d4d4d4", border: "1px solid #3c3f45" },
  },
  { dark: true },
);

// Colours after VS Code's Dark+ so Rust, Python and JS read the same way.
const darkHighlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword], color: "#c586c0" },
  { tag: [t.definitionKeyword, t.modifier, t.self, t.bool, t.null, t.atom], color: "#569cd6" },
  { tag: [t.string, t.special(t.string), t.character], color: "#ce9178" },
  { tag: [t.regexp, t.escape], color: "#d16969" },
  { tag: [t.number, t.integer, t.float], color: "#b5cea8" },
  { tag: [t.comment, t.lineComment, t.blockComment, t.docComment], color: "#6a9955", fontStyle: "italic" },
  { tag: [t.function(t.variableName), t.function(t.propertyName), t.macroName], color: "#dcdcaa" },
  { tag: [t.typeName, t.className, t.namespace, t.standard(t.typeName)], color: "#4ec9b0" },
  { tag: [t.variableName, t.propertyName, t.attributeName], color: "#9cdcfe" },
  { tag: [t.definition(t.variableName), t.labelName], color: "#9cdcfe" },
  { tag: [t.constant(t.variableName), t.standard(t.variableName)], color: "#4fc1ff" },
  { tag: [t.meta, t.annotation, t.processingInstruction], color: "#c8c8c8" },
  { tag: [t.tagName, t.angleBracket], color: "#569cd6" },
  { tag: t.invalid, color: "#f44747" },
  { tag: t.heading, fontWeight: "bold", color: "#569cd6" },
  { tag: t.link, textDecoration: "underline" },
]);

function themeExtension(dark) {
  return dark
    ? [darkTheme, syntaxHighlighting(darkHighlight)]
    : [lightTheme, syntaxHighlighting(defaultHighlightStyle)];
}

// ---------------------------------------------------------------------------------------------
// Ghost text: a StateField set by effects and remapped through edits, shown as an aria-hidden
// `Decoration.widget({side: 1})` (the shape of @codemirror/view's placeholder and of
// @codemirror/autocomplete's state). The widget is never part of the document.

/** Value: `{pos, segments, confidence}` or `null` to clear. */
const setGhostEffect = StateEffect.define();
/** Value: index of the hovered segment, or `null`. */
const hoverGhostEffect = StateEffect.define();

class GhostWidget extends WidgetType {
  constructor(segments, confidence) {
    super();
    this.segments = segments;
    this.confidence = confidence;
  }

  // Same segments array means same ghost: mapping and hover keep the DOM (and the pointer on it).
  eq(other) {
    return other.segments === this.segments && other.confidence === this.confidence;
  }

  toDOM(view) {
    const root = document.createElement("span");
    root.className = "cm-ghost";
    root.setAttribute("aria-hidden", "true");
    this.segments.forEach((seg, index) => {
      const span = root.appendChild(document.createElement("span"));
      span.className = "cm-ghost-token";
      // Newlines render as line breaks: `.cm-content` is `white-space: pre`, inherited here.
      span.textContent = seg.text;
      span.dataset.index = String(index);
      if (seg.prob !== null) span.dataset.prob = seg.prob.toFixed(3);
      if (!this.confidence) return;
      span.classList.add("cm-ghost-scored");
      if (seg.prob !== null) span.style.backgroundColor = confidenceColor(seg.prob);
      span.dataset.alts = seg.alts.map((a) => `${visible(a.text)} ${a.prob.toFixed(3)}`).join("\n");
      span.addEventListener("mouseenter", () => view.dispatch({ effects: hoverGhostEffect.of(index) }));
      span.addEventListener("mouseleave", () => view.dispatch({ effects: hoverGhostEffect.of(null) }));
    });
    return root;
  }

  // Let clicks on the ghost reach the editor, so they place the cursor like clicks on text.
  ignoreEvent() {
    return false;
  }
}

/** Amber wash whose strength grows as the model's probability falls. */
function confidenceColor(prob) {
  return `rgba(255, 140, 0, ${(0.55 * (1 - prob)).toFixed(3)})`;
}

/** Whitespace made visible for the alternatives list. */
function visible(text) {
  return text === "" ? "∅" : text.replace(/\n/g, "⏎").replace(/\t/g, "⇥");
}

const ghostField = StateField.define({
  create: () => null,
  update(ghost, tr) {
    // Map first: effect positions refer to the document after this transaction's changes.
    if (ghost && tr.docChanged) {
      // Text typed at the ghost pushes it right; deleting across its anchor drops it.
      const pos = tr.changes.mapPos(ghost.pos, 1, MapMode.TrackDel);
      ghost = pos === null ? null : { ...ghost, pos };
    }
    for (const e of tr.effects) {
      if (e.is(setGhostEffect)) {
        const g = e.value;
        ghost = g && { ...g, pos: clamp(g.pos, tr.newDoc.length), hover: null, widget: new GhostWidget(g.segments, g.confidence) };
      } else if (e.is(hoverGhostEffect) && ghost) {
        ghost = { ...ghost, hover: e.value };
      }
    }
    return ghost;
  },
  provide: (field) => [
    EditorView.decorations.from(field, (g) =>
      g ? Decoration.set([Decoration.widget({ widget: g.widget, side: 1 }).range(g.pos)]) : Decoration.none,
    ),
    showTooltip.from(field, (g) => (g && g.confidence && g.hover !== null ? ghostTooltip(g, g.hover) : null)),
  ],
});

/** The alternatives of one ghost segment, anchored to that segment's box rather than `pos`. */
function ghostTooltip(ghost, index) {
  const seg = ghost.segments[index];
  if (!seg) return null;
  return {
    pos: ghost.pos,
    above: true,
    create(view) {
      const dom = document.createElement("div");
      dom.className = "cm-ghost-tooltip";
      const table = dom.appendChild(document.createElement("table"));
      const row = (cells, cls) => {
        const tr = table.appendChild(document.createElement("tr"));
        if (cls) tr.className = cls;
        for (const c of cells) tr.appendChild(document.createElement("td")).textContent = c;
      };
      row([visible(seg.text), seg.prob === null ? "?" : seg.prob.toFixed(3)], "cm-ghost-tooltip-head");
      for (const a of seg.alts) row([visible(a.text), a.prob.toFixed(3)]);
      const getCoords = () => {
        const el = view.contentDOM.querySelector(`.cm-ghost-token[data-index="${index}"]`);
        return el ? el.getBoundingClientRect() : view.coordsAtPos(ghost.pos, 1);
      };
      return { dom, getCoords };
    },
  };
}

/** Accepts the segments Rust sends; anything malformed becomes empty rather than throwing. */
function normalizeSegments(segments) {
  if (!Array.isArray(segments)) return [];
  return segments.map((s) => ({
    text: typeof s?.text === "string" ? s.text : "",
    prob: typeof s?.prob === "number" && Number.isFinite(s.prob) ? Math.min(1, Math.max(0, s.prob)) : null,
    alts: Array.isArray(s?.alts)
      ? s.alts.map((a) => ({ text: String(a?.text ?? ""), prob: Number(a?.prob) || 0 }))
      : [],
  }));
}

// ---------------------------------------------------------------------------------------------
// Decorations (review risk marks, next-edit markers): kept as plain specs whose positions are
// mapped through edits, and turned into a DecorationSet against the current document, so a line
// decoration always lands on a line start even after lines are joined or split. Each spec belongs
// to a named layer, so one user (the review panel) replacing its marks leaves another's alone.

/** Value: `{layer, specs}`: the layer's new specs (already clamped), replacing its old ones. */
const setDecorationsEffect = StateEffect.define();

const decorationsField = StateField.define({
  create: () => ({ specs: [], set: Decoration.none }),
  update(value, tr) {
    let specs = value.specs;
    if (tr.docChanged && specs.length) {
      specs = specs.map((s) => {
        // Inclusive of nothing typed at either edge, like an ordinary mark.
        const from = tr.changes.mapPos(s.from, 1);
        return { ...s, from, to: Math.max(from, tr.changes.mapPos(s.to, -1)) };
      });
    }
    for (const e of tr.effects) {
      if (!e.is(setDecorationsEffect)) continue;
      // A null layer clears every layer (a new document).
      const { layer, specs: mine } = e.value;
      specs = layer === null ? [] : specs.filter((s) => s.layer !== layer).concat(mine);
    }
    return specs === value.specs ? value : { specs, set: buildDecorations(tr.newDoc, specs) };
  },
  provide: (field) => EditorView.decorations.from(field, (v) => v.set),
});

const clearAllDecorations = () => setDecorationsEffect.of({ layer: null, specs: [] });

/** Text shown in the document without being part of it (a proposed insertion), `aria-hidden`. */
class TextWidget extends WidgetType {
  constructor(text, cls, title) {
    super();
    this.text = text;
    this.cls = cls;
    this.title = title;
  }

  eq(other) {
    return other.text === this.text && other.cls === this.cls && other.title === this.title;
  }

  toDOM() {
    const span = document.createElement("span");
    span.className = this.cls;
    span.setAttribute("aria-hidden", "true");
    // Newlines render as line breaks: `.cm-content` is `white-space: pre`, inherited here.
    span.textContent = this.text;
    if (this.title) span.title = this.title;
    return span;
  }

  ignoreEvent() {
    return false;
  }
}

function buildDecorations(doc, specs) {
  const ranges = [];
  for (const s of specs) {
    const attributes = s.title ? { title: s.title } : undefined;
    if (s.kind === "line") {
      const first = doc.lineAt(s.from);
      // Half-open: a range that ends exactly at a line start does not reach into that line.
      const end = s.to > s.from && doc.lineAt(s.to).from === s.to ? s.to - 1 : s.to;
      const last = doc.lineAt(Math.max(s.from, end));
      const deco = Decoration.line({ class: s.class, attributes });
      for (let n = first.number; n <= last.number; n++) ranges.push(deco.range(doc.line(n).from));
    } else if (s.kind === "widget") {
      ranges.push(Decoration.widget({ widget: new TextWidget(s.text, s.class, s.title), side: 1 }).range(s.from));
    } else if (s.to > s.from) {
      ranges.push(Decoration.mark({ class: s.class, attributes }).range(s.from, s.to));
    }
  }
  return Decoration.set(ranges, true);
}

function normalizeDecorations(list, layer, docLength) {
  if (!Array.isArray(list)) return [];
  return list.map((d) => {
    const from = clamp(d?.from, docLength);
    return {
      layer,
      from,
      to: Math.max(from, clamp(d?.to, docLength)),
      kind: d?.kind === "line" || d?.kind === "widget" ? d.kind : "mark",
      class: typeof d?.class === "string" ? d.class : "",
      title: typeof d?.title === "string" ? d.title : null,
      text: typeof d?.text === "string" ? d.text : "",
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The editor

/** Marks the transactions of `setText`, so change events can say they were not the user's. */
const fromSetText = Annotation.define();

function clamp(pos, length) {
  const n = Math.floor(Number(pos));
  return Number.isFinite(n) ? Math.min(Math.max(n, 0), length) : 0;
}

/**
 * Create an editor inside `parent`.
 *
 * @param {HTMLElement} parent
 * @param {{doc: string, language: "rust"|"python"|"javascript"|"typescript"|"plain",
 *          dark: boolean, readOnly?: boolean}} options
 * @returns {MarbleEditorInstance} the object whose methods are documented below.
 */
export function create(parent, options) {
  const language = new Compartment();
  const theme = new Compartment();
  const historyCompartment = new Compartment();

  let destroyed = false;
  let changeListeners = [];
  let cursorListeners = [];
  let viewListeners = [];
  let keyHandler = null;
  let lastCursor = 0;

  // Listeners run in a microtask after the update, so they may call back into the editor
  // (CodeMirror forbids dispatching from inside an update listener).
  let pending = [];
  const flush = () => {
    const events = pending;
    pending = [];
    if (destroyed) return;
    for (const [listeners, event] of events) {
      for (const listener of listeners) {
        // One failing listener (or a Rust closure already dropped) must not starve the others.
        try {
          listener(event);
        } catch (err) {
          console.error("MarbleEditor listener failed", err);
        }
      }
    }
  };
  const emit = (listeners, event) => {
    if (!listeners.length) return;
    if (!pending.length) queueMicrotask(flush);
    pending.push([listeners, event]);
  };

  const events = EditorView.updateListener.of((update) => {
    for (const tr of update.transactions) {
      if (!tr.docChanged) continue;
      const changes = [];
      // `from`/`to` are in the document before this transaction; all apply at once.
      tr.changes.iterChanges((from, to, _fromB, _toB, inserted) => {
        changes.push({ from, to, inserted: inserted.toString() });
      });
      emit(changeListeners, {
        text_len: tr.newDoc.length,
        changes,
        cursor: tr.newSelection.main.head,
        user: tr.annotation(fromSetText) !== true,
        event: tr.annotation(Transaction.userEvent) ?? null,
      });
    }
    const cursor = update.state.selection.main.head;
    if (cursor !== lastCursor) {
      lastCursor = cursor;
      emit(cursorListeners, { cursor });
    }
    if (update.geometryChanged || update.viewportChanged || update.heightChanged) viewChanged();
  });

  // Scrolling moves what is on screen without an update; one event per frame is enough.
  let viewFrame = 0;
  const viewChanged = () => {
    if (viewFrame || !viewListeners.length) return;
    viewFrame = requestAnimationFrame(() => {
      viewFrame = 0;
      if (!destroyed) emit(viewListeners, visibleLines());
    });
  };

  // Highest precedence, and only for ASSIST_KEYS: when the handler declines, the key falls through
  // to the ordinary bindings (Tab indents, Escape simplifies the selection, ...).
  const assistKeys = Prec.highest(
    keymap.of(
      ASSIST_KEYS.map((key) => ({
        key,
        run: () => {
          if (!keyHandler) return false;
          try {
            return keyHandler(key) === true;
          } catch (err) {
            console.error("MarbleEditor key handler failed", err);
            return false;
          }
        },
      })),
    ),
  );

  // Every document's state is built with the same extensions, so a saved state (one per open
  // file, with its own undo history) can be put back with `openDocument`.
  let dark = options?.dark === true;
  const makeState = (doc, lang) =>
    EditorState.create({
      doc: String(doc ?? ""),
      extensions: [
        assistKeys,
        lineNumbers(),
        foldGutter(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        historyCompartment.of(history()),
        drawSelection(),
        dropCursor(),
        EditorState.allowMultipleSelections.of(true),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        keymap.of([
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...searchKeymap,
          ...historyKeymap,
          ...foldKeymap,
          indentWithTab,
        ]),
        EditorState.readOnly.of(options?.readOnly === true),
        EditorView.contentAttributes.of({ "aria-label": "Code editor" }),
        baseTheme,
        theme.of(themeExtension(dark)),
        language.of(languageSupport(lang)),
        ghostField,
        decorationsField,
        events,
      ],
    });

  const view = new EditorView({ parent, state: makeState(options?.doc, options?.language) });
  view.scrollDOM.addEventListener("scroll", () => viewChanged(), { passive: true });

  const len = () => view.state.doc.length;

  // The lines wholly inside the scroller's visible box, 1-based: heights are relative to the
  // document's top (`documentTop`, in screen coordinates), as `lineBlockAtHeight` expects.
  const visibleLines = () => {
    const doc = view.state.doc;
    const top = view.scrollDOM.getBoundingClientRect().top - view.documentTop;
    const bottom = top + view.scrollDOM.clientHeight;
    const first = view.lineBlockAtHeight(Math.max(0, top));
    const last = view.lineBlockAtHeight(Math.max(0, bottom - 1));
    let a = doc.lineAt(first.from).number;
    let b = doc.lineAt(last.from).number;
    if (first.top < top - 1 && a < b) a += 1;
    if (last.bottom > bottom + 1 && b > a) b -= 1;
    return { first: a, last: b };
  };
  // After destroy every method is a harmless no-op (reads return empty values).
  const live = (fn, fallback) => (...args) => (destroyed ? fallback : fn(...args));

  return {
    /** The CodeMirror view, for tests and debugging only; the app goes through the methods. */
    view,

    /** The whole document. */
    getText: live(() => view.state.doc.toString(), ""),

    /**
     * Replace the whole document (loading a file). Not undoable: the undo history is reset, and
     * the ghost and decorations are cleared. The cursor goes to 0 and the view scrolls to the
     * top. Change listeners see one event with `user: false`.
     */
    setText: live((text) => {
      view.dispatch({
        changes: { from: 0, to: len(), insert: String(text ?? "") },
        selection: { anchor: 0 },
        effects: [
          setGhostEffect.of(null),
          clearAllDecorations(),
          historyCompartment.reconfigure([]),
          EditorView.scrollIntoView(0, { y: "start" }),
        ],
        annotations: [fromSetText.of(true), Transaction.addToHistory.of(false)],
      });
      // Re-adding the history field after removing it starts it empty.
      view.dispatch({ effects: historyCompartment.reconfigure(history()) });
    }),

    /**
     * Replace `from..to` with `text` as an undoable edit (e.g. accepting ghost text), leaving the
     * cursor after the inserted text. Change listeners see `user: true`.
     */
    replace: live((from, to, text) => {
      const a = clamp(from, len());
      const b = Math.max(a, clamp(to, len()));
      const insert = String(text ?? "");
      view.dispatch({
        changes: { from: a, to: b, insert },
        selection: { anchor: a + insert.length },
        userEvent: "input.complete",
        scrollIntoView: true,
      });
    }),

    /** The main selection's head (UTF-16 offset). */
    getCursor: live(() => view.state.selection.main.head, 0),

    /** Place a collapsed cursor at `pos` (clamped) and scroll it into view. */
    setCursor: live((pos) => {
      view.dispatch({ selection: { anchor: clamp(pos, len()) }, scrollIntoView: true });
    }),

    /**
     * Place a collapsed cursor at `pos` (clamped) and show it: where it is on screen already the
     * view stays; otherwise its line comes to the middle (a jump far away keeps context around).
     */
    reveal: live((pos) => {
      const anchor = clamp(pos, len());
      const line = view.state.doc.lineAt(anchor).number;
      const { first, last } = visibleLines();
      const y = line >= first && line <= last ? "nearest" : "center";
      view.dispatch({ selection: { anchor }, effects: EditorView.scrollIntoView(anchor, { y }) });
    }),

    /** The lines wholly on screen: `{first, last}`, 1-based. */
    visibleLines: live(() => visibleLines(), { first: 1, last: 1 }),

    /**
     * Where `pos` (clamped) is drawn, relative to the editor's parent element, in CSS pixels:
     * `{left, top, bottom, line_right, view_width}`, where `line_right` is the right edge of the
     * drawn content of its line (widgets included) and `view_width` the scroller's visible width.
     * Null when the position is not drawn (outside the rendered viewport).
     */
    placeAt: live((pos) => {
      const at = clamp(pos, len());
      const coords = view.coordsAtPos(at, 1);
      if (!coords) return null;
      const origin = parent.getBoundingClientRect();
      let right = coords.right;
      const { node } = view.domAtPos(view.state.doc.lineAt(at).from);
      const lineEl = (node.nodeType === 1 ? node : node.parentElement)?.closest(".cm-line");
      if (lineEl) {
        const range = document.createRange();
        range.selectNodeContents(lineEl);
        const box = range.getBoundingClientRect();
        if (box.width > 0) right = box.right;
      }
      const scroller = view.scrollDOM.getBoundingClientRect();
      return {
        left: coords.left - origin.left,
        top: coords.top - origin.top,
        bottom: coords.bottom - origin.top,
        line_right: right - origin.left,
        view_width: scroller.left - origin.left + view.scrollDOM.clientWidth,
      };
    }, null),

    /** The line containing `pos` (clamped): `{number (1-based), from, to}` (`to` excludes "\n"). */
    lineAt: live((pos) => {
      const line = view.state.doc.lineAt(clamp(pos, len()));
      return { number: line.number, from: line.from, to: line.to };
    }, { number: 1, from: 0, to: 0 }),

    /** Give the editor keyboard focus. */
    focus: live(() => view.focus()),

    /** Tear down the view and forget every listener and handler. Idempotent. */
    destroy: live(() => {
      destroyed = true;
      changeListeners = [];
      cursorListeners = [];
      viewListeners = [];
      pending = [];
      if (viewFrame) cancelAnimationFrame(viewFrame);
      keyHandler = null;
      view.destroy();
    }),

    /**
     * Call `callback({text_len, changes: [{from, to, inserted}], cursor, user})` after every
     * transaction that changes the document. `from`/`to` are in the document before that
     * transaction; `user` is false only for `setText`; `event` is CodeMirror's user event
     * ("input.type", "delete.backward", "undo", "input.complete" for `replace`, ...) or null.
     * Several callbacks may be registered.
     */
    onChange: live((callback) => {
      changeListeners = [...changeListeners, callback];
    }),

    /** Call `callback({cursor})` whenever the main selection head moves (by any means). */
    onCursor: live((callback) => {
      cursorListeners = [...cursorListeners, callback];
    }),

    /**
     * Call `callback({first, last})` (the lines on screen, as `visibleLines`) after the view
     * scrolls, resizes or redraws lines of another height; at most once per frame.
     */
    onView: live((callback) => {
      viewListeners = [...viewListeners, callback];
    }),

    /** Switch the syntax: "rust" | "python" | "javascript" | "typescript" | "plain". */
    setLanguage: live((lang) => {
      view.dispatch({ effects: language.reconfigure(languageSupport(lang)) });
    }),

    /** Switch between the light and the dark theme. */
    setTheme: live((isDark) => {
      dark = isDark === true;
      view.dispatch({ effects: theme.reconfigure(themeExtension(dark)) });
    }),

    /**
     * The editor's whole state (document, selection, undo history), opaque, to give back to
     * `openDocument` when the user returns to this file.
     */
    saveState: live(() => view.state, null),

    /**
     * Show another document: `saved` (from `saveState`) when given, with its undo history and
     * selection, else a fresh state with `doc` in `lang`. The ghost and decorations are cleared;
     * no change event fires (nothing was edited).
     */
    openDocument: live((doc, lang, saved) => {
      view.setState(saved instanceof EditorState ? saved : makeState(doc, lang));
      view.dispatch({
        effects: [
          theme.reconfigure(themeExtension(dark)),
          setGhostEffect.of(null),
          clearAllDecorations(),
          EditorView.scrollIntoView(view.state.selection.main.head, { y: "center" }),
        ],
      });
      lastCursor = view.state.selection.main.head;
      emit(cursorListeners, { cursor: lastCursor });
    }),

    /**
     * Show ghost text after `pos`: `segments` = `[{text, prob: 0..1 | null, alts: [{text, prob}]}]`.
     * With `showConfidence`, each segment is shaded by its probability and hovering it shows its
     * alternatives. Replaces any previous ghost; typing at `pos` pushes it along, deleting across
     * `pos` removes it.
     */
    setGhost: live((pos, segments, showConfidence) => {
      view.dispatch({
        effects: setGhostEffect.of({
          pos: clamp(pos, len()),
          segments: normalizeSegments(segments),
          confidence: showConfidence === true,
        }),
      });
    }),

    /** Remove the ghost text, if any. */
    clearGhost: live(() => {
      if (view.state.field(ghostField)) view.dispatch({ effects: setGhostEffect.of(null) });
    }),

    /** The ghost's current (mapped) position and full text, or null. */
    getGhost: live(() => {
      const g = view.state.field(ghostField);
      return g ? { pos: g.pos, text: g.segments.map((s) => s.text).join("") } : null;
    }, null),

    /**
     * Replace the decorations of `layer` (a name; other layers stay) with `list` =
     * `[{from, to, kind: "line"|"mark"|"widget", class, title?, text?}]`. "line" puts `class` on
     * every line from the one containing `from` to the one containing `to` (a `to` exactly at a
     * line start stops before that line); "mark" wraps `from..to`; "widget" shows `text` (not part
     * of the document, `aria-hidden`) in a span of `class` at `from`. Positions are mapped through
     * later edits.
     */
    setDecorations: live((layer, list) => {
      const name = String(layer);
      view.dispatch({ effects: setDecorationsEffect.of({ layer: name, specs: normalizeDecorations(list, name, len()) }) });
    }),

    /** Remove the decorations of `layer`. */
    clearDecorations: live((layer) => {
      view.dispatch({ effects: setDecorationsEffect.of({ layer: String(layer), specs: [] }) });
    }),

    /**
     * Consult `callback(keyName)` first for each of ASSIST_KEYS; it returns true when it handled
     * the key. Replaces the previous handler; `null` removes it.
     */
    setKeyHandler: live((callback) => {
      keyHandler = typeof callback === "function" ? callback : null;
    }),
  };
}
