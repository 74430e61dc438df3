//! The engine worker's entry point (Trunk `data-type="worker"`): registers it and waits for
//! messages.
fn main() {
    marble_app::worker::register();
}
