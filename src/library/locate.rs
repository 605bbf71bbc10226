//! Which library to open (SPEC §2): `--library DIR`, else `$PODGLOSS_LIBRARY`, else the current
//! directory when it has a `transcripts/` folder, else `$XDG_DATA_HOME/podgloss` (created on
//! first use).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Where the library choice came from, so messages can say why a folder was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LibraryChoice {
    Flag,
    Environment,
    CurrentDirectory,
    DataDirectory,
}

/// The inputs to the choice, gathered by the caller so this stays testable without touching the
/// process environment.
#[derive(Debug, Clone, Default)]
pub struct LibraryInputs {
    pub flag: Option<PathBuf>,
    pub env_library: Option<PathBuf>,
    pub current_dir: Option<PathBuf>,
    pub xdg_data_home: Option<PathBuf>,
    pub home: Option<PathBuf>,
}

impl LibraryInputs {
    pub fn from_environment(flag: Option<PathBuf>) -> Self {
        let non_empty = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        LibraryInputs {
            flag,
            env_library: non_empty("PODGLOSS_LIBRARY"),
            current_dir: std::env::current_dir().ok(),
            xdg_data_home: non_empty("XDG_DATA_HOME"),
            home: non_empty("HOME"),
        }
    }
}

/// Picks the library folder and makes sure it exists with its two subfolders.
pub fn locate_library(inputs: &LibraryInputs) -> Result<(PathBuf, LibraryChoice)> {
    let (root, choice) = choose(inputs)?;
    ensure_layout(&root)?;
    Ok((root, choice))
}

fn choose(inputs: &LibraryInputs) -> Result<(PathBuf, LibraryChoice)> {
    if let Some(dir) = &inputs.flag {
        return Ok((dir.clone(), LibraryChoice::Flag));
    }
    if let Some(dir) = &inputs.env_library {
        return Ok((dir.clone(), LibraryChoice::Environment));
    }
    if let Some(cwd) = &inputs.current_dir {
        if cwd.join("transcripts").is_dir() {
            return Ok((cwd.clone(), LibraryChoice::CurrentDirectory));
        }
    }
    let data_home = inputs
        .xdg_data_home
        .clone()
        .or_else(|| inputs.home.as_ref().map(|h| h.join(".local/share")))
        .ok_or_else(|| {
            Error::user("no library: pass --library DIR or set PODGLOSS_LIBRARY (HOME is unset)")
        })?;
    Ok((data_home.join("podgloss"), LibraryChoice::DataDirectory))
}

fn ensure_layout(root: &Path) -> Result<()> {
    if root.exists() && !root.is_dir() {
        return Err(Error::user(format!(
            "{}: the library must be a folder",
            root.display()
        )));
    }
    for sub in ["transcripts", "glossary"] {
        let dir = root.join(sub);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_is_flag_env_cwd_data_dir() {
        let cwd = tempfile::tempdir().unwrap();
        std::fs::create_dir(cwd.path().join("transcripts")).unwrap();
        let mut inputs = LibraryInputs {
            flag: Some("/flag".into()),
            env_library: Some("/env".into()),
            current_dir: Some(cwd.path().to_path_buf()),
            xdg_data_home: Some("/xdg".into()),
            home: Some("/home/u".into()),
        };
        assert_eq!(
            choose(&inputs).unwrap(),
            ("/flag".into(), LibraryChoice::Flag)
        );
        inputs.flag = None;
        assert_eq!(
            choose(&inputs).unwrap(),
            ("/env".into(), LibraryChoice::Environment)
        );
        inputs.env_library = None;
        assert_eq!(
            choose(&inputs).unwrap(),
            (cwd.path().to_path_buf(), LibraryChoice::CurrentDirectory)
        );
        inputs.current_dir = Some("/nonexistent-podgloss-dir".into());
        assert_eq!(
            choose(&inputs).unwrap(),
            ("/xdg/podgloss".into(), LibraryChoice::DataDirectory)
        );
        inputs.xdg_data_home = None;
        assert_eq!(
            choose(&inputs).unwrap().0,
            PathBuf::from("/home/u/.local/share/podgloss")
        );
    }

    #[test]
    fn creates_the_layout_on_first_use() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("lib");
        let inputs = LibraryInputs {
            flag: Some(root.clone()),
            ..Default::default()
        };
        locate_library(&inputs).unwrap();
        assert!(root.join("transcripts").is_dir() && root.join("glossary").is_dir());
    }
}
