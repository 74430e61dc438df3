//! The IDE's entry point (Trunk `data-type="main"`).
fn main() {
    marble_app::ide::mount();
}
