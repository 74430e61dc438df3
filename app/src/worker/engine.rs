//! The engine worker: owns the model and one [`Session`] (so its KV cache carries over between
//! requests), and answers [`Request`]s one at a time in arrival order.
//!
//! Only `Ping` and `Cancel` are handled the moment they arrive; everything else queues on an
//! async lock. Long work yields to the worker's event loop between prefill chunks and between
//! tokens, which is when a `Cancel` lands.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;
use std::sync::Arc;

use futures::lock::Mutex;
use gloo_worker::{HandlerId, Worker, WorkerScope};
use marble_engine::gguf::Gguf;
use marble_engine::gpu::{GpuModel, GpuOptions};
use marble_engine::session::StopReason as EngineStop;
use marble_engine::{Error, GenerateOptions, Model, SamplerConfig, Session};

use super::fetch;
use super::protocol::*;
use crate::assist::complete;
use crate::assist::prompt::PromptFormat;
use crate::clock::now_ms;

/// Prompt positions fed per step before the worker checks for a cancel.
const PREFILL_CHUNK: usize = 64;
/// Greedy tokens the GPU computes per submission when the caller streams nothing mid-chain.
const GPU_CHAIN: usize = 4;

pub struct EngineWorker {
    shared: Rc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    cancelled: RefCell<HashSet<RequestId>>,
    scope: WorkerScope<EngineWorker>,
}

#[derive(Default)]
struct State {
    loaded: Option<Loaded>,
}

struct Loaded {
    model: Arc<Model>,
    session: Session,
    info: ModelInfo,
    format: PromptFormat,
}

impl Worker for EngineWorker {
    type Message = ();
    type Input = ToWorker;
    type Output = FromWorker;

    fn create(scope: &WorkerScope<Self>) -> Self {
        let shared = Shared {
            state: Mutex::new(State::default()),
            cancelled: RefCell::default(),
            scope: scope.clone(),
        };
        EngineWorker { shared: Rc::new(shared) }
    }

    fn update(&mut self, _: &WorkerScope<Self>, _: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, msg: ToWorker, who: HandlerId) {
        let id = msg.id;
        match msg.request {
            Request::Ping => scope.respond(who, FromWorker { id, event: Event::Pong }),
            Request::Cancel { target } => {
                let mut cancelled = self.shared.cancelled.borrow_mut();
                // Cancels of requests that already finished would pile up; they are harmless.
                if cancelled.len() > 1024 {
                    cancelled.clear();
                }
                cancelled.insert(target);
            }
            request => {
                let shared = self.shared.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    shared.handle(who, id, request).await;
                });
            }
        }
    }
}

/// Lets the worker's event loop run (and deliver a `Cancel`).
async fn yield_now() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

impl Shared {
    fn send(&self, who: HandlerId, id: RequestId, event: Event) {
        self.scope.respond(who, FromWorker { id, event });
    }

    fn is_cancelled(&self, id: RequestId) -> bool {
        self.cancelled.borrow().contains(&id)
    }

    async fn handle(&self, who: HandlerId, id: RequestId, request: Request) {
        let mut state = self.state.lock().await;
        let result = if self.is_cancelled(id) {
            Ok(Event::Cancelled)
        } else {
            match request {
                Request::LoadModel(load) => self.load(&mut state, who, id, load).await,
                Request::Unload => {
                    state.loaded = None;
                    Ok(Event::Unloaded)
                }
                Request::Tokenize { text } => loaded(&mut state)
                    .and_then(|l| l.model.tokenizer.encode(&text).map_err(engine_error))
                    .map(|tokens| Event::Tokenized { tokens }),
                Request::Generate(req) => self.generate(&mut state, who, id, req).await,
                Request::Score { text } => self.score(&mut state, text).await,
                Request::ScoreText { context, text } => self.score_text(&mut state, &context, &text).await,
                Request::Complete(req) => self.complete(&mut state, who, id, req).await,
                Request::Ping | Request::Cancel { .. } => unreachable!("answered on arrival"),
            }
        };
        self.cancelled.borrow_mut().remove(&id);
        match result {
            Ok(event) => self.send(who, id, event),
            Err(e) => {
                let lost = e.kind == ErrorKind::DeviceLost;
                self.send(who, id, Event::Error(e));
                if lost {
                    self.recover(&mut state, who, id).await;
                }
            }
        }
    }

