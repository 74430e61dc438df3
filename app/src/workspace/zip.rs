//! A small ZIP writer: STORE only (no compression), for "Download workspace".
//!
//! Source files are small and the download is local, so compressing would only add code. The
//! layout follows PKWARE's APPNOTE.TXT (sections 4.3.7 local header, 4.3.12 central directory,
//! 4.3.16 end record); names are UTF-8 (general purpose flag bit 11). No ZIP64: a workspace over
//! 4 GiB or 65,535 entries is refused with [`ZipError`].

use std::fmt;

use super::tree::Workspace;

/// Why the archive could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZipError {
    /// More entries than a ZIP without ZIP64 can hold.
    TooManyEntries { count: usize },
    /// A file, or the archive so far, passed 4 GiB; `path` is where it happened.
    TooLarge { path: String },
}

impl fmt::Display for ZipError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooManyEntries { count } => write!(
                f,
                "The download has {count} files and folders, more than a ZIP file can hold (65,535). Download one folder at a time."
            ),
            Self::TooLarge { path } => write!(
                f,
                "The download passes 4 GiB at \"{path}\", more than a ZIP file can hold. Download one folder at a time."
            ),
        }
    }
}

impl std::error::Error for ZipError {}

/// A DOS timestamp, the only one ZIP headers have: two-second resolution, years 1980 to 2107.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DosDateTime {
    pub time: u16,
    pub date: u16,
}

impl DosDateTime {
    /// 1980-01-01 00:00:00, the earliest DOS time.
    pub const EPOCH: Self = Self { time: 0, date: (1 << 5) | 1 };

