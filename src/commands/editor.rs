//! Opening a file in the user's editor and waiting for it; which editor and how it is told a
//! line is [`crate::launch::editor`].

use std::path::Path;
use std::process::Command;

use crate::error::{Error, Result};

pub fn edit_file(path: &Path) -> Result<()> {
    let (command, _) = prepare(path, None)?;
    wait(command)
}

/// The editor's command for `path` at `line` (from 1), and whether it was told the line; an
/// error saying what to set when no editor is chosen. Nothing is started yet, so a caller that
/// must give up the terminal first can learn of the error before it does.
pub fn prepare(path: &Path, line: Option<usize>) -> Result<(Command, bool)> {
    crate::launch::editor::editor_command(path, line).map_err(Error::user)
}

/// Runs the editor and waits for it.
pub fn wait(mut command: Command) -> Result<()> {
    let program = command.get_program().to_string_lossy().into_owned();
    let status = command
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
