//! Markdown to styled lines for a terminal pane: the glossary's definitions.
//!
//! pulldown-cmark parses (with the glossary's extensions: wiki links, tables, strikethrough) and
//! this module walks its events. The result is logical lines: paragraphs are single lines, which
//! the caller wraps with `Paragraph::wrap(Wrap { trim: false })` (`trim: true` would eat code
//! indentation). Fenced code blocks are highlighted by [`highlight`], which loads syntect the
//! first time a block names a language and never for prose.
//!
//! Definitions are raw Markdown from files on disk, not sanitized at load
//! ([`crate::glossary::Entry::definition`]), so every piece of text drawn here goes through
//! [`strip_controls`] first.

mod highlight;
mod table;

use crate::formats::text::{is_bidi_control, skip_escape_sequence};
use std::mem;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};

use self::highlight::{ASSETS, LazyAssets};
use self::table::Table;
use crate::glossary::entry::markdown_options;

/// Inline code and code blocks without a known language.
pub(crate) const CODE: Style = Style::new().fg(Color::Yellow);
const LINK: Style = Style::new().add_modifier(Modifier::UNDERLINED);
const DIM: Style = Style::new().add_modifier(Modifier::DIM);
const QUOTE_BAR: &str = "│ ";
const BULLET: &str = "• ";
const CODE_INDENT: &str = "  ";
const TAB: &str = "    ";
const RULE_WIDTH: usize = 24;

/// The style of a heading of `level`; also the Reader's style for a term's name.
pub(crate) fn heading_style(level: HeadingLevel) -> Style {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    match level {
        HeadingLevel::H1 => bold.fg(Color::Cyan).add_modifier(Modifier::UNDERLINED),
        HeadingLevel::H2 => bold.fg(Color::Cyan),
        _ => bold,
    }
}

/// Renders `markdown` as lines for a pane of any width (the caller wraps them).
pub fn render_markdown(markdown: &str) -> Text<'static> {
    render_with(markdown, &ASSETS)
}

/// Whether syntect's syntaxes and theme have been loaded in this process (for tests that check
/// that prose never loads them).
pub fn syntaxes_loaded() -> bool {
    ASSETS.is_loaded()
}

fn render_with(markdown: &str, assets: &LazyAssets) -> Text<'static> {
    let mut renderer = Renderer::new(assets);
    for event in Parser::new_ext(markdown, markdown_options()) {
        renderer.event(event);
    }
    renderer.finish()
}

/// A block that prefixes each of its lines.
enum Container {
    Quote,
    /// A list item: its marker, until the item's first line takes it, then as many spaces.
    Item {
        marker: Option<String>,
        width: usize,
    },
}

struct Link {
    url: String,
    text: String,
    show_url: bool,
}

struct CodeBlock {
    info: String,
    text: String,
}

struct Renderer<'a> {
    assets: &'a LazyAssets,
    lines: Vec<Line<'static>>,
    /// The line being built, with its prefix, once something has been written to it.
    current: Option<Vec<Span<'static>>>,
    containers: Vec<Container>,
    /// Inline styles in force (emphasis, links, headings ...), innermost last.
    inline: Vec<Style>,
    /// The next number of each open list; `None` for bullet lists.
    lists: Vec<Option<u64>>,
    links: Vec<Link>,
    /// Inline text not yet written, and its style.
    pending: Option<(String, Style)>,
    code: Option<CodeBlock>,
    table: Option<Table>,
    html_block: bool,
    /// A blank line is due before the next block.
    gap: bool,
}

impl<'a> Renderer<'a> {
    fn new(assets: &'a LazyAssets) -> Renderer<'a> {
        Renderer {
            assets,
            lines: Vec::new(),
            current: None,
            containers: Vec::new(),
            inline: Vec::new(),
            lists: Vec::new(),
            links: Vec::new(),
            pending: None,
            code: None,
            table: None,
            html_block: false,
            gap: false,
        }
    }

    fn finish(mut self) -> Text<'static> {
        self.flush_text();
        if let Some(code) = self.code.take() {
            self.write_code(code);
        }
        if let Some(table) = self.table.take() {
            self.write_table(table);
        }
        self.close_line();
        Text::from(self.lines)
    }

