//! [`Ast`] to tantivy queries. Filters score 0, so that ranking comes from the words alone.

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{SimpleTokenizer, TextAnalyzer, TokenizerManager};

use super::{Ast, Atom, Clause, Filter};
use crate::search::schema::{Fields, NAME_TOKENIZER, TEXT_TOKENIZER};

/// The tantivy query for `ast`, with words cut by the index's tokenizers (`en_stem` for the
/// text, `default` for names). An empty `Ast` gives an [`EmptyQuery`]; one without required
/// words (only filters or exclusions) keeps every document that passes them.
pub fn build(ast: &Ast, fields: &Fields, tokenizers: &TokenizerManager) -> Box<dyn Query> {
    let mut builder = Builder {
        fields,
        text: analyzer(tokenizers, TEXT_TOKENIZER),
        names: analyzer(tokenizers, NAME_TOKENIZER),
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut scored = false;
    for clause in &ast.clauses {
        match clause {
            Clause::AnyOf(atoms) => {
                let mut alternatives = Vec::new();
                for atom in atoms {
                    if let Some(query) = builder.atom(atom) {
                        scored |= atom.is_text();
                        alternatives.push(query);
                    }
                }
                let query: Box<dyn Query> = match alternatives.len() {
                    0 => continue,
                    1 => alternatives.remove(0),
                    _ => Box::new(BooleanQuery::union(alternatives)),
                };
                clauses.push((Occur::Must, query));
            }
            Clause::Exclude(atom) => {
                if let Some(query) = builder.atom(atom) {
                    clauses.push((Occur::MustNot, query));
                }
            }
        }
    }
    if clauses.is_empty() {
        return Box::new(EmptyQuery);
    }
    if !scored {
        // Filters and exclusions only: every document, less what they rule out.
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    if let [(Occur::Must, _)] = clauses.as_slice() {
        return clauses.remove(0).1;
    }
    Box::new(BooleanQuery::new(clauses))
}

/// The analyzer registered as `name`, else tantivy's own of that name, else a plain word
/// splitter: a query is still built against an index whose manager lacks it.
fn analyzer(tokenizers: &TokenizerManager, name: &str) -> TextAnalyzer {
    tokenizers
        .get(name)
        .or_else(|| TokenizerManager::default().get(name))
        .unwrap_or_else(|| TextAnalyzer::from(SimpleTokenizer::default()))
}

struct Builder<'a> {
    fields: &'a Fields,
    text: TextAnalyzer,
    names: TextAnalyzer,
}

impl Builder<'_> {
    /// `None` when the atom has no tokens left to match.
    fn atom(&mut self, atom: &Atom) -> Option<Box<dyn Query>> {
        let text_field = self.fields.text;
        match atom {
            Atom::Word { text, distance } => {
                let tokens = tokens(&mut self.text, text);
                match tokens.as_slice() {
                    [(_, stem)] if *distance > 0 => Some(Box::new(FuzzyTermQuery::new(
                        Term::from_field_text(text_field, stem),
                        *distance,
                        true,
                    ))),
                    // A fuzzy word that splits into several tokens is matched as an exact phrase.
                    _ => words(text_field, tokens),
                }
            }
            Atom::Phrase(text) => words(text_field, tokens(&mut self.text, text)),
            Atom::Filter(filter) => self
                .filter(filter)
                .map(|query| Box::new(ConstScoreQuery::new(query, 0.0)) as Box<dyn Query>),
        }
    }

    fn filter(&mut self, filter: &Filter) -> Option<Box<dyn Query>> {
        let fields = self.fields;
        match filter {
            Filter::Speaker(name) => {
                // Each word prefixes some word of the name; the field has no positions, so the
                // words may come in any order. A prefix is a fuzzy prefix query of distance 0.
                let mut prefixes: Vec<Box<dyn Query>> = tokens(&mut self.names, name)
                    .into_iter()
                    .map(|(_, word)| {
                        Box::new(FuzzyTermQuery::new_prefix(
                            Term::from_field_text(fields.speaker, &word),
                            0,
                            true,
                        )) as Box<dyn Query>
                    })
                    .collect();
                match prefixes.len() {
                    0 => None,
                    1 => prefixes.pop(),
                    _ => Some(Box::new(BooleanQuery::intersection(prefixes))),
                }
            }
            Filter::Show(name) => words(fields.show, tokens(&mut self.names, name)),
            Filter::Episode(slug) => Some(raw_term(fields.episode, slug)),
            Filter::In(kind) => Some(raw_term(fields.kind, kind.as_str())),
            Filter::After(ms) => Some(Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_u64(fields.start, *ms)),
                Bound::Unbounded,
            ))),
            Filter::Before(ms) => Some(Box::new(RangeQuery::new(
                Bound::Unbounded,
                Bound::Excluded(Term::from_field_u64(fields.start, *ms)),
            ))),
        }
    }
}

