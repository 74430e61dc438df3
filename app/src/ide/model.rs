//! The model manager: the default model (served beside the app, cached by the browser after the
//! first load), models opened from disk or a URL, load progress, and a small playground that
//! shows what the model does token by token.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::state::{bytes_label, ide, Ide, LoadProgress, ModelStatus, NoticeKind};
use crate::clock::now_ms;
use crate::js_error::text as js_error_text;
use crate::worker::fetch::MODEL_CACHE;
use crate::worker::protocol::{
    Event, FromWorker, GenerateRequest, LoadModel, LoadPhase, Prompt, Request, StopReason, TokenEvent,
};
use crate::worker::EngineClient;

/// What `models/default.json` (written at build time) says about the default model.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct DefaultModel {
    pub name: String,
    pub file: String,
    pub size: u64,
    pub architecture: String,
    pub quantization: String,
}

fn absolute(url: &str) -> Result<String, String> {
    let base = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    web_sys::Url::new_with_base(url, &base)
        .map(|u| u.href())
        .map_err(|_| format!("“{url}” is not a valid address."))
}

fn same_origin(url: &str) -> bool {
    let origin = web_sys::window().and_then(|w| w.location().origin().ok());
    web_sys::Url::new(url).ok().map(|u| u.origin()) == origin
}

/// Reads `models/default.json`; `None` when the server has no default model.
pub async fn default_model() -> Option<DefaultModel> {
    let window = web_sys::window()?;
    let resp: web_sys::Response =
        JsFuture::from(window.fetch_with_str("models/default.json")).await.ok()?.dyn_into().ok()?;
    if !resp.ok() {
        return None;
    }
    let json = JsFuture::from(resp.json().ok()?).await.ok()?;
    serde_wasm_bindgen::from_value(json).ok()
}

/// Routes the worker's model-wide events (ready, notices, device loss) into the IDE's state.
pub fn on_worker_event(ide: Ide, msg: &FromWorker) {
    match &msg.event {
        Event::ModelReady(info) => {
            if let Some(why) = &info.fallback_reason {
                ide.notify(
                    NoticeKind::Warning,
                    format!("{why}: the model runs on the CPU, which is slower."),
                );
            }
            // Remembered only once it works, so a broken file is not retried at every start.
            super::prefs::set("model.url", &info.url);
            super::prefs::set("model.name", &info.name);
            super::prefs::set(
                "model.cache_only",
                if info.url.contains("/models/local/") { "1" } else { "0" },
            );
            ide.model.set(ModelStatus::Ready(info.clone()));
        }
        Event::Notice(text) => ide.notify(NoticeKind::Warning, text.clone()),
        Event::Done(done) => {
            if let Some(tps) = done.tokens_per_second() {
                ide.tokens_per_s.set(Some(tps));
            }
        }
        Event::Error(e) if e.kind == crate::worker::protocol::ErrorKind::DeviceLost => {
            ide.notify(NoticeKind::Warning, e.message.clone());
        }
        _ => {}
    }
}

/// Starts the engine worker (again, after one died).
pub fn start_engine(ide: Ide) {
    let client = EngineClient::spawn(move |msg| on_worker_event(ide, msg), move || engine_died(ide));
    ide.engine.set_value(Some(client));
}

/// The worker stopped answering (a crash, or out of memory while loading): say so, start a
/// fresh one, and leave the model unloaded.
fn engine_died(ide: Ide) {
    let what = match ide.model.get_untracked() {
        ModelStatus::Loading(p) => format!("while loading “{}”, most likely out of memory", p.name),
        _ => "unexpectedly".to_string(),
    };
    fail(
        ide,
        format!(
            "The model engine stopped {what}. It has been restarted without a model: load the \
             model again, or choose a smaller one and close other tabs."
        ),
    );
    start_engine(ide);
}

pub fn engine(ide: Ide) -> Option<EngineClient> {
    ide.engine.get_value()
}

