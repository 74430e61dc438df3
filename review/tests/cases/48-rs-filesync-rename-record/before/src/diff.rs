//! Compares local and remote manifests against the last synced state.

use std::path::PathBuf;

use crate::manifest::{Entry, Manifest};

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub upload: Vec<PathBuf>,
    pub download: Vec<PathBuf>,
    pub conflicts: Vec<PathBuf>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.upload.is_empty() && self.download.is_empty() && self.conflicts.is_empty()
    }
}

/// Whether a side changed since the last sync, given the entry recorded then.
fn changed(current: Option<&Entry>, base: Option<&Entry>) -> bool {
    match (current, base) {
        (Some(c), Some(b)) => c.digest != b.digest,
        (None, None) => false,
        _ => true,
    }
}

/// Three-way comparison of `local` and `remote` against `base`.
pub fn plan(local: &Manifest, remote: &Manifest, base: &Manifest) -> Plan {
    let mut plan = Plan::default();
    let mut paths: Vec<&PathBuf> = local.keys().chain(remote.keys()).collect();
    paths.sort();
    paths.dedup();
    for path in paths {
        let l = changed(local.get(path), base.get(path));
        let r = changed(remote.get(path), base.get(path));
        match (l, r) {
            (true, false) => plan.upload.push(path.clone()),
            (false, true) => plan.download.push(path.clone()),
            (true, true) if local.get(path) != remote.get(path) => {
                plan.conflicts.push(path.clone())
            }
            _ => {}
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::SystemTime;

    fn entry(d: u8) -> Entry {
        Entry { size: 1, modified: SystemTime::UNIX_EPOCH, digest: [d; 32] }
    }

    fn manifest(items: &[(&str, u8)]) -> Manifest {
        items.iter().map(|(p, d)| (PathBuf::from(p), entry(*d))).collect()
    }

    #[test]
    fn one_sided_changes_are_transferred() {
        let base = manifest(&[("a", 1), ("b", 1)]);
        let local = manifest(&[("a", 2), ("b", 1)]);
        let remote = manifest(&[("a", 1), ("b", 3)]);
        let p = plan(&local, &remote, &base);
        assert_eq!(p.upload, vec![PathBuf::from("a")]);
        assert_eq!(p.download, vec![PathBuf::from("b")]);
        assert!(p.conflicts.is_empty());
    }

    #[test]
    fn both_sides_changed_differently_is_a_conflict() {
        let base = manifest(&[("a", 1)]);
        let p = plan(&manifest(&[("a", 2)]), &manifest(&[("a", 3)]), &base);
        assert_eq!(p.conflicts, vec![PathBuf::from("a")]);
    }
}