    async fn load(
        &self,
        state: &mut State,
        who: HandlerId,
        id: RequestId,
        load: LoadModel,
    ) -> Result<Event, WorkerError> {
        // Free the old model before the new one's bytes arrive.
        state.loaded = None;
        let t0 = now_ms();
        let progress = |phase, loaded, total| self.send(who, id, Event::Progress { phase, loaded, total });
        let fetched = fetch::fetch_model(&load.url, load.cache_only, &progress).await?;
        if let Some(why) = &fetched.cache_problem {
            self.send(
                who,
                id,
                Event::Notice(format!(
                    "The model works, but it could not be saved for next time ({why}); it will \
                     download again on the next visit. Free some browser storage to keep it."
                )),
            );
        }
        let t_fetch = now_ms();
        progress(LoadPhase::Parse, 0, None);
        yield_now().await;
        let parsed = Gguf::parse(&fetched.bytes).map_err(Error::from).and_then(|g| {
            let model = Model::from_gguf(&g)?;
            let format = complete::prompt_format(&model, &g);
            Ok((model, describe(&g), format))
        });
        let (model, (parameters, quantization), format) = match parsed {
            Ok(m) => m,
            Err(e) => {
                if fetched.from_cache {
                    // A damaged cache entry must not stick: the next load fetches it afresh (or,
                    // for a file opened from disk, asks for it again).
                    fetch::forget(&load.url).await;
                }
                return Err(bad_model(&load.name, &e));
            }
        };
        let size_bytes = fetched.bytes.len() as u64;
        drop(fetched.bytes);
        let model = Arc::new(model);
        let t_parse = now_ms();

        let c = &model.config;
        let mut info = ModelInfo {
            name: load.name.clone(),
            url: load.url.clone(),
            size_bytes,
            architecture: format!("{:?}", c.arch).to_lowercase(),
            quantization,
            parameters,
            layers: c.n_layer as u32,
            embedding: c.n_embd as u32,
            vocab: c.n_vocab as u32,
            context: c.n_ctx_train as u32,
            fim: matches!(format, PromptFormat::Fim(_)),
            prompt_format: match &format {
                PromptFormat::Fim(t) => format!("fill-in-the-middle ({:?})", t.family),
                PromptFormat::Continue => "prefix continuation".into(),
            },
            backend: Backend::Cpu,
            adapter: None,
            fallback_reason: None,
            from_cache: fetched.from_cache,
            fetch_ms: t_fetch - t0,
            parse_ms: t_parse - t_fetch,
            upload_ms: 0.0,
        };
        let session = match load.backend {
            BackendChoice::Cpu => cpu_session(model.clone()),
            BackendChoice::Auto | BackendChoice::Gpu => {
                progress(LoadPhase::Upload, 0, Some(size_bytes));
                match gpu_session(model.clone()).await {
                    Ok((session, adapter)) => {
                        info.backend = Backend::WebGpu;
                        info.adapter = Some(adapter);
                        progress(LoadPhase::Upload, size_bytes, Some(size_bytes));
                        session
                    }
                    Err(e) => {
                        info.fallback_reason = Some(gpu_fallback_reason(&e));
                        cpu_session(model.clone())
                    }
                }
            }
        };
        info.upload_ms = now_ms() - t_parse;
        state.loaded = Some(Loaded { model, session, info: info.clone(), format });
        Ok(Event::ModelReady(info))
    }

    /// After a device loss: the same model again on a fresh GPU device, or on the CPU.
    async fn recover(&self, state: &mut State, who: HandlerId, id: RequestId) {
        let Some(l) = state.loaded.as_mut() else { return };
        let t0 = now_ms();
        match gpu_session(l.model.clone()).await {
            Ok((session, adapter)) => {
                l.session = session;
                l.info.adapter = Some(adapter);
            }
            Err(e) => {
                l.session = cpu_session(l.model.clone());
                l.info.backend = Backend::Cpu;
                l.info.adapter = None;
                l.info.fallback_reason = Some(gpu_fallback_reason(&e));
            }
        }
        l.info.upload_ms = now_ms() - t0;
        l.info.from_cache = true;
        self.send(who, id, Event::ModelReady(l.info.clone()));
    }