    fn event(&mut self, event: Event<'_>) {
        if !matches!(event, Event::Text(_)) {
            self.flush_text();
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if let Some(code) = &mut self.code {
                    code.text.push_str(&text);
                } else if self.html_block {
                    self.write_html_block(&text);
                } else {
                    self.text(&text, self.style());
                }
            }
            Event::Code(text) => self.text(&text, self.style().patch(CODE)),
            Event::InlineMath(text) | Event::DisplayMath(text) => {
                self.text(&text, self.style().patch(CODE));
            }
            Event::Html(html) => self.write_html_block(&html),
            Event::InlineHtml(html) => {
                // Tags are dropped (the text between them still comes as text), except a line
                // break, which is kept.
                let tag = html.trim().to_ascii_lowercase();
                if matches!(tag.as_str(), "<br>" | "<br/>" | "<br />") {
                    self.hard_break();
                }
            }
            Event::FootnoteReference(label) => {
                let label = strip_controls(&label, " ");
                self.literal(format!("[^{label}]"), self.style());
            }
            Event::SoftBreak => self.text(" ", self.style()),
            Event::HardBreak => self.hard_break(),
            Event::Rule => {
                self.start_block();
                self.push(Span::styled("─".repeat(RULE_WIDTH), DIM));
                self.close_line();
                self.gap = true;
            }
            Event::TaskListMarker(done) => {
                let marker = if done { "[x] " } else { "[ ] " };
                self.push(Span::styled(marker, self.style()));
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.start_block(),
            Tag::Heading { level, .. } => {
                self.start_block();
                self.inline.push(heading_style(level));
            }
            Tag::BlockQuote(_) => {
                self.start_block();
                self.containers.push(Container::Quote);
            }
            Tag::CodeBlock(kind) => {
                self.start_block();
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some(CodeBlock {
                    info,
                    text: String::new(),
                });
            }
            Tag::HtmlBlock => {
                self.start_block();
                self.html_block = true;
            }
            Tag::List(start) => {
                self.start_block();
                self.lists.push(start);
            }
            Tag::Item => self.start_item(),
            Tag::Table(alignments) => {
                self.start_block();
                self.table = Some(Table::new(alignments));
            }
            Tag::TableHead | Tag::TableRow => {
                let header = matches!(tag, Tag::TableHead);
                if header {
                    self.inline.push(Style::new().add_modifier(Modifier::BOLD));
                }
                if let Some(table) = &mut self.table {
                    table.start_row(header);
                }
            }
            Tag::TableCell => {
                if let Some(table) = &mut self.table {
                    table.start_cell();
                }
            }
            Tag::Emphasis => self
                .inline
                .push(Style::new().add_modifier(Modifier::ITALIC)),
            Tag::Strong => self.inline.push(Style::new().add_modifier(Modifier::BOLD)),
            Tag::Strikethrough => self
                .inline
                .push(Style::new().add_modifier(Modifier::CROSSED_OUT)),
            Tag::Link { .. } | Tag::Image { .. } => self.start_link(tag),
            Tag::FootnoteDefinition(label) => {
                self.start_block();
                let label = strip_controls(&label, " ");
                self.literal(format!("[^{label}]: "), self.style());
            }
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                self.start_block();
            }
            Tag::Superscript | Tag::Subscript | Tag::MetadataBlock(_) => {}
        }
    }

    /// A list item: its bullet or number, and the indent its lines keep.
    fn start_item(&mut self) {
        self.start_block();
        let marker = match self.lists.last_mut() {
            Some(Some(number)) => {
                let marker = format!("{number}. ");
                *number = number.saturating_add(1);
                marker
            }
            _ => BULLET.to_string(),
        };
        let width = marker.chars().count();
        self.containers.push(Container::Item {
            marker: Some(marker),
            width,
        });
    }

    /// A link or an image: its text is styled, its target shown after it.
    fn start_link(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                self.inline.push(LINK);
                self.links.push(Link {
                    url: strip_controls(&dest_url, " "),
                    text: String::new(),
                    // A wiki link names another note, not a place to go.
                    show_url: !matches!(link_type, LinkType::WikiLink { .. }),
                });
            }
            Tag::Image { dest_url, .. } => {
                self.inline
                    .push(Style::new().add_modifier(Modifier::ITALIC));
                self.literal("[image: ".to_string(), self.style());
                self.links.push(Link {
                    url: strip_controls(&dest_url, " "),
                    text: String::new(),
                    show_url: true,
                });
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::DefinitionList => self.end_block(),
            TagEnd::Heading(_) => {
                self.inline.pop();
                self.end_block();
            }
            TagEnd::BlockQuote(_) => {
                self.close_line();
                self.containers.pop();
                self.gap = true;
            }
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    self.write_code(code);
                }
                self.gap = true;
            }
            TagEnd::HtmlBlock => {
                self.html_block = false;
                self.end_block();
            }
            TagEnd::List(_) => {
                self.close_line();
                self.lists.pop();
                // Nested lists sit tight against their item's text; only the outermost list
                // asks for a blank line after it.
                if self.lists.is_empty() {
                    self.gap = true;
                }
            }
            TagEnd::Item => {
                if let Some(Container::Item {
                    marker: Some(_), ..
                }) = self.containers.last()
                {
                    // An empty item still shows its marker.
                    self.open_line();
                }
                self.close_line();
                self.containers.pop();
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.write_table(table);
                }
                self.gap = true;
            }
            TagEnd::TableHead => {
                self.inline.pop();
            }
            TagEnd::TableRow | TagEnd::TableCell => {}
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.inline.pop();
            }
            TagEnd::Link => {
                self.inline.pop();
                self.end_link();
            }
            TagEnd::Image => {
                self.literal("]".to_string(), self.style());
                self.inline.pop();
                self.end_link();
            }
            TagEnd::Superscript | TagEnd::Subscript | TagEnd::MetadataBlock(_) => {}
        }
    }

    /// Dimmed inside block quotes.
    fn base_style(&self) -> Style {
        if self
            .containers
            .iter()
            .any(|c| matches!(c, Container::Quote))
        {
            DIM
        } else {
            Style::new()
        }
    }

    fn style(&self) -> Style {
        self.inline
            .iter()
            .fold(self.base_style(), |style, patch| style.patch(*patch))
    }

    /// Queues inline text in `style`. Consecutive pieces are joined before they are sanitized:
    /// pulldown-cmark splits text at `[` and similar, which would cut an escape sequence in two.
    fn text(&mut self, text: &str, style: Style) {
        match &mut self.pending {
            Some((queued, queued_style)) if *queued_style == style => queued.push_str(text),
            _ => {
                self.flush_text();
                self.pending = Some((text.to_string(), style));
            }
        }
    }

    /// Writes the queued text, sanitized, also into the open link's text.
    fn flush_text(&mut self) {
        let Some((text, style)) = self.pending.take() else {
            return;
        };
        let text = strip_controls(&text, " ");
        if text.is_empty() {
            return;
        }
        if let Some(link) = self.links.last_mut() {
            link.text.push_str(&text);
        }
        self.push(Span::styled(text, style));
    }

    /// Writes text of podgloss's own (a marker, a bracket), outside any link text.
    fn literal(&mut self, text: String, style: Style) {
        self.flush_text();
        self.push(Span::styled(text, style));
    }

    fn end_link(&mut self) {
        let Some(link) = self.links.pop() else {
            return;
        };
        let url = link.url.trim();
        let text = link.text.trim();
        let same = url == text || url.strip_prefix("mailto:") == Some(text);
        if link.show_url && !url.is_empty() && !same {
            let style = self.style().patch(DIM);
            self.push(Span::styled(format!(" ({url})"), style));
        }
    }

    fn hard_break(&mut self) {
        if let Some(table) = &mut self.table {
            table.push(Span::raw(" "));
        } else {
            self.close_line();
        }
    }

    /// Adds a span to the table cell being read, else to the current line.
    fn push(&mut self, span: Span<'static>) {
        if let Some(table) = &mut self.table {
            table.push(span);
        } else {
            self.open_line();
            if let Some(current) = &mut self.current {
                current.push(span);
            }
        }
    }

    /// Starts a line with its containers' prefix, unless one is open.
    fn open_line(&mut self) {
        if self.current.is_some() {
            return;
        }
        let base = self.base_style();
        let mut prefix = Vec::new();
        for container in &mut self.containers {
            match container {
                Container::Quote => prefix.push(Span::styled(QUOTE_BAR, DIM)),
                Container::Item { marker, width } => match marker.take() {
                    Some(marker) => prefix.push(Span::styled(marker, base)),
                    None => prefix.push(Span::raw(" ".repeat(*width))),
                },
            }
        }
        self.current = Some(prefix);
    }

    fn close_line(&mut self) {
        if let Some(spans) = self.current.take() {
            self.lines.push(Line::from(spans));
        }
    }

    /// A blank line, keeping the bars of the block quotes it is in.
    fn blank_line(&mut self) {
        self.close_line();
        let depth = self
            .containers
            .iter()
            .rposition(|c| matches!(c, Container::Quote))
            .map_or(0, |last| last + 1);
        let mut spans = Vec::new();
        for (index, container) in self.containers[..depth].iter().enumerate() {
            match container {
                Container::Quote if index + 1 == depth => spans.push(Span::styled("│", DIM)),
                Container::Quote => spans.push(Span::styled(QUOTE_BAR, DIM)),
                Container::Item { width, .. } => spans.push(Span::raw(" ".repeat(*width))),
            }
        }
        self.lines.push(Line::from(spans));
    }

    fn start_block(&mut self) {
        self.close_line();
        if mem::take(&mut self.gap) && !self.lines.is_empty() {
            self.blank_line();
        }
    }

    fn end_block(&mut self) {
        self.close_line();
        self.gap = true;
    }

    fn write_code(&mut self, code: CodeBlock) {
        let lines: Vec<String> = code
            .text
            .lines()
            .map(|line| strip_controls(line, TAB))
            .collect();
        let plain = self.base_style().patch(CODE);
        let base = self.base_style();
        for spans in highlight::highlight_code(self.assets, &code.info, &lines, plain) {
            self.open_line();
            if let Some(current) = &mut self.current {
                current.push(Span::raw(CODE_INDENT));
                current.extend(
                    spans
                        .into_iter()
                        .map(|span| Span::styled(span.content, base.patch(span.style))),
                );
            }
            self.close_line();
        }
    }

    fn write_table(&mut self, table: Table) {
        for spans in table.into_lines(DIM) {
            self.open_line();
            if let Some(current) = &mut self.current {
                current.extend(spans);
            }
            self.close_line();
        }
    }

    /// Block HTML is shown as written (dim), one line per line; comments are not shown.
    fn write_html_block(&mut self, html: &str) {
        if html.trim_start().starts_with("<!--") {
            return;
        }
        let style = self.style().patch(DIM);
        for line in html.lines() {
            let line = strip_controls(line, TAB);
            if !line.trim().is_empty() {
                self.open_line();
                if let Some(current) = &mut self.current {
                    current.push(Span::styled(line, style));
                }
                self.close_line();
            }
        }
    }
}