/// The tokens of `text` with their positions.
fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut tokens = Vec::new();
    analyzer
        .token_stream(text)
        .process(&mut |token| tokens.push((token.position, token.text.clone())));
    tokens
}

/// One token as a term, several as a phrase (keeping the gaps a dropped token leaves).
fn words(field: Field, tokens: Vec<(usize, String)>) -> Option<Box<dyn Query>> {
    let mut terms: Vec<(usize, Term)> = tokens
        .into_iter()
        .map(|(position, word)| (position, Term::from_field_text(field, &word)))
        .collect();
    match terms.len() {
        0 => None,
        1 => Some(Box::new(TermQuery::new(
            terms.remove(0).1,
            IndexRecordOption::WithFreqs,
        ))),
        _ => Some(Box::new(PhraseQuery::new_with_offset(terms))),
    }
}

fn raw_term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use tantivy::collector::DocSetCollector;
    use tantivy::schema::Value;
    use tantivy::{Index, IndexWriter, TantivyDocument};

    use super::super::{Mode, compile, parse};
    use crate::search::schema::{Fields, KIND_GLOSSARY, KIND_NOTE, KIND_TRANSCRIPT, build_schema};

    const DWARKESH: &str = "Dwarkesh Podcast";
    const LATENT: &str = "Latent Space";
    const MODELS: &str = "how-models-think";
    const BASICS: &str = "interpretability-basics";
    const TRENTON: &str = "Trenton Bricken";
    const MAYA: &str = "Maya Okafor";

    /// (label, kind, episode, show, speaker, start ms, text). The label goes in `title`.
    type Row = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        Option<u64>,
        &'static str,
    );

    const DOCS: &[Row] = &[
        (
            "a1",
            KIND_TRANSCRIPT,
            MODELS,
            DWARKESH,
            TRENTON,
            Some(600_000),
            "The residual stream is a running sum of every layer's output.",
        ),
        (
            "a2",
            KIND_TRANSCRIPT,
            MODELS,
            DWARKESH,
            MAYA,
            Some(3_900_000),
            "Many residual streams run in parallel, and superposition packs features.",
        ),
        (
            // Both words, never side by side; exactly 1:30:00.
            "a3",
            KIND_TRANSCRIPT,
            MODELS,
            DWARKESH,
            TRENTON,
            Some(5_400_000),
            "A stream of residual thoughts. Quantum superposition is another thing.",
        ),
        (
            // Exactly 1:00:00.
            "b1",
            KIND_TRANSCRIPT,
            BASICS,
            LATENT,
            MAYA,
            Some(3_600_000),
            "Models may learn steganography to hide their reasoning.",
        ),
        (
            "b2",
            KIND_TRANSCRIPT,
            BASICS,
            LATENT,
            TRENTON,
            Some(100_000),
            "Don't confuse GPT-4 with quantum computing.",
        ),
        (
            // The speech recogniser's spelling.
            "b3",
            KIND_TRANSCRIPT,
            BASICS,
            LATENT,
            MAYA,
            Some(200_000),
            "The model learned steganografy from its training data.",
        ),
        (
            "n1",
            KIND_NOTE,
            MODELS,
            DWARKESH,
            "",
            Some(620_000),
            "The residual stream is also called the residual path.",
        ),
        (
            "g1",
            KIND_GLOSSARY,
            "",
            "",
            "",
            None,
            "Residual stream: the running vector each layer reads and writes.",
        ),
    ];

    fn test_index() -> (Index, Fields) {
        let (schema, fields) = build_schema();
        let index = Index::create_in_ram(schema);
        crate::search::schema::register_analyzers(&index);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for &(label, kind, episode, show, speaker, start, text) in DOCS {
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.title, label);
            doc.add_text(fields.kind, kind);
            doc.add_text(fields.episode, episode);
            if !show.is_empty() {
                doc.add_text(fields.show, show);
            }
            if !speaker.is_empty() {
                doc.add_text(fields.speaker, speaker);
            }
            if let Some(start) = start {
                doc.add_u64(fields.start, start);
            }
            doc.add_text(fields.text, text);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        (index, fields)
    }

    /// The labels of the documents `input` finds.
    fn search(index: &Index, fields: &Fields, input: &str, mode: Mode) -> Vec<String> {
        let query = compile(input, mode, fields, index.tokenizers())
            .unwrap_or_else(|error| panic!("{input:?}: {error}"));
        let searcher = index.reader().unwrap().searcher();
        let hits = searcher.search(query.as_ref(), &DocSetCollector).unwrap();
        let labels: BTreeSet<String> = hits
            .into_iter()
            .map(|address| {
                let doc: TantivyDocument = searcher.doc(address).unwrap();
                let title = doc.get_first(fields.title).and_then(|v| v.as_str());
                title.unwrap_or_default().to_string()
            })
            .collect();
        labels.into_iter().collect()
    }

    #[test]
    fn finds_what_each_query_means() {
        let (index, fields) = test_index();
        let every = ["a1", "a2", "a3", "b1", "b2", "b3", "g1", "n1"];
        let cases: Vec<(&str, Vec<&str>)> = vec![
            // Words: all required, stemmed.
            ("residual stream", vec!["a1", "a2", "a3", "g1", "n1"]),
            ("streams", vec!["a1", "a2", "a3", "g1", "n1"]),
            ("Residual STREAMING", vec!["a1", "a2", "a3", "g1", "n1"]),
            // Phrases: adjacent words only, stemmed too.
            ("\"residual stream\"", vec!["a1", "a2", "g1", "n1"]),
            ("\"residual streams\"", vec!["a1", "a2", "g1", "n1"]),
            ("\"stream residual\"", vec![]),
            // Words that tokenize into several tokens are phrases.
            ("GPT-4", vec!["b2"]),
            ("don't", vec!["b2"]),
            ("4-gpt", vec![]),
            // Exclusion and OR.
            ("superposition -quantum", vec!["a2"]),
            ("residual -\"residual stream\"", vec!["a3"]),
            ("quantum OR steganography", vec!["a3", "b1", "b2"]),
            ("residual quantum OR steganography", vec!["a3"]),
            ("steganography OR quantum computing", vec!["b2"]),
            // Speaker: case-insensitive prefix of any word of the name.
            ("speaker:tren", vec!["a1", "a3", "b2"]),
            ("speaker:TRENTON", vec!["a1", "a3", "b2"]),
            ("speaker:brick", vec!["a1", "a3", "b2"]),
            ("speaker:\"tren bri\"", vec!["a1", "a3", "b2"]),
            ("speaker:\"trenton okafor\"", vec![]),
            ("speaker:renton", vec![]),
            ("residual speaker:maya", vec!["a2"]),
            ("residual -speaker:maya", vec!["a1", "a3", "g1", "n1"]),
            // Episode: the exact slug.
            ("episode:interpretability-basics", vec!["b1", "b2", "b3"]),
            ("episode:interpretability", vec![]),
            // Show: a phrase of the show's name.
            ("show:\"latent space\"", vec!["b1", "b2", "b3"]),
            ("show:dwarkesh residual", vec!["a1", "a2", "a3", "n1"]),
            ("show:\"space latent\"", vec![]),
            // Kinds.
            ("residual in:notes", vec!["n1"]),
            ("residual in:glossary", vec!["g1"]),
            ("residual in:transcript", vec!["a1", "a2", "a3"]),
            ("residual -in:transcripts", vec!["g1", "n1"]),
            ("stream in:notes OR in:glossary", vec!["g1", "n1"]),
            // Time window: after is inclusive, before exclusive; no start, no match.
            ("after:1:00:00 before:1:30:00", vec!["a2", "b1"]),
            ("after:1:00:00", vec!["a2", "a3", "b1"]),
            ("before:10m", vec!["b2", "b3"]),
            ("residual before:10m20s", vec!["a1"]),
            // Fuzzy, on stems: the ASR spelling and the right one find each other.
            ("steganografy~", vec!["b1", "b3"]),
            ("steganography~", vec!["b1", "b3"]),
            ("steganography", vec!["b1"]),
            ("steganografy~1", vec!["b3"]),
            ("strem~1", vec!["a1", "a2", "a3", "g1", "n1"]),
            // Four letters allow one edit: "strm" is two away from "stream".
            ("strm~", vec![]),
            ("strm~2", vec!["a1", "a2", "a3", "g1", "n1"]),
            // Filters alone keep every document that passes them.
            ("speaker:maya in:transcripts", vec!["a2", "b1", "b3"]),
            ("in:glossary", vec!["g1"]),
            ("-quantum", vec!["a1", "a2", "b1", "b3", "g1", "n1"]),
            ("-speaker:tren -speaker:maya", vec!["g1", "n1"]),
            // Punctuation-only words are dropped; colons that are not filters are words.
            ("residual , stream", vec!["a1", "a2", "a3", "g1", "n1"]),
            ("layer's", vec!["a1"]),
        ];
        for (input, expected) in cases {
            assert_eq!(
                search(&index, &fields, input, Mode::Strict),
                expected,
                "{input:?}"
            );
        }
        assert_eq!(
            search(&index, &fields, "in:transcripts", Mode::Strict).len(),
            6
        );
        assert_eq!(
            search(&index, &fields, "-nothingmatchesthis", Mode::Strict),
            every
        );
    }

    #[test]
    fn lenient_half_typed_queries_search() {
        let (index, fields) = test_index();
        let cases: Vec<(&str, Vec<&str>)> = vec![
            ("\"residual str", vec![]),
            ("\"residual stream", vec!["a1", "a2", "g1", "n1"]),
            ("speaker:", vec![]),
            ("quantum speaker:", vec!["a3", "b2"]),
            ("quantum speaker:\"tre", vec!["a3", "b2"]),
            ("quantum after:1:0", vec!["a3", "b2"]),
            ("quantum after:1:", vec!["a3", "b2"]),
            ("-", vec![]),
            ("quantum -", vec!["a3", "b2"]),
            ("quantum OR", vec!["a3", "b2"]),
            ("OR quantum", vec!["a3", "b2"]),
            ("stream in:no", vec!["n1"]),
            ("stream in:nope", vec!["a1", "a2", "a3", "g1", "n1"]),
            ("", vec![]),
            ("   ", vec![]),
            // An unknown filter is searched as its words.
            ("residual:stream", vec!["a1", "a2", "g1", "n1"]),
        ];
        for (input, expected) in cases {
            assert_eq!(
                search(&index, &fields, input, Mode::Lenient),
                expected,
                "{input:?}"
            );
        }
    }

    #[test]
    fn odd_input_builds_and_runs() {
        let (index, fields) = test_index();
        let searcher = index.reader().unwrap().searcher();
        let odd = [
            "é:é",
            "日本語 テスト",
            "speaker:é",
            "-\u{301}",
            "\u{0}",
            "🎙️ OR residual",
            "\"🎙️",
            "İstanbul~",
            "ß~2",
            "a\u{200b}b",
            "مرحبا OR שלום",
            "~ ~~ a~~",
            // Longer than the tokenizers keep (40 bytes): dropped, not an error.
            "pneumonoultramicroscopicsilicovolcanoconiosisxx~",
            "speaker:pneumonoultramicroscopicsilicovolcanoconiosisxx",
        ];
        for input in odd {
            for mode in [Mode::Strict, Mode::Lenient] {
                if let Ok(ast) = parse(input, mode) {
                    let query = super::build(&ast, &fields, index.tokenizers());
                    assert!(
                        searcher.search(query.as_ref(), &DocSetCollector).is_ok(),
                        "{input:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn falls_back_when_a_tokenizer_is_missing() {
        let (index, fields) = test_index();
        let empty = tantivy::tokenizer::TokenizerManager::new();
        let query = compile("streams", Mode::Strict, &fields, &empty).unwrap();
        let searcher = index.reader().unwrap().searcher();
        let hits = searcher.search(query.as_ref(), &DocSetCollector).unwrap();
        assert_eq!(hits.len(), 5);
    }
}
