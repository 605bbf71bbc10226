//! Opening a file in the user's editor (`$VISUAL`, else `$EDITOR`, else `vi`), waiting for it.

use std::path::Path;
use std::process::Command;

use crate::error::{Error, Result};

pub fn edit_file(path: &Path) -> Result<()> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".to_string());
    // `$EDITOR` may carry arguments (`code --wait`).
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let status = Command::new(program)
        .args(words)
        .arg(path)
        .status()
        .map_err(|e| Error::user(format!("cannot start the editor {program:?}: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::user(format!(
            "the editor {program:?} exited with {status}"
        )))
    }
}
