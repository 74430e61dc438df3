/// Length-prefixed little-endian encoding of a file entry for the sync protocol.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub path: String,
    pub tags: Vec<String>,
    pub mtime: u64,
    pub data: Vec<u8>,
}

fn write_len(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u64).to_le_bytes());
}

impl Entry {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.data.len());
        write_len(&mut out, self.path.len());
        out.extend_from_slice(self.path.as_bytes());

        write_len(&mut out, self.tags.len());
        for tag in &self.tags {
            let tag = tag.trim();
            write_len(&mut out, tag.len());
            out.extend_from_slice(tag.as_bytes());
        }

        out.extend_from_slice(&self.mtime.to_le_bytes());
        write_len(&mut out, self.data.len());
        out.extend_from_slice(&self.data);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_path_first() {
        let e = Entry {
            path: "a.txt".into(),
            tags: vec![],
            mtime: 0,
            data: b"hi".to_vec(),
        };
        let bytes = e.encode();
        assert_eq!(bytes[0], 5);
        assert!(bytes.ends_with(b"hi"));
    }
}
