//! The candidate terms a question asks about: short, lowercase noun phrases that the glossary
//! matcher can look up, or nothing when the question names no term. Candidates are checked
//! against the episode's own words and the glossary afterwards (`super::vocabulary`), which
//! needs the transcript; here only the question's text is read.
//!
//! The rules, applied in order to the text before the `?` (wiki links already replaced by their
//! term):
//!
//! 1. **Normalise**: lowercase, curly quotes made straight, words split on whitespace, each word
//!    stripped of surrounding punctuation (`(query)` → `query`, `‘too` → `too`; a trailing `+` or
//!    `#` stays, for `c++`). Clock times and adverbs (`mostly`, `really`, `basically`, …) are
//!    dropped.
//! 2. **Lists**: commas split the phrase into parts. When every part has at most three words the
//!    parts are a list and each is a candidate (`Softmax, ReLU, GELU?`); otherwise the commas are
//!    clause boundaries and only one part counts: the last that starts with a question word or
//!    auxiliary (`Is X mostly Y, ours included?`, `If it is solved, what's left?`), else the last. Then `or`,
//!    `vs`, `versus` always split, and `and` splits when both sides have at most three words
//!    (`chain of thought and tree of thoughts`).
//! 3. **Attribution**: `as <someone> talks about / says / mentioned …` and `according to …` are cut
//!    off (`What are systems as sholto talks about?` → `systems`).
//! 4. **Question words**: leading question words, auxiliaries and fillers are stripped
//!    (`what's`, `whats`, `what is`, `what are`, `how does`, `why is`, `is`, `does`, `could`, `so`,
//!    `about`, `ok`, …).
//! 5. **Clauses**: a subject pronoun starts a clause whose object is the term. After a copula (`is
//!    it softmax`) only the pronoun goes. Otherwise the pronoun, any modal (`could`, `will`, …) and
//!    the verb go, and the term is the run of content words after the verb (`does this break
//!    recursive intelligence explosion` → `recursive intelligence explosion`; `could we use ‘too
//!    many’ parameters on purpose…` → `parameters`). `this`/`that`/`these`/`those` count as a
//!    subject only before a common verb (`this break`, not `this model`). With no object, rule 8
//!    is tried.
//! 6. **Determiners**: leading `the`, `a`, `an`, `most`, `more`, `some`, `this`, … are stripped
//!    (`Is most intelligence pattern matching?` → `intelligence pattern matching`).
//! 7. **Copula**: `X is Y` with a subject of one to three words asks about the predicate `Y` (`The
//!    brain is recurrent?` → `recurrent`), or about `X` when `Y` is only fillers (`Residual stream
//!    is what exactly?` → `residual stream`).
//! 8. **Length**: fillers and function words at the end go (`mean`, `exactly`, `work`, `do`,
//!    `for`, … as in `What does KV mean exactly?`, `How does attention work?`), keeping at least one
//!    word. A phrase of up to five words is the candidate. A longer one gives the content words
//!    after its last preposition other than `to` (often an infinitive), when they are one to three words and include no function word
//!    (`is a proxy for this because of forward passes` → `forward passes`; `I wonder if that means
//!    it could get easier with more parameters` → `parameters`), and otherwise nothing: a whole
//!    sentence is never a term.
//! 9. **Vague words**: a candidate made only of function words, or still holding `and`/`or`
//!    (two clauses, not a term) or a pronoun or auxiliary (`compiler make you check it`: a
//!    clause, not a noun phrase), or that is a vague word on its
//!    own (`point`, `thing`, `stuff`, `easier`, …), or that starts with `makes sense`, is dropped.
//!    Duplicates are dropped.

/// At most this many words in a candidate.
const MAX_WORDS: usize = 5;
/// A part of a comma or `and` list has at most this many words.
const MAX_LIST_PART_WORDS: usize = 3;

const QUESTION_LEAD: &str = "\
    what what's whats what're which who who's whom whose how how's why why's where where's \
    when is isn't are aren't was wasn't were weren't does doesn't do don't did didn't can \
    can't could couldn't would wouldn't should shouldn't will won't has have had so and but \
    or then also ok okay hmm um uh oh wait well yeah about exactly really actually even just \
    again anyway re huh q not";
const COPULAS: &str = "is isn't are aren't was wasn't were weren't";
const PERSONAL_PRONOUNS: &str = "i we you they he she it";
const CONTRACTED_SUBJECTS: &str = "\
    it's that's there's i'm we're you're they're he's she's i've we've you've they've i'd \
    we'd";
