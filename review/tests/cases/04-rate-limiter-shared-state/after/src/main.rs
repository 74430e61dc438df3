//! A tiny line-based echo server that demonstrates the limiter: each line
//! from a client costs one token.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use throttle::{Decision, Limiter};

fn serve(stream: TcpStream, limiter: &Limiter) -> std::io::Result<()> {
    let peer = stream.peer_addr()?.ip().to_string();
    let mut writer = stream.try_clone()?;
    for line in BufReader::new(stream).lines() {
        let line = line?;
        match limiter.check(&peer) {
            Decision::Allow => writeln!(writer, "{line}")?,
            Decision::Reject { retry_after } => {
                writeln!(writer, "slow down, retry in {} ms", retry_after.as_millis())?
            }
        }
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:7070")?;
    let limiter = Arc::new(Limiter::new(5, 1.0));
    let _refill = limiter.spawn_refill(Duration::from_secs(1));
    for stream in listener.incoming() {
        let stream = stream?;
        let limiter = Arc::clone(&limiter);
        thread::spawn(move || {
            if let Err(err) = serve(stream, &limiter) {
                eprintln!("connection error: {err}");
            }
        });
    }
    Ok(())
}
