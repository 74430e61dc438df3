//! The UI's side of the engine worker: spawns it, numbers requests, routes each event to the
//! callback of the request it answers, and cancels.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use gloo_worker::{Spawnable, WorkerBridge};

use gloo_timers::callback::Interval;

use super::codec::SerdeWasm;
use super::engine::EngineWorker;
use super::protocol::{Event, FromWorker, Request, RequestId, ToWorker};
use super::watchdog::{Check, Watchdog};
use crate::clock::now_ms;

/// The worker's loader script, written by Trunk next to the worker's JS and wasm.
pub const WORKER_LOADER: &str = "./marble-worker_loader.js";

type Handler = Box<dyn FnMut(&Event)>;

#[derive(Clone)]
pub struct EngineClient {
    bridge: Rc<WorkerBridge<EngineWorker>>,
    next_id: Rc<Cell<RequestId>>,
    handlers: Rc<RefCell<HashMap<RequestId, Handler>>>,
    /// Checks the worker's liveness while requests are in flight (dropped with the last clone).
    _watch: Rc<Interval>,
}

/// Id of the watchdog's pings (the UI's own requests count up from 1).
const WATCHDOG_PING: RequestId = 0;

impl EngineClient {
    /// Starts the worker. `on_any` sees every event first (model state, notices), before the
    /// callback of the request it answers. `on_dead` runs once if the worker stops answering
    /// (see [`Watchdog`]); the client is useless after that, so spawn another.
    pub fn spawn(on_any: impl Fn(&FromWorker) + 'static, on_dead: impl Fn() + 'static) -> Self {
        let handlers: Rc<RefCell<HashMap<RequestId, Handler>>> = Rc::default();
        let routes = handlers.clone();
        let watchdog = Rc::new(RefCell::new(Watchdog::new(now_ms())));
        let heard = watchdog.clone();
        let bridge = EngineWorker::spawner()
            .encoding::<SerdeWasm>()
            .callback(move |msg: FromWorker| {
                heard.borrow_mut().heard(now_ms());
                on_any(&msg);
                // Taken out while it runs, so the callback may send new requests.
                let handler = routes.borrow_mut().remove(&msg.id);
                if let Some(mut h) = handler {
                    h(&msg.event);
                    if !is_final(&msg.event) {
                        routes.borrow_mut().insert(msg.id, h);
                    }
                }
            })
            .spawn_with_loader(WORKER_LOADER);
        let bridge = Rc::new(bridge);
        let (ping, busy) = (Rc::downgrade(&bridge), Rc::downgrade(&handlers));
        let watch = Interval::new(1_000, move || {
            let busy = busy.upgrade().is_some_and(|h| !h.borrow().is_empty());
            match watchdog.borrow_mut().check(now_ms(), busy) {
                Check::Fine => {}
                Check::Ping => {
                    if let Some(b) = ping.upgrade() {
                        b.send(ToWorker { id: WATCHDOG_PING, request: Request::Ping });
                    }
                }
                Check::Dead => on_dead(),
            }
        });
        EngineClient { bridge, next_id: Rc::new(Cell::new(1)), handlers, _watch: Rc::new(watch) }
    }

    /// Sends `request`; `on_event` gets each event that answers it, up to the final one.
    pub fn request(&self, request: Request, on_event: impl FnMut(&Event) + 'static) -> RequestId {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        self.handlers.borrow_mut().insert(id, Box::new(on_event));
        self.bridge.send(ToWorker { id, request });
        id
    }

    /// Stops request `id`; its callback hears nothing more.
    pub fn cancel(&self, id: RequestId) {
        self.handlers.borrow_mut().remove(&id);
        self.bridge.send(ToWorker { id: WATCHDOG_PING, request: Request::Cancel { target: id } });
    }
}

/// The last event a request gets.
pub fn is_final(e: &Event) -> bool {
    !matches!(
        e,
        Event::Progress { .. } | Event::Notice(_) | Event::Token(_) | Event::CompletionProgress { .. }
    )
}