/// Loads a model from a URL on this site (or the model cache, for `cache_only`).
pub fn load(ide: Ide, url: &str, name: &str, cache_only: bool) {
    let Some(engine) = engine(ide) else { return };
    let url = match absolute(url) {
        Ok(u) => u,
        Err(e) => return fail(ide, e),
    };
    if !same_origin(&url) {
        return fail(
            ide,
            "Marble loads models only from this site: its privacy policy lets no request leave \
             it. Download the file, then open it from disk."
                .into(),
        );
    }
    let start = LoadProgress {
        name: name.to_string(),
        phase: LoadPhase::Cache,
        loaded: 0,
        total: None,
        phase_start_ms: now_ms(),
        now_ms: now_ms(),
    };
    ide.model.set(ModelStatus::Loading(start));
    let request = Request::LoadModel(LoadModel {
        url,
        name: name.to_string(),
        backend: super::prefs::backend(),
        cache_only,
    });
    engine.request(request, move |event| match event {
        Event::Progress { phase, loaded, total } => {
            let t = now_ms();
            ide.model.update(|m| {
                if let ModelStatus::Loading(p) = m {
                    if p.phase != *phase {
                        p.phase = *phase;
                        p.phase_start_ms = t;
                    }
                    p.loaded = *loaded;
                    p.total = *total;
                    p.now_ms = t;
                }
            });
        }
        Event::Error(e) => fail(ide, e.message.clone()),
        _ => {}
    });
}

fn fail(ide: Ide, message: String) {
    ide.notify(NoticeKind::Error, message.clone());
    ide.model.set(ModelStatus::Failed(message));
}

/// The model the user loaded last, or the default one.
pub async fn load_startup_model(ide: Ide) {
    let last = super::prefs::get("model.url").zip(super::prefs::get("model.name"));
    match last {
        Some((url, name)) => {
            load(ide, &url, &name, super::prefs::get("model.cache_only").as_deref() == Some("1"))
        }
        None => load_default(ide).await,
    }
}

pub async fn load_default(ide: Ide) {
    match default_model().await {
        Some(m) => load(ide, &m.file, &m.name, false),
        None => fail(
            ide,
            "This server has no default model (models/default.json is missing): run the README's \
             first command to fetch it, or open a GGUF from disk."
                .into(),
        ),
    }
}

/// Puts a GGUF chosen from disk into the model cache and loads it from there (so the next visit
/// can load it again without the file).
pub async fn open_file(ide: Ide, file: web_sys::File) {
    let name = file.name();
    let url = match absolute(&format!("models/local/{}", js_sys::encode_uri_component(&name))) {
        Ok(u) => u,
        Err(e) => return fail(ide, e),
    };
    match put_in_cache(&url, &file).await {
        Ok(()) => load(ide, &url, &name, true),
        Err(e) => fail(ide, e),
    }
}

async fn put_in_cache(url: &str, file: &web_sys::File) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let storage_full = |e: &JsValue| {
        let text = js_error_text(e);
        if text.contains("QuotaExceeded") {
            "The browser's storage is full, so the model cannot be opened. Free space (e.g. \
             remove other sites' data) and try again."
                .to_string()
        } else {
            format!("The browser refused to store the model ({text}). Try again, or use another browser.")
        }
    };
    let caches = window.caches().map_err(|e| storage_full(&e))?;
    let cache: web_sys::Cache = JsFuture::from(caches.open(MODEL_CACHE))
        .await
        .and_then(|c| c.dyn_into())
        .map_err(|e| storage_full(&e))?;
    let init = web_sys::ResponseInit::new();
    let headers = web_sys::Headers::new().map_err(|e| storage_full(&e))?;
    let _ = headers.set("content-length", &file.size().to_string());
    init.set_headers(&headers);
    let resp =
        web_sys::Response::new_with_opt_blob_and_init(Some(file), &init).map_err(|e| storage_full(&e))?;
    JsFuture::from(cache.put_with_str(url, &resp)).await.map_err(|e| storage_full(&e))?;
    Ok(())
}

#[component]
pub fn ModelPanel() -> impl IntoView {
    let ide = ide();
    let default = LocalResource::new(default_model);
    let url_input = RwSignal::new(String::new());
    let file_input = NodeRef::<leptos::html::Input>::new();

    let on_file = move |_| {
        let Some(input) = file_input.get() else { return };
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            spawn_local(open_file(ide, file));
        }
        input.set_value("");
    };

    view! {
        <section class="panel-section model-panel" aria-labelledby="model-heading">
            <h2 id="model-heading">"Model"</h2>
            <ModelStatusCard />
            <div class="model-actions">
                <button
                    class="primary"
                    data-testid="load-default"
                    on:click=move |_| spawn_local(load_default(ide))
                    disabled=move || matches!(ide.model.get(), ModelStatus::Loading(_))
                >
                    {move || match default.get().flatten() {
                        Some(m) => format!("Load {} ({})", m.name, bytes_label(m.size)),
                        None => "Load the default model".to_string(),
                    }}
                </button>
                <label class="button">
                    "Open GGUF from disk…"
                    <input
                        type="file"
                        accept=".gguf"
                        class="visually-hidden"
                        data-testid="open-model-file"
                        node_ref=file_input
                        on:change=on_file
                    />
                </label>
                <form
                    class="url-form"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        let url = url_input.get_untracked();
                        if !url.trim().is_empty() {
                            let name = url.rsplit('/').next().unwrap_or("model").to_string();
                            load(ide, url.trim(), &name, false);
                        }
                    }
                >
                    <input
                        type="url"
                        placeholder="models/other.gguf (this site only)"
                        aria-label="Model address"
                        prop:value=move || url_input.get()
                        on:input=move |ev| url_input.set(event_target_value(&ev))
                    />
                    <button type="submit">"Load URL"</button>
                </form>
            </div>
            <Playground />
        </section>
    }
}