    async fn generate(
        &self,
        state: &mut State,
        who: HandlerId,
        id: RequestId,
        req: GenerateRequest,
    ) -> Result<Event, WorkerError> {
        let l = loaded(state)?;
        let model = l.model.clone();
        let prompt = match req.prompt {
            Prompt::Text(t) => {
                let mut ids: Vec<u32> =
                    model.tokenizer.bos.filter(|_| model.tokenizer.add_bos).into_iter().collect();
                ids.extend(model.tokenizer.encode(&t).map_err(engine_error)?);
                ids
            }
            Prompt::Tokens(t) => t,
        };
        let t0 = now_ms();
        // Prefill what the cache lacks in chunks, so a cancel lands between them.
        let reused = common_prefix(l.session.tokens(), &prompt);
        let mut end = reused;
        while end + PREFILL_CHUNK < prompt.len() {
            end += PREFILL_CHUNK;
            l.session.feed(&prompt[..end]).await.map_err(engine_error)?;
            yield_now().await;
            if self.is_cancelled(id) {
                return Ok(Event::Cancelled);
            }
        }
        let t1 = now_ms();
        let greedy = req.temperature <= 0.0 || req.top_k == 1;
        let opts = GenerateOptions {
            max_tokens: req.max_tokens as usize,
            sampler: SamplerConfig {
                temperature: if greedy { 0.0 } else { req.temperature },
                top_k: if greedy { 1 } else { req.top_k as usize },
                top_p: req.top_p,
                seed: req.seed,
            },
            top_alternatives: req.top_alternatives.min(8) as usize,
            stop_at_end: req.stop_at_end,
            probabilities: true,
            chain: if req.stream { 1 } else { GPU_CHAIN },
        };
        let mut first_token_ms = None;
        let generation = l
            .session
            .generate(&prompt, &opts, |t| {
                first_token_ms.get_or_insert_with(now_ms);
                if req.stream {
                    let alternatives =
                        t.top.iter().map(|&(tok, p)| (model.tokenizer.token_text(tok), p)).collect();
                    let event = TokenEvent { id: t.id, text: t.text.clone(), prob: t.prob, alternatives };
                    self.send(who, id, Event::Token(event));
                }
                !self.is_cancelled(id)
            })
            .await
            .map_err(engine_error)?;
        let t2 = now_ms();
        // Prefill ends when the first token is out; decoding is the rest.
        let first = first_token_ms.unwrap_or(t2);
        let stop = match generation.stop {
            EngineStop::MaxTokens => StopReason::MaxTokens,
            EngineStop::EndToken => StopReason::EndToken,
            EngineStop::Caller => StopReason::Cancelled,
            EngineStop::ContextFull => StopReason::ContextFull,
        };
        Ok(Event::Done(GenerationDone {
            tokens: generation.tokens,
            text: generation.text,
            stop,
            prompt_tokens: prompt.len() as u32,
            reused: reused as u32,
            prefill_ms: (t1 - t0) + (first - t1),
            decode_ms: t2 - first,
        }))
    }

    async fn complete(
        &self,
        state: &mut State,
        who: HandlerId,
        id: RequestId,
        req: CompletionRequest,
    ) -> Result<Event, WorkerError> {
        let l = loaded(state)?;
        let model = l.model.clone();
        let result = complete::complete(&mut l.session, &model, &l.format, &req, &now_ms, |token, raw| {
            let event = Event::CompletionProgress { raw: raw.to_string(), token: token.clone() };
            self.send(who, id, event);
            !self.is_cancelled(id)
        })
        .await
        .map_err(engine_error)?;
        Ok(if self.is_cancelled(id) { Event::Cancelled } else { Event::Completion(result) })
    }

    async fn score(&self, state: &mut State, text: String) -> Result<Event, WorkerError> {
        let l = loaded(state)?;
        let mut tokens: Vec<u32> = l.model.tokenizer.bos.into_iter().collect();
        tokens.extend(l.model.tokenizer.encode(&text).map_err(engine_error)?);
        let log_probs = l.session.score(&tokens).await.map_err(engine_error)?;
        Ok(Event::Scored { tokens, log_probs })
    }

    async fn score_text(&self, state: &mut State, context: &str, text: &str) -> Result<Event, WorkerError> {
        let l = loaded(state)?;
        let scores = l.session.score_text(context, text).await.map_err(engine_error)?;
        let span = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
        let tokens = scores
            .into_iter()
            .map(|s| ScoredSpan { start: span(s.start), end: span(s.end), log_prob: s.log_prob })
            .collect();
        Ok(Event::TextScored { tokens })
    }
}

