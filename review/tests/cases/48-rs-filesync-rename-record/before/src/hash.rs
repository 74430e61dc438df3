//! Content digests used for change detection.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

const CHUNK: usize = 64 * 1024;

/// SHA-256 of the file at `path`, read in 64 KiB chunks.
pub fn file_digest(path: &Path) -> io::Result<[u8; 32]> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().into())
}

/// Lower-case hex, for logs and the `--verbose` listing.
pub fn to_hex(digest: &[u8; 32]) -> String {
    digest.iter().map(|b| format!("{:02x}", b)).collect()
}

#[cfg(test)]
mod tests {
    use super::to_hex;

    #[test]
    fn hex_is_lower_case_and_padded() {
        let mut d = [0u8; 32];
        d[0] = 0x0a;
        d[31] = 0xff;
        let hex = to_hex(&d);
        assert_eq!(hex.len(), 64);
        assert!(hex.starts_with("0a00"));
        assert!(hex.ends_with("00ff"));
    }
}