#[component]
fn ModelStatusCard() -> impl IntoView {
    let ide = ide();
    move || match ide.model.get() {
        ModelStatus::None => view! {
            <div class="model-card" data-state="none">
                <p>"No model loaded. The editor works without one; load a model for completions."</p>
            </div>
        }
        .into_any(),
        ModelStatus::Loading(p) => {
            let what = match p.phase {
                LoadPhase::Download => "Downloading",
                LoadPhase::Cache => "Reading from the browser's cache",
                LoadPhase::Parse => "Preparing",
                LoadPhase::Upload => "Uploading to the GPU",
            };
            let pct = p.fraction().map(|f| f * 100.0);
            let detail = match (p.phase, p.total) {
                (LoadPhase::Parse, _) => "parsing the GGUF and building the tokenizer".to_string(),
                (LoadPhase::Upload, _) => "creating buffers and pipelines".to_string(),
                (_, Some(total)) => {
                    let mut s = format!("{} of {}", bytes_label(p.loaded), bytes_label(total));
                    if let Some(rate) = p.rate() {
                        s += &format!(" · {}/s", bytes_label(rate as u64));
                    }
                    if let Some(eta) = p.eta() {
                        s += &format!(" · {:.0} s left", eta.ceil());
                    }
                    s
                }
                (_, None) => bytes_label(p.loaded),
            };
            view! {
                <div class="model-card" data-state="loading">
                    <p class="model-name">{p.name.clone()}</p>
                    <p>{what}</p>
                    <div
                        class="progress"
                        role="progressbar"
                        aria-label="Model loading"
                        aria-valuemin="0"
                        aria-valuemax="100"
                        aria-valuenow=pct.map(|v| format!("{v:.0}"))
                        data-loaded=p.loaded.to_string()
                    >
                        <div
                            class="progress-fill"
                            class:indeterminate=pct.is_none()
                            style=format!("width: {:.1}%", pct.unwrap_or(100.0))
                        ></div>
                    </div>
                    <p class="muted progress-detail">{detail}</p>
                </div>
            }
            .into_any()
        }
        ModelStatus::Ready(info) => {
            let backend = match &info.adapter {
                Some(a) => format!("{} · {}", info.backend.label(), a),
                None => info.backend.label().to_string(),
            };
            view! {
                <div class="model-card" data-state="ready" data-backend=info.backend.label()>
                    <p class="model-name">{info.name.clone()}</p>
                    <dl class="facts">
                        <dt>"Size"</dt>
                        <dd>{bytes_label(info.size_bytes)}</dd>
                        <dt>"Architecture"</dt>
                        <dd>{format!("{} · {} layers · d={}", info.architecture, info.layers, info.embedding)}</dd>
                        <dt>"Parameters"</dt>
                        <dd>{format!("{:.0} M", info.parameters as f64 / 1e6)}</dd>
                        <dt>"Quantization"</dt>
                        <dd>{info.quantization.clone()}</dd>
                        <dt>"Vocabulary"</dt>
                        <dd>
                            {format!(
                                "{} tokens{}",
                                info.vocab,
                                if info.fim { " · fill-in-the-middle" } else { "" },
                            )}
                        </dd>
                        <dt>"Completion"</dt>
                        <dd data-testid="model-prompt-format">{info.prompt_format.clone()}</dd>
                        <dt>"Runs on"</dt>
                        <dd data-testid="model-backend">{backend}</dd>
                        <dt>"Loaded"</dt>
                        <dd data-testid="model-source">
                            {format!(
                                "{} in {:.1} s",
                                if info.from_cache { "from the browser's cache" } else { "downloaded" },
                                (info.fetch_ms + info.parse_ms + info.upload_ms) / 1000.0,
                            )}
                        </dd>
                    </dl>
                </div>
            }
            .into_any()
        }
        ModelStatus::Failed(message) => view! {
            <div class="model-card" data-state="failed" role="alert">
                <p class="error-text">{message}</p>
            </div>
        }
        .into_any(),
    }
}