fn loaded(state: &mut State) -> Result<&mut Loaded, WorkerError> {
    state.loaded.as_mut().ok_or_else(|| WorkerError {
        kind: ErrorKind::NoModel,
        message: "No model is loaded. Load the default model or open a GGUF file in the model panel.".into(),
    })
}

fn common_prefix(a: &[u32], b: &[u32]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

fn cpu_session(model: Arc<Model>) -> Session {
    let mut s = Session::new(model);
    s.set_pause_hook(Box::new(|| Box::pin(yield_now())));
    s
}

async fn gpu_session(model: Arc<Model>) -> Result<(Session, String), Error> {
    let gpu = GpuModel::load(model, &GpuOptions::default()).await?;
    let i = &gpu.gpu.info;
    let adapter = match browser_adapter_label().await {
        Some(label) => label,
        None => [&i.name, &i.driver]
            .into_iter()
            .find(|s| !s.trim().is_empty())
            .cloned()
            .unwrap_or_else(|| format!("{} adapter", i.backend)),
    };
    Ok((Session::new_gpu(gpu)?, adapter))
}

/// What the browser says about its WebGPU adapter (`GPUAdapter.info`: "google swiftshader",
/// "nvidia ampere", …), which wgpu's web backend leaves empty. Browsers may withhold parts of it.
async fn browser_adapter_label() -> Option<String> {
    use js_sys::{Function, Promise, Reflect};
    use wasm_bindgen::JsCast;
    let get =
        |o: &wasm_bindgen::JsValue, k: &str| Reflect::get(o, &k.into()).ok().filter(|v| !v.is_undefined());
    let gpu = get(&get(&js_sys::global(), "navigator")?, "gpu")?;
    let request: Function = get(&gpu, "requestAdapter")?.dyn_into().ok()?;
    let promise: Promise = request.call0(&gpu).ok()?.dyn_into().ok()?;
    let adapter = wasm_bindgen_futures::JsFuture::from(promise).await.ok().filter(|a| !a.is_null())?;
    let info = get(&adapter, "info")?;
    let field = |k: &str| get(&info, k).and_then(|v| v.as_string()).filter(|s| !s.is_empty());
    field("description").or_else(|| {
        let parts: Vec<String> =
            ["vendor", "architecture", "device"].iter().filter_map(|k| field(k)).collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    })
}

fn gpu_fallback_reason(e: &Error) -> String {
    match e {
        Error::GpuUnavailable(why) => format!("WebGPU is not available in this browser ({why})"),
        other => format!("WebGPU could not run the model ({other})"),
    }
}

/// Parameter count and the dominant weight type, from the GGUF's tensor table.
fn describe(g: &Gguf) -> (u64, String) {
    let mut by_type: Vec<(String, u64)> = Vec::new();
    let mut total = 0;
    for t in g.tensors() {
        let n = t.n_elements();
        total += n;
        let name = t.ggml_type.to_string();
        match by_type.iter_mut().find(|(k, _)| *k == name) {
            Some((_, c)) => *c += n,
            None => by_type.push((name, n)),
        }
    }
    let quant = by_type.into_iter().max_by_key(|&(_, n)| n).map(|(k, _)| k).unwrap_or_default();
    (total, quant)
}

/// The engine's error as the start of a sentence (its messages begin in lower case).
fn capitalized(e: &Error) -> String {
    let s = e.to_string();
    s.get(..1).map_or_else(|| s.clone(), |f| f.to_uppercase() + &s[1..])
}

fn bad_model(name: &str, e: &Error) -> WorkerError {
    let why = capitalized(e);
    WorkerError {
        kind: ErrorKind::BadModel,
        message: format!("“{name}” cannot be loaded: {why}. The editor keeps working without a model."),
    }
}

fn engine_error(e: Error) -> WorkerError {
    let kind = match e {
        Error::GpuLost(_) => ErrorKind::DeviceLost,
        _ => ErrorKind::Other,
    };
    let message = match kind {
        ErrorKind::DeviceLost => format!("{e}. Marble is reloading the model; try again in a moment."),
        _ => capitalized(&e) + ".",
    };
    WorkerError { kind, message }
}