const DEMONSTRATIVES: &str = "this that these those";
const COMMON_VERBS: &str = "\
    affect affects apply applies break breaks cause causes change changes count counts \
    explain explains fix fixes get gets have has help helps hold holds hurt hurts imply \
    implies improve improves increase increases limit limits make makes matter matters mean \
    means need needs reduce reduces relate relates require requires scale scales solve \
    solves use uses work works";
const MODALS: &str = "\
    could would can will should might may must do does did don't doesn't didn't can't won't \
    really actually also just even still then ever";
/// Adverbs dropped wherever they stand (`is intelligence mostly pattern matching`).
const ADVERBS: &str = "\
    mostly really actually basically literally probably maybe perhaps exactly just always \
    never sometimes usually generally truly simply deliberately essentially roughly";
const DETERMINERS: &str = "\
    the a an this that these those some any most all every each much many more less fewer \
    such my our your their its his her too other another same very so quite";
const PREPOSITIONS: &str = "\
    of for to in on at by with without about from into onto over under through between among \
    across after before during via per like than within";
/// Words that never belong inside a term run, besides determiners, prepositions and question
/// words.
const OTHER_FUNCTION_WORDS: &str = "\
    and or but if because since than that which who whether while as not no i we you they he \
    she it me us them him it's that's there's there be been being here why when";
const TRAILING_FILLERS: &str = "\
    mean means meant exactly really again here there then though anyway actually even now \
    work works do does did not right about too used etc lol huh";
const SPEECH_VERBS: &str = "\
    talk talks talked say says said mention mentions mentioned put puts call calls called \
    describe describes described explain explains explained use uses used mean means meant";
/// Pronouns and auxiliaries: a candidate holding one is a clause ("compiler make you check it"),
/// not a noun phrase.
const CLAUSE_WORDS: &str = "\
    i me you it we us they them he him she her myself yourself itself ourselves themselves \
    can could would will should might may must shall does did don't doesn't didn't can't won't \
    isn't aren't wasn't weren't";
const VAGUE_WORDS: &str = "\
    point thing things stuff deal idea way lot sense case reason question example true right \
    wrong correct possible same different easier harder better worse real sure ok okay";

/// Whether `word` is one of the space-separated words of `list`.
fn is_in(word: &str, list: &str) -> bool {
    list.split_ascii_whitespace().any(|w| w == word)
}

fn is_function_word(word: &str) -> bool {
    is_in(word, DETERMINERS)
        || is_in(word, PREPOSITIONS)
        || is_in(word, QUESTION_LEAD)
        || is_in(word, OTHER_FUNCTION_WORDS)
        || is_in(word, CONTRACTED_SUBJECTS)
}