    /// From calendar fields (month and day from 1); out-of-range values are clamped.
    pub fn new(year: u32, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Self {
        if year < 1980 {
            return Self::EPOCH;
        }
        let year = (year - 1980).min(127);
        let time = (hour.min(23) << 11) | (minute.min(59) << 5) | (second.min(59) / 2);
        let date = (year << 9) | (month.clamp(1, 12) << 5) | day.clamp(1, 31);
        Self { time: time as u16, date: date as u16 }
    }
}

/// One archive member: a file with its bytes, or a folder (stored as `name/`, no data).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry<'a> {
    File(&'a str, &'a [u8]),
    Dir(&'a str),
}

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_RECORD: u32 = 0x0605_4b50;
/// 2.0: the version that introduced folders; enough to extract a stored entry.
const VERSION_NEEDED: u16 = 20;
/// Made by Unix (upper byte 3), so `external attributes` carry Unix permissions.
const VERSION_MADE_BY: u16 = (3 << 8) | 20;
/// General purpose flag bit 11: names are UTF-8.
const FLAG_UTF8: u16 = 1 << 11;
/// Unix mode in the upper 16 bits: `-rw-r--r--` files, `drwxr-xr-x` folders (+ the MS-DOS
/// directory bit, 0x10, for Windows tools).
const FILE_ATTRIBUTES: u32 = 0o100_644 << 16;
const DIR_ATTRIBUTES: u32 = (0o040_755 << 16) | 0x10;
const MAX_ENTRIES: usize = 0xFFFF;

/// Writes the archive. Entries keep their order; names are used as given.
pub fn write_zip<'a>(entries: &[Entry<'a>], modified: DosDateTime) -> Result<Vec<u8>, ZipError> {
    if entries.len() > MAX_ENTRIES {
        return Err(ZipError::TooManyEntries { count: entries.len() });
    }
    let too_large = |path: &str| ZipError::TooLarge { path: path.to_owned() };
    let data_bytes: usize = entries.iter().map(|e| if let Entry::File(_, d) = e { d.len() } else { 0 }).sum();
    let mut out = Vec::with_capacity(data_bytes + entries.len() * 128);
    let mut central = Vec::with_capacity(entries.len() * 80);
    for entry in entries {
        let (path, data, name, attributes) = match *entry {
            Entry::File(path, data) => (path, data, path.to_owned(), FILE_ATTRIBUTES),
            Entry::Dir(path) => (path, &[][..], format!("{path}/"), DIR_ATTRIBUTES),
        };
        let offset = u32::try_from(out.len()).map_err(|_| too_large(path))?;
        let size = u32::try_from(data.len()).map_err(|_| too_large(path))?;
        let name_len = u16::try_from(name.len()).map_err(|_| too_large(path))?;
        let crc = crc32(data);
        // Local file header (APPNOTE 4.3.7).
        put32(&mut out, LOCAL_HEADER);
        put16(&mut out, VERSION_NEEDED);
        put16(&mut out, FLAG_UTF8);
        put16(&mut out, 0); // compression: stored
        put16(&mut out, modified.time);
        put16(&mut out, modified.date);
        put32(&mut out, crc);
        put32(&mut out, size); // compressed size
        put32(&mut out, size); // uncompressed size
        put16(&mut out, name_len);
        put16(&mut out, 0); // extra field length
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        // Central directory header (APPNOTE 4.3.12).
        put32(&mut central, CENTRAL_HEADER);
        put16(&mut central, VERSION_MADE_BY);
        put16(&mut central, VERSION_NEEDED);
        put16(&mut central, FLAG_UTF8);
        put16(&mut central, 0);
        put16(&mut central, modified.time);
        put16(&mut central, modified.date);
        put32(&mut central, crc);
        put32(&mut central, size);
        put32(&mut central, size);
        put16(&mut central, name_len);
        put16(&mut central, 0); // extra field length
        put16(&mut central, 0); // comment length
        put16(&mut central, 0); // disk number start
        put16(&mut central, 0); // internal attributes
        put32(&mut central, attributes);
        put32(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let last = entries.last().map_or("", |e| match e {
        Entry::File(p, _) | Entry::Dir(p) => p,
    });
    let central_offset = u32::try_from(out.len()).map_err(|_| too_large(last))?;
    let central_size = u32::try_from(central.len()).map_err(|_| too_large(last))?;
    if out.len() + central.len() + 22 > u32::MAX as usize {
        return Err(too_large(last));
    }
    out.extend_from_slice(&central);
    // End of central directory record (APPNOTE 4.3.16).
    let count = entries.len() as u16;
    put32(&mut out, END_RECORD);
    put16(&mut out, 0); // this disk
    put16(&mut out, 0); // disk with the central directory
    put16(&mut out, count);
    put16(&mut out, count);
    put32(&mut out, central_size);
    put32(&mut out, central_offset);
    put16(&mut out, 0); // comment length
    Ok(out)
}

/// The whole workspace as a ZIP: every folder (so empty ones survive) and every file, in path
/// order so each folder comes before what it holds.
pub fn zip_workspace(workspace: &Workspace, modified: DosDateTime) -> Result<Vec<u8>, ZipError> {
    let mut entries: Vec<Entry<'_>> = workspace.dirs().map(Entry::Dir).collect();
    entries.extend(workspace.files().map(|(path, bytes)| Entry::File(path, bytes)));
    entries.sort_by_key(|e| match e {
        Entry::File(p, _) | Entry::Dir(p) => *p,
    });
    write_zip(&entries, modified)
}

fn put16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum ZIP uses.
pub fn crc32(data: &[u8]) -> u32 {
    !data.iter().fold(!0u32, |crc, &byte| CRC_TABLE[((crc ^ u32::from(byte)) & 0xFF) as usize] ^ (crc >> 8))
}

/// The byte-at-a-time table (Sarwate's method), built at compile time.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut bit = 0;
        while bit < 8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            bit += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    fn u16_at(b: &[u8], at: usize) -> u16 {
        u16::from_le_bytes([b[at], b[at + 1]])
    }

    fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
    }

    /// A member read back through the central directory: (name, data, external attributes).
    type Member = (String, Vec<u8>, u32);

    /// Reads an archive back the way unzip does: end record → central directory → local headers,
    /// checking every signature, size and CRC along the way.
    fn read_back(zip: &[u8]) -> Vec<Member> {
        let end = zip.len() - 22;
        assert_eq!(u32_at(zip, end), END_RECORD);
        let count = u16_at(zip, end + 10) as usize;
        assert_eq!(u16_at(zip, end + 8), count as u16);
        let central_size = u32_at(zip, end + 12) as usize;
        let mut at = u32_at(zip, end + 16) as usize;
        assert_eq!(at + central_size, end, "the central directory ends where the end record starts");
        let mut members = Vec::new();
        for _ in 0..count {
            assert_eq!(u32_at(zip, at), CENTRAL_HEADER);
            assert_eq!(u16_at(zip, at + 8), FLAG_UTF8);
            assert_eq!(u16_at(zip, at + 10), 0, "stored");
            let crc = u32_at(zip, at + 16);
            let size = u32_at(zip, at + 20) as usize;
            assert_eq!(u32_at(zip, at + 24) as usize, size);
            let name_len = u16_at(zip, at + 28) as usize;
            let attributes = u32_at(zip, at + 38);
            let local = u32_at(zip, at + 42) as usize;
            let name = String::from_utf8(zip[at + 46..at + 46 + name_len].to_vec()).unwrap();
            assert_eq!(u32_at(zip, local), LOCAL_HEADER);
            assert_eq!(u32_at(zip, local + 14), crc, "local and central CRCs agree for {name}");
            assert_eq!(u16_at(zip, local + 26) as usize, name_len);
            let data_at = local + 30 + name_len;
            assert_eq!(&zip[local + 30..data_at], name.as_bytes());
            let data = zip[data_at..data_at + size].to_vec();
            assert_eq!(crc32(&data), crc, "CRC of {name}");
            members.push((name, data, attributes));
            at += 46 + name_len;
        }
        members
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        // The "check" value of CRC-32/ISO-HDLC in the CRC catalogue.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"The quick brown fox jumps over the lazy dog"), 0x414F_A339);
    }

    #[test]
    fn writes_files_and_folders_that_read_back() {
        let big: Vec<u8> = (0..70_000u32).map(|i| (i * 31 % 251) as u8).collect();
        let entries = [
            Entry::Dir("src"),
            Entry::File("src/main.rs", b"fn main() {}\n"),
            Entry::File("empty.txt", b""),
            Entry::File("données/ü.bin", &big),
        ];
        let zip = write_zip(&entries, DosDateTime::new(2024, 5, 17, 13, 45, 31)).unwrap();
        let members = read_back(&zip);
        let names: Vec<&str> = members.iter().map(|m| m.0.as_str()).collect();
        assert_eq!(names, ["src/", "src/main.rs", "empty.txt", "données/ü.bin"]);
        assert_eq!(members[1].1, b"fn main() {}\n");
        assert_eq!(members[3].1, big);
        assert_eq!(members[0].2, DIR_ATTRIBUTES);
        assert_eq!(members[1].2, FILE_ATTRIBUTES);
        // Local header time and date fields.
        assert_eq!(u16_at(&zip, 10), (13 << 11) | (45 << 5) | 15);
        assert_eq!(u16_at(&zip, 12), (44 << 9) | (5 << 5) | 17);
    }

    #[test]
    fn empty_archive_is_just_the_end_record() {
        let zip = write_zip(&[], DosDateTime::EPOCH).unwrap();
        assert_eq!(zip.len(), 22);
        assert!(read_back(&zip).is_empty());
    }

    #[test]
    fn workspace_zip_keeps_empty_folders() {
        let mut ws = Workspace::from_files([("src/main.rs", &b"x"[..]), ("README.md", b"y")]).unwrap();
        ws.create_dir("assets/empty").unwrap();
        let members = read_back(&zip_workspace(&ws, DosDateTime::EPOCH).unwrap());
        let names: Vec<&str> = members.iter().map(|m| m.0.as_str()).collect();
        assert_eq!(names, ["README.md", "assets/", "assets/empty/", "src/", "src/main.rs"]);
    }

    #[test]
    fn refuses_too_many_entries() {
        let entries = vec![Entry::Dir("d"); MAX_ENTRIES + 1];
        assert_eq!(write_zip(&entries, DosDateTime::EPOCH), Err(ZipError::TooManyEntries { count: 65_536 }));
    }

    #[test]
    fn dos_times_clamp() {
        assert_eq!(DosDateTime::new(1970, 1, 1, 0, 0, 0), DosDateTime::EPOCH);
        assert_eq!(DosDateTime::new(1980, 1, 1, 0, 0, 0), DosDateTime::EPOCH);
        let far = DosDateTime::new(2200, 13, 40, 25, 61, 61);
        assert_eq!(far.date, (127 << 9) | (12 << 5) | 31);
        assert_eq!(far.time, (23 << 11) | (59 << 5) | 29);
    }
}