/// Runs a prompt through the worker and shows each token with its probability: a window on
/// what the model does, for learners and demos.
#[component]
fn Playground() -> impl IntoView {
    let ide = ide();
    let prompt = RwSignal::new("fn fibonacci(n: u64) -> u64 {".to_string());
    let max_tokens = RwSignal::new(24u32);
    let tokens = RwSignal::new(Vec::<TokenEvent>::new());
    let running = RwSignal::new(None::<u64>);
    let summary = RwSignal::new(String::new());
    let done_ids = RwSignal::new(String::new());

    let run = move || {
        let Some(engine) = engine(ide) else { return };
        if let Some(id) = running.get_untracked() {
            engine.cancel(id);
        }
        tokens.set(Vec::new());
        summary.set(String::new());
        done_ids.set(String::new());
        let req = GenerateRequest {
            top_alternatives: 3,
            ..GenerateRequest::greedy(Prompt::Text(prompt.get_untracked()), max_tokens.get_untracked())
        };
        let id = engine.request(Request::Generate(req), move |event| match event {
            Event::Token(t) => tokens.update(|v| v.push(t.clone())),
            Event::Done(d) => {
                running.set(None);
                let stop = match d.stop {
                    StopReason::MaxTokens => "token limit",
                    StopReason::EndToken => "end of text",
                    StopReason::Cancelled => "stopped",
                    StopReason::ContextFull => "context full",
                };
                let tps = d.tokens_per_second().map_or(String::new(), |t| format!(" · {t:.1} tokens/s"));
                summary.set(format!(
                    "{} tokens · prompt {} ({} reused) in {:.0} ms{} · {}",
                    d.tokens.len(),
                    d.prompt_tokens,
                    d.reused,
                    d.prefill_ms,
                    tps,
                    stop
                ));
                done_ids.set(d.tokens.iter().map(u32::to_string).collect::<Vec<_>>().join(","));
            }
            Event::Error(e) => {
                running.set(None);
                summary.set(e.message.clone());
            }
            _ => {}
        });
        running.set(Some(id));
    };
    let stop = move || {
        if let (Some(engine), Some(id)) = (engine(ide), running.get_untracked()) {
            engine.cancel(id);
            running.set(None);
            summary.set("Stopped.".into());
        }
    };

    view! {
        <details class="playground" open>
            <summary>"Try the model"</summary>
            <textarea
                aria-label="Prompt"
                data-testid="playground-prompt"
                rows="3"
                prop:value=move || prompt.get()
                on:input=move |ev| prompt.set(event_target_value(&ev))
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                        ev.prevent_default();
                        run();
                    }
                }
            ></textarea>
            <div class="row">
                <label>
                    "Tokens "
                    <input
                        type="number"
                        min="1"
                        max="512"
                        aria-label="Tokens to generate"
                        data-testid="playground-max-tokens"
                        prop:value=move || max_tokens.get().to_string()
                        on:input=move |ev| {
                            if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                                max_tokens.set(n.clamp(1, 512));
                            }
                        }
                    />
                </label>
                <button
                    class="primary"
                    data-testid="playground-run"
                    disabled=move || !matches!(ide.model.get(), ModelStatus::Ready(_))
                    on:click=move |_| run()
                >
                    "Run (greedy)"
                </button>
                <button data-testid="playground-stop" disabled=move || running.get().is_none() on:click=move |_| stop()>
                    "Stop"
                </button>
            </div>
            <div class="playground-output" data-testid="playground-output" data-tokens=move || done_ids.get() aria-live="polite">
                <For
                    each=move || tokens.get().into_iter().enumerate()
                    key=|(i, _)| *i
                    children=move |(_, t)| {
                        let p = t.prob.unwrap_or(1.0);
                        let alts = t
                            .alternatives
                            .iter()
                            .map(|(s, p)| format!("{:?} {:.0}%", s, p * 100.0))
                            .collect::<Vec<_>>()
                            .join("\n");
                        view! {
                            <span
                                class="token"
                                style=format!("--p: {p:.3}")
                                title=format!("token {} · {:.1}%\n{}", t.id, p * 100.0, alts)
                                data-id=t.id.to_string()
                            >
                                {t.text.clone()}
                            </span>
                        }
                    }
                />
            </div>
            <p class="muted" data-testid="playground-summary">{move || summary.get()}</p>
        </details>
    }
}