/// The terms the question phrase `phrase` (the text before its `?`) asks about.
pub fn candidate_terms(phrase: &str) -> Vec<String> {
    let normal: String = phrase
        .chars()
        .map(|c| match c {
            '’' | '‘' | '`' => '\'',
            '“' | '”' | '«' | '»' => '"',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    let mut terms: Vec<String> = Vec::new();
    for part in list_parts(&normal) {
        if let Some(term) = term_of(part) {
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
    }
    terms
}

/// Splits a phrase into the words of each list member (rule 2).
fn list_parts(phrase: &str) -> Vec<Vec<String>> {
    let comma_parts: Vec<Vec<String>> = phrase
        .split(',')
        .map(words)
        .filter(|w| !w.is_empty())
        .collect();
    let comma_parts = if comma_parts.iter().all(|p| p.len() <= MAX_LIST_PART_WORDS) {
        comma_parts
    } else {
        // Not a list: the clause that asks (`is X mostly Y, ours included`, `if X is solved,
        // what's the point`), else the last one.
        let asking = comma_parts
            .iter()
            .rposition(|p| p.first().is_some_and(|w| is_in(w, QUESTION_LEAD)));
        let chosen = asking.unwrap_or(comma_parts.len().saturating_sub(1));
        comma_parts.into_iter().nth(chosen).into_iter().collect()
    };
    let mut parts = Vec::new();
    for part in comma_parts {
        for piece in split_on(&part, "or vs versus") {
            let halves = split_on(&piece, "and");
            if halves.iter().all(|h| h.len() <= MAX_LIST_PART_WORDS) {
                parts.extend(halves);
            } else {
                parts.push(piece);
            }
        }
    }
    parts
}

fn split_on(words: &[String], separators: &str) -> Vec<Vec<String>> {
    words
        .split(|w| is_in(w, separators))
        .filter(|piece| !piece.is_empty())
        .map(<[String]>::to_vec)
        .collect()
}

/// The words of a phrase, each stripped of surrounding punctuation (rule 1).
fn words(phrase: &str) -> Vec<String> {
    phrase
        .split_whitespace()
        .map(|w| {
            w.trim_start_matches(|c: char| !c.is_alphanumeric())
                .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '+' && c != '#')
        })
        .filter(|w| !w.is_empty() && !is_clock(w) && !is_in(w, ADVERBS))
        .map(str::to_owned)
        .collect()
}

fn is_clock(word: &str) -> bool {
    word.contains(':') && word.chars().all(|c| c.is_ascii_digit() || ":.".contains(c))
}

/// One list member's term, by rules 3 to 9.
fn term_of(mut words: Vec<String>) -> Option<String> {
    cut_attribution(&mut words);
    let mut last_lead: Option<String> = None;
    while words.first().is_some_and(|w| is_in(w, QUESTION_LEAD)) {
        last_lead = Some(words.remove(0));
    }
    if let Some(object) = clause_object(&mut words, last_lead.as_deref()) {
        return finish(object);
    }
    strip_determiners(&mut words);
    apply_copula(&mut words);
    finish(words)
}

/// Rule 3: `as sholto talks about`, `according to the paper`.
fn cut_attribution(words: &mut Vec<String>) {
    let cut = (1..words.len()).find(|&i| {
        let rest = &words[i + 1..];
        match words[i].as_str() {
            "as" => rest.iter().take(4).any(|w| is_in(w, SPEECH_VERBS)),
            "according" => rest.first().is_some_and(|w| w == "to"),
            _ => false,
        }
    });
    if let Some(cut) = cut {
        words.truncate(cut);
    }
}

/// Rule 5. Returns the clause's object when the words start with a subject pronoun and an
/// object follows the verb; strips the pronoun (and verb) either way, so rule 8 can work on the
/// rest.
fn clause_object(words: &mut Vec<String>, last_lead: Option<&str>) -> Option<Vec<String>> {
    let first = words.first()?.clone();
    let after_copula = last_lead.is_some_and(|w| is_in(w, COPULAS));
    let personal = is_in(&first, PERSONAL_PRONOUNS);
    let demonstrative_subject =
        is_in(&first, DEMONSTRATIVES) && words.get(1).is_some_and(|w| is_in(w, COMMON_VERBS));
    if is_in(&first, CONTRACTED_SUBJECTS)
        || (after_copula && (personal || is_in(&first, DEMONSTRATIVES)))
    {
        words.remove(0);
        strip_determiners(words);
        return None;
    }
    if !personal && !demonstrative_subject {
        return None;
    }
    words.remove(0);
    while words.first().is_some_and(|w| is_in(w, MODALS)) {
        words.remove(0);
    }
    if !words.is_empty() {
        words.remove(0);
    }
    let mut object = words.clone();
    strip_determiners(&mut object);
    let run = object.iter().take_while(|w| !is_function_word(w)).count();
    object.truncate(run);
    if object.is_empty() {
        None
    } else {
        Some(object)
    }
}

/// Rule 6.
fn strip_determiners(words: &mut Vec<String>) {
    let lead = words.iter().take_while(|w| is_in(w, DETERMINERS)).count();
    words.drain(..lead);
}

/// Rule 7.
fn apply_copula(words: &mut Vec<String>) {
    let Some(at) = (1..=3.min(words.len().saturating_sub(1))).find(|&i| is_in(&words[i], COPULAS))
    else {
        return;
    };
    let mut predicate = words[at + 1..].to_vec();
    strip_determiners(&mut predicate);
    while predicate
        .first()
        .is_some_and(|w| is_in(w, QUESTION_LEAD) || is_in(w, TRAILING_FILLERS))
    {
        predicate.remove(0);
    }
    if predicate.is_empty() {
        words.truncate(at);
    } else {
        *words = predicate;
    }
}

/// Rules 8 and 9.
fn finish(mut words: Vec<String>) -> Option<String> {
    while words.len() > 1
        && words.last().is_some_and(|w| {
            is_in(w, TRAILING_FILLERS) || is_in(w, PREPOSITIONS) || is_in(w, DETERMINERS)
        })
    {
        words.pop();
    }
    if words.len() > MAX_WORDS {
        // `to` is as often an infinitive (`easier to read`) as a preposition.
        let last_preposition = words
            .iter()
            .rposition(|w| w != "to" && is_in(w, PREPOSITIONS))?;
        let mut tail = words.split_off(last_preposition + 1);
        strip_determiners(&mut tail);
        if tail.is_empty() || tail.len() > 3 || tail.iter().any(|w| is_function_word(w)) {
            return None;
        }
        words = tail;
    }
    // A conjunction left inside joins clauses, not terms (short lists were split by rule 2);
    // a pronoun or an auxiliary inside makes a clause.
    if words.is_empty()
        || words.iter().all(|w| is_function_word(w))
        || words
            .iter()
            .any(|w| w == "and" || w == "or" || is_in(w, CLAUSE_WORDS))
    {
        return None;
    }
    let term = words.join(" ");
    if term.starts_with("makes sense") || term.starts_with("make sense") {
        return None;
    }
    let vague = is_in(&term, VAGUE_WORDS) || is_in(&term, TRAILING_FILLERS);
    if words.len() == 1 && (vague || term.chars().count() < 2) {
        return None;
    }
    Some(term)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_candidate_terms() {
        let cases: &[(&str, &[&str])] = &[
            // The seed's questions.
            ("Softmax", &["softmax"]),
            ("What’s distillation", &["distillation"]),
            ("Distilled models", &["distilled models"]),
            ("KV values", &["kv values"]),
            ("Induction heads", &["induction heads"]),
            ("What’s steganography", &["steganography"]),
            ("Quadratic attention costs", &["quadratic attention costs"]),
            ("MLP", &["mlp"]),
            ("Residual stream", &["residual stream"]),
            ("Forward passes", &["forward passes"]),
            ("Hill climbing", &["hill climbing"]),
            ("The brain is recurrent", &["recurrent"]),
            ("What are systems as sholto talks about", &["systems"]),
            ("Chain of thought ", &["chain of thought"]),
            (
                "is a proxy for this because of forward passes",
                &["forward passes"],
            ),
            (
                "Does this break recursive intelligence explosion",
                &["recursive intelligence explosion"],
            ),
            (
                "Is most intelligence pattern matching",
                &["intelligence pattern matching"],
            ),
            (
                "I wonder if that means it could get easier with more parameters",
                &["parameters"],
            ),
            (
                "Could we use ‘too many’ parameters on purpose in order to help with this",
                &["parameters"],
            ),
            // Six words, and too many after the last preposition: nothing rather than a sentence.
            (
                "What about the costs of training orders-of-magnitude bigger models",
                &[],
            ),
            ("What about the costs of training", &["costs of training"]),
            (
                "Language evolved to be good at encoding information about the world in a way \
                 that was quick to learn (for children) which is why it’s easier",
                &[],
            ),
            // Other shapes.
            ("whats a transformer", &["transformer"]),
            ("What is the residual stream", &["residual stream"]),
            ("How does attention work", &["attention"]),
            ("What does KV mean exactly", &["kv"]),
            ("Why is attention quadratic", &["attention quadratic"]),
            ("Residual stream is what exactly", &["residual stream"]),
            ("is it softmax", &["softmax"]),
            ("Softmax, ReLU, GELU", &["softmax", "relu", "gelu"]),
            ("KV cache vs just recomputing", &["kv cache", "recomputing"]),
            (
                "chain of thought and tree of thoughts",
                &["chain of thought", "tree of thoughts"],
            ),
            ("If adaptive compute is solved, what's the point", &[]),
            ("What's a systems person", &["systems person"]),
            ("Entity tracking", &["entity tracking"]),
            ("What is C++", &["c++"]),
            ("softmax at 1:10:00", &["softmax"]),
            (
                "Is intelligence mostly pattern matching, ours included",
                &["intelligence pattern matching"],
            ),
            ("So not that different after all", &[]),
            ("Then is the brain recurrent and transformers not", &[]),
            ("Makes sense-ish", &[]),
            (
                "Would making a model deliberately oversized make it easier to read",
                &[],
            ),
            ("What", &[]),
            ("why though", &[]),
            // Clauses and pronoun phrases are not terms.
            ("Why doesn't the compiler make you check it", &[]),
            ("Paged attention", &["paged attention"]),
            ("QK this, OV that", &["qk", "ov"]),
            ("Does it", &[]),
            ("Can we", &[]),
            ("", &[]),
        ];
        for (phrase, want) in cases {
            assert_eq!(candidate_terms(phrase), *want, "{phrase:?}");
        }
    }
}
