//! GitHub-style Markdown tables as aligned rows: each cell padded to its column's width, `│`
//! between columns and a rule under the header. A table wider than the pane is wrapped by the
//! caller like any other line.

use pulldown_cmark::Alignment;
use ratatui::style::Style;
use ratatui::text::Span;

type Cell = Vec<Span<'static>>;

/// A table being read, cell by cell.
pub(super) struct Table {
    alignments: Vec<Alignment>,
    rows: Vec<Vec<Cell>>,
    header_rows: usize,
}

impl Table {
    pub(super) fn new(alignments: Vec<Alignment>) -> Table {
        Table {
            alignments,
            rows: Vec::new(),
            header_rows: 0,
        }
    }

    pub(super) fn start_row(&mut self, header: bool) {
        self.rows.push(Vec::new());
        if header {
            self.header_rows = self.rows.len();
        }
    }

    pub(super) fn start_cell(&mut self) {
        if self.rows.is_empty() {
            self.rows.push(Vec::new());
        }
        if let Some(row) = self.rows.last_mut() {
            row.push(Vec::new());
        }
    }

    pub(super) fn push(&mut self, span: Span<'static>) {
        if self.rows.last().is_none_or(Vec::is_empty) {
            self.start_cell();
        }
        if let Some(cell) = self.rows.last_mut().and_then(|row| row.last_mut()) {
            cell.push(span);
        }
    }

    /// The table's lines; `rule` styles the column separators and the header rule.
    pub(super) fn into_lines(self, rule: Style) -> Vec<Cell> {
        let columns = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let cell_width = |cell: &Cell| cell.iter().map(Span::width).sum::<usize>();
        let mut widths = vec![0; columns];
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell_width(cell));
            }
        }
        let mut lines = Vec::new();
        for (index, row) in self.rows.into_iter().enumerate() {
            let mut line = Vec::new();
            let mut cells = row.into_iter();
            for (column, &width) in widths.iter().enumerate() {
                if column > 0 {
                    line.push(Span::styled(" │ ", rule));
                }
                let cell = cells.next().unwrap_or_default();
                let padding = width - cell_width(&cell);
                let (before, after) = match self.alignments.get(column) {
                    Some(Alignment::Right) => (padding, 0),
                    Some(Alignment::Center) => (padding / 2, padding - padding / 2),
                    _ => (0, padding),
                };
                let last = column + 1 == columns;
                if before > 0 {
                    line.push(Span::raw(" ".repeat(before)));
                }
                line.extend(cell);
                if after > 0 && !last {
                    line.push(Span::raw(" ".repeat(after)));
                }
            }
            lines.push(line);
            if index + 1 == self.header_rows {
                let rule_text = widths
                    .iter()
                    .map(|&width| "─".repeat(width))
                    .collect::<Vec<_>>()
                    .join("─┼─");
                lines.push(vec![Span::styled(rule_text, rule)]);
            }
        }
        lines
    }
}