/// `text` without terminal escape sequences, control characters or bidirectional overrides
/// (text from files is shown, never obeyed); tabs and newlines become `tab`.
fn strip_controls(text: &str, tab: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' | '\n' => out.push_str(tab),
            '\u{1b}' => skip_escape_sequence(&mut chars),
            c if c.is_control() || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each line's text.
    fn plain(text: &Text<'_>) -> Vec<String> {
        text.lines.iter().map(|line| line.to_string()).collect()
    }

    /// The first span whose text is `content`, in any line.
    fn span<'t>(text: &'t Text<'_>, content: &str) -> &'t Span<'t> {
        text.lines
            .iter()
            .flat_map(|line| &line.spans)
            .find(|span| span.content == content)
            .unwrap_or_else(|| panic!("no span {content:?} in {:?}", plain(text)))
    }

    #[test]
    fn blocks_and_their_prefixes() {
        // (markdown, lines)
        let cases: &[(&str, &[&str])] = &[
            ("One\ntwo.\n\nThree.", &["One two.", "", "Three."]),
            ("# Title\n\nBody", &["Title", "", "Body"]),
            ("Line one  \nline two", &["Line one", "line two"]),
            (
                "- a\n- b\n  - c\n  - d\n- e\n\nAfter.",
                &["• a", "• b", "  • c", "  • d", "• e", "", "After."],
            ),
            ("3. x\n4. y", &["3. x", "4. y"]),
            (
                "1. x\n\n   more\n2. y",
                &["1. x", "", "   more", "", "2. y"],
            ),
            ("- ```\n  code\n  ```", &["•   code"]),
            ("-\n- b", &["• ", "• b"]),
            ("> Quoted\n>\n> again", &["│ Quoted", "│", "│ again"]),
            ("> a\n> > b", &["│ a", "│", "│ │ b"]),
            (
                "Above\n\n---\n\nBelow",
                &["Above", "", &"─".repeat(RULE_WIDTH), "", "Below"],
            ),
            ("```\nx  =  1\n\n\ty\n```", &["  x  =  1", "  ", "      y"]),
            ("    indented\n    code", &["  indented", "  code"]),
            ("[text](https://x.y)", &["text (https://x.y)"]),
            ("<https://x.y>", &["https://x.y"]),
            ("[[attention head|heads]]", &["heads"]),
            ("![a cat](cat.png)", &["[image: a cat] (cat.png)"]),
            ("a<br>b <span>c</span>", &["a", "b c"]),
            ("<!-- hidden -->\n\nShown", &["Shown"]),
            ("- [x] done", &["• [x] done"]),
            (
                "| a | long |\n|--:|:---:|\n| 10 | x |",
                &[" a │ long", "───┼─────", "10 │  x"],
            ),
            ("", &[]),
        ];
        for (markdown, expected) in cases {
            assert_eq!(plain(&render_markdown(markdown)), *expected, "{markdown:?}");
        }
    }

    #[test]
    fn inline_styles() {
        let text = render_markdown("*it* **bold** ~~gone~~ `code` [link](https://x.y)");
        let has = |content, modifier| span(&text, content).style.add_modifier.contains(modifier);
        assert!(has("it", Modifier::ITALIC));
        assert!(has("bold", Modifier::BOLD));
        assert!(has("gone", Modifier::CROSSED_OUT));
        assert_eq!(span(&text, "code").style, CODE);
        assert!(has("link", Modifier::UNDERLINED));
        assert!(has(" (https://x.y)", Modifier::DIM));
        assert!(!has(" (https://x.y)", Modifier::UNDERLINED));
        assert_eq!(span(&text, " ").style, Style::new());
    }

    #[test]
    fn headings_and_quotes_are_styled() {
        let text = render_markdown("## Part\n\n> said");
        assert_eq!(span(&text, "Part").style, heading_style(HeadingLevel::H2));
        assert!(
            span(&text, "Part")
                .style
                .add_modifier
                .contains(Modifier::BOLD)
        );
        assert!(
            span(&text, "said")
                .style
                .add_modifier
                .contains(Modifier::DIM)
        );
        assert!(
            span(&text, QUOTE_BAR)
                .style
                .add_modifier
                .contains(Modifier::DIM)
        );
    }

    #[test]
    fn python_code_is_highlighted_and_prose_never_loads_syntect() {
        let assets = LazyAssets::new();
        let prose = render_with(
            "Prose, `inline code`, a list:\n\n- item\n\n```\nno language\n```\n",
            &assets,
        );
        assert!(!prose.lines.is_empty());
        assert!(
            !assets.is_loaded(),
            "prose and unlabelled code must not load syntect"
        );

        let code = render_with("```python\ndef f(x):\n    return x\n```", &assets);
        assert!(assets.is_loaded());
        assert_eq!(plain(&code), ["  def f(x):", "      return x"]);
        let keyword = span(&code, "def");
        assert!(
            matches!(keyword.style.fg, Some(Color::Rgb(..))),
            "`def` should be coloured by the theme: {keyword:?}"
        );
        assert_eq!(keyword.style.bg, None, "theme backgrounds are not used");
        assert_ne!(keyword.style.fg, span(&code, "f").style.fg);
    }

    #[test]
    fn language_tags_by_name_or_extension() {
        for info in ["python", "py", "rust", "rs"] {
            let text = render_markdown(&format!("```{info}\nx\n```"));
            let x = span(&text, "x");
            assert_ne!(x.style, CODE, "{info} should go through syntect");
        }
        let unknown = render_markdown("```klingon\nqapla\n```");
        assert_eq!(span(&unknown, "qapla").style, CODE);
    }

    #[test]
    fn the_global_assets_report_loading() {
        render_markdown("```rust\nfn main() {}\n```");
        assert!(syntaxes_loaded());
    }

    #[test]
    fn control_characters_and_escapes_are_removed() {
        let text = render_markdown(
            "Red \u{1b}[31mtext\u{1b}[0m \u{1b}]0;title\u{7}here\u{202e}\u{7}.\n\n\
             ```python\nx = '\u{1b}[2J'\u{8}\n```",
        );
        assert_eq!(plain(&text), ["Red text here.", "", "  x = ''"]);
        assert_eq!(strip_controls("a\tb\u{1b}P1;2\u{1b}\\c", "  "), "a  bc");
    }

    #[test]
    fn odd_input_does_not_panic() {
        let deep_quote = ">".repeat(500) + " x";
        let deep_list = (0..200)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect::<String>();
        for markdown in [
            "```",
            "```python",
            "```python\n",
            "| a |\n|---|",
            "|a|b|\n|-|-|\n|1|2|3|\n|4|",
            "[unclosed](",
            "**",
            "<div>\n*x*\n</div>",
            "1. \n2. \n",
            "- > ```rust\n  > let x;\n  > ```",
            "99999999999. big",
            "\u{0}\u{1b}\u{7f}\u{9b}",
            deep_quote.as_str(),
            deep_list.as_str(),
            "[^1]\n\n[^1]: note",
            "# \n##\n",
        ] {
            let _ = render_markdown(markdown);
        }
    }
}
