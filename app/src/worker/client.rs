//! The UI's side of the engine worker: spawns it, numbers requests, routes each event to the
//! callback of the request it answers, and cancels.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use gloo_worker::{Spawnable, WorkerBridge};

use super::codec::SerdeWasm;
use super::engine::EngineWorker;
use super::protocol::{Event, FromWorker, Request, RequestId, ToWorker};

/// The worker's loader script, written by Trunk next to the worker's JS and wasm.
pub const WORKER_LOADER: &str = "./marble-worker_loader.js";

type Handler = Box<dyn FnMut(&Event)>;

#[derive(Clone)]
pub struct EngineClient {
    bridge: Rc<WorkerBridge<EngineWorker>>,
    next_id: Rc<Cell<RequestId>>,
    handlers: Rc<RefCell<HashMap<RequestId, Handler>>>,
}

impl EngineClient {
    /// Starts the worker. `on_any` sees every event first (model state, notices), before the
    /// callback of the request it answers.
    pub fn spawn(on_any: impl Fn(&FromWorker) + 'static) -> Self {
        let handlers: Rc<RefCell<HashMap<RequestId, Handler>>> = Rc::default();
        let routes = handlers.clone();
        let bridge = EngineWorker::spawner()
            .encoding::<SerdeWasm>()
            .callback(move |msg: FromWorker| {
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
        EngineClient { bridge: Rc::new(bridge), next_id: Rc::new(Cell::new(1)), handlers }
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
        self.bridge.send(ToWorker { id: 0, request: Request::Cancel { target: id } });
    }
}

/// The last event a request gets.
pub fn is_final(e: &Event) -> bool {
    !matches!(e, Event::Progress { .. } | Event::Notice(_) | Event::Token(_))
}
