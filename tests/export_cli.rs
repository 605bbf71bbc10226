//! `podgloss export` and `podgloss glossary export` on a copy of the sample library, with the
//! real seed notes imported where `../shared` has them (skipping, saying why, where it has not).

mod common;

use common::TestLibrary;
use serde_json::Value;

const SLUG: &str = "how-language-models-think";

/// The sample library with the seed notes imported into the main episode.
fn library_with_seed_notes() -> Option<TestLibrary> {
    let shared = common::shared_dir()?;
    let seed = shared.join("seed/notes-sholto-trenton.txt");
    if !seed.is_file() {
        return None;
    }
    let lib = TestLibrary::with_sample();
    lib.cmd()
        .args(["notes", "import"])
        .arg(&seed)
        .args(["--episode", SLUG])
        .assert()
        .success();
    Some(lib)
}

fn export(lib: &TestLibrary, args: &[&str]) -> String {
    let output = lib.cmd().arg("export").args(args).output().unwrap();
    assert!(
        output.status.success(),
        "export {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn markdown_links_resolve_and_front_matter_is_yaml() {
    let Some(lib) = library_with_seed_notes() else {
        eprintln!("skipping: ../shared/seed is absent");
        return;
    };
    let md = export(&lib, &[SLUG, "--format", "md"]);

    let rest = md.strip_prefix("---\n").expect("front matter first");
    let (yaml, body) = rest.split_once("\n---\n").expect("front matter closed");
    let matter: serde_norway::Value = serde_norway::from_str(yaml).expect("front matter is YAML");
    assert_eq!(matter["title"].as_str(), Some("How Language Models Think"));
    assert_eq!(matter["show"].as_str(), Some("The Gradient Hour"));
    assert_eq!(matter["date"].as_str(), Some("2024-03-28"));
    assert!(matter["tags"].as_sequence().is_some_and(|t| !t.is_empty()));

    let glossary = lib.root().join("glossary");
    let mut links = 0;
    for (i, _) in body.match_indices("[[") {
        let inner = &body[i + 2..];
        let inner = &inner[..inner.find("]]").expect("link closed")];
        let target = inner.split('|').next().unwrap();
        assert!(
            glossary.join(format!("{target}.md")).is_file(),
            "[[{inner}]] does not resolve to a file in glossary/"
        );
        links += 1;
    }
    assert!(links > 20, "only {links} glossary links");

    // The confession is a callout over its range, with a deep link into the video.
    assert!(
        body.contains("> [!note] [1:10:00-1:22:00](https://youtu.be/pgSAMPLE001?t=4200)"),
        "no range callout"
    );
    assert!(body.contains("## Wanted terms"), "no wanted terms section");
    // No bare `:` in a Markdown link target: every `](` target is a URL.
    for (i, _) in body.match_indices("](") {
        if body[..i].ends_with(']') {
            // `[[wikilink]](x)`: a wiki link followed by text, not a Markdown link.
            continue;
        }
        let target = &body[i + 2..];
        let target = &target[..target.find(')').unwrap()];
        assert!(target.starts_with("https://"), "link target {target:?}");
    }
    // Paragraphs carry their time as a deep link.
    assert!(body.contains("[0:01:17](https://youtu.be/pgSAMPLE001?t=77) **Theo Lindqvist:**"));
}

#[test]
fn annotations_carry_the_required_fields_and_both_selectors() {
    let Some(lib) = library_with_seed_notes() else {
        eprintln!("skipping: ../shared/seed is absent");
        return;
    };
    let text = export(&lib, &[SLUG, "--format", "annotations"]);
    let collection: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(collection["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(collection["type"], "AnnotationCollection");
    let items = collection["first"]["items"].as_array().unwrap();
    assert_eq!(collection["total"].as_u64(), Some(items.len() as u64));
    assert!(items.len() > 10);

    // The quote selectors apply to the paragraphs joined by blank lines (the JSON export's).
    let json: Value = serde_json::from_str(&export(&lib, &[SLUG, "--format", "json"])).unwrap();
    let transcript: Vec<&str> = json["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    let transcript = transcript.join("\n\n");

    let mut fragments = Vec::new();
    for item in items {
        // The Web Annotation model's required fields.
        assert_eq!(item["@context"], "http://www.w3.org/ns/anno.jsonld");
        assert!(
            item["id"].as_str().is_some_and(|id| id.contains(':')),
            "{item}"
        );
        assert_eq!(item["type"], "Annotation");
        let targets = match &item["target"] {
            Value::Array(list) => list.clone(),
            Value::Null => panic!("no target: {item}"),
            one => vec![one.clone()],
        };
        for body in item["body"].as_array().unwrap() {
            assert_eq!(body["type"], "TextualBody");
            assert!(body["value"].is_string());
        }
        for target in &targets {
            if target.is_string() {
                continue;
            }
            assert!(target["source"].as_str().is_some(), "{target}");
            let selector = &target["selector"];
            match selector["type"].as_str() {
                Some("FragmentSelector") => {
                    assert_eq!(selector["conformsTo"], "http://www.w3.org/TR/media-frags/");
                    let value = selector["value"].as_str().unwrap();
                    let times = value.strip_prefix("t=").unwrap();
                    assert!(
                        times.split(',').all(|t| t.parse::<f64>().is_ok()),
                        "{value}"
                    );
                    fragments.push(value.to_string());
                }
                Some("TextQuoteSelector") => {
                    let exact = selector["exact"].as_str().unwrap();
                    let prefix = selector["prefix"].as_str().unwrap();
                    let suffix = selector["suffix"].as_str().unwrap();
                    assert!(!exact.is_empty());
                    let quoted = format!("{prefix}{exact}{suffix}");
                    assert!(
                        transcript.contains(&quoted),
                        "quote not in transcript: {exact:?}"
                    );
                }
                other => panic!("unexpected selector {other:?}"),
            }
        }
    }
    assert!(
        fragments.contains(&"t=4200,4920".to_string()),
        "{fragments:?}"
    );
}

#[test]
fn anki_and_csv_cards_import_cleanly() {
    let lib = TestLibrary::with_sample();
    lib.cmd()
        .args(["define", "tricky <term>", "--alias", "a \"quoted\", alias"])
        .args([
            "--definition",
            "Holds when a < b & \"quotes\",\tcommas\n\nand two paragraphs.",
        ])
        .assert()
        .success();

    let output = lib
        .cmd()
        .args(["glossary", "export", "--format", "anki"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let anki = String::from_utf8(output.stdout).unwrap();
    let (headers, rows): (Vec<&str>, Vec<&str>) = anki.lines().partition(|l| l.starts_with('#'));
    assert!(headers.contains(&"#separator:tab"));
    assert!(headers.contains(&"#html:true"));
    assert!(headers.contains(&"#columns:Front\tBack\tTags"));
    let entries = std::fs::read_dir(lib.root().join("glossary"))
        .unwrap()
        .count();
    assert_eq!(rows.len(), entries, "one card per entry");
    for row in &rows {
        assert_eq!(row.split('\t').count(), 3, "three fields: {row}");
        assert!(
            !row.contains('"'),
            "nothing to quote once HTML-escaped: {row}"
        );
    }
    let tricky = rows
        .iter()
        .find(|r| r.starts_with("tricky &lt;term&gt;"))
        .unwrap();
    assert!(
        tricky.contains("<small>a &quot;quoted&quot;, alias</small>"),
        "{tricky}"
    );
    assert!(
        tricky.contains("Holds when a &lt; b &amp; &quot;quotes&quot;, commas<br><br>and two"),
        "{tricky}"
    );
    // A card's back says where the term was first met, with a deep link.
    let residual = rows
        .iter()
        .find(|r| r.starts_with("residual stream"))
        .unwrap();
    // (First met in the older of the two episodes that mention it: an audio media fragment.)
    assert!(
        residual.contains("<a href='https://example.com/smc/tokens.mp3#t="),
        "{residual}"
    );

    let output = lib
        .cmd()
        .args(["glossary", "export", "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(output.stdout).unwrap();
    let body: String = csv
        .lines()
        .filter(|l| {
            !l.starts_with("#separator") && !l.starts_with("#html") && !l.starts_with("#columns")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let records = parse_csv(&body);
    assert_eq!(records.len(), entries);
    assert!(records.iter().all(|r| r.len() == 7), "seven fields each");
    let tricky = records.iter().find(|r| r[0] == "tricky <term>").unwrap();
    assert_eq!(tricky[1], "a \"quoted\", alias");
    assert!(tricky[2].contains("& \"quotes\","), "{:?}", tricky[2]);
}

/// A strict RFC 4180 reader, to check what the export writes.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, '"') => panic!("a quote inside an unquoted field"),
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    records
}

#[test]
fn output_files_are_never_overwritten_without_force() {
    let lib = TestLibrary::with_sample();
    let path = lib.root().join("out.vtt");
    std::fs::write(&path, "mine").unwrap();
    let out = lib
        .cmd()
        .args(["export", SLUG, "--format", "vtt", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    lib.cmd()
        .args(["export", SLUG, "--format", "vtt", "--force", "-o"])
        .arg(&path)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("WEBVTT")
    );

    let dir = lib.root().join("vault");
    lib.cmd()
        .args(["export", "--all", "--format", "md", "-o"])
        .arg(&dir)
        .assert()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "how-language-models-think.md",
            "quantization-in-five-minutes.md",
            "tokens-and-embeddings.md"
        ]
    );
}

#[test]
fn a_window_exports_only_its_part() {
    let lib = TestLibrary::with_sample();
    let json: Value = serde_json::from_str(&export(
        &lib,
        &[
            SLUG, "--format", "json", "--from", "1:10:00", "--to", "1:22:00",
        ],
    ))
    .unwrap();
    assert_eq!(json["format"], "podgloss-export");
    assert_eq!(json["version"], 1);
    let paragraphs = json["paragraphs"].as_array().unwrap();
    assert!(!paragraphs.is_empty());
    for p in paragraphs {
        let (start, end) = (
            p["start_ms"].as_u64().unwrap(),
            p["end_ms"].as_u64().unwrap(),
        );
        assert!(
            end > 4_200_000 && start < 4_920_000,
            "{start}-{end} outside the window"
        );
        assert!(!p["segments"].as_array().unwrap().is_empty());
    }
    let srt = export(
        &lib,
        &[SLUG, "--format", "srt", "--from", "70m", "--to", "71m"],
    );
    assert!(srt.starts_with("1\n01:"), "{}", &srt[..40.min(srt.len())]);
}

#[test]
fn plain_text_cannot_become_subtitles() {
    let lib = TestLibrary::new();
    std::fs::write(
        lib.transcripts().join("notes-only.txt"),
        "Just prose.\n\nNo times at all.\n",
    )
    .unwrap();
    let out = lib
        .cmd()
        .args(["export", "notes-only", "--format", "srt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no times"));
    let md = export(&lib, &["notes-only", "--format", "md"]);
    assert!(md.contains("Just prose."));
}

#[test]
fn hostile_text_is_escaped_in_html_and_markdown() {
    let lib = TestLibrary::new();
    let dir = lib.transcripts().join("evil");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("transcript.vtt"),
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Eve>Look &lt;script&gt;alert(1)&lt;/script&gt; \
         at the [residual stream](javascript:x) *now* | ok\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("episode.toml"),
        "title = \"</title><script>alert(2)</script>\"\n[sources]\nvideo = \"javascript:alert(3)\"\n\
         web = \"https://example.com/a\\\"onmouseover=\\\"x\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("notes.md"),
        "- 0:02 <img src=x onerror=alert(4)> see [[residual stream]] and javascript:alert(5)\n",
    )
    .unwrap();
    std::fs::write(
        lib.root().join("glossary/residual-stream.md"),
        "# residual stream\n\nA <b onclick=\"x\">sum</b> & more.\n",
    )
    .unwrap();

    let html = export(&lib, &["evil", "--format", "html"]);
    // Written as text (escaped) they are harmless; as markup or link targets they are not.
    for bad in [
        "<script",
        "<img",
        "<b onclick",
        "href=\"javascript",
        "\"onmouseover",
    ] {
        assert!(!html.contains(bad), "the page holds {bad:?}");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("href=\"https://example.com/a%22onmouseover=%22x\""));

    let md = export(&lib, &["evil", "--format", "md"]);
    assert!(md.contains("\\<script\\>alert(1)\\<"), "{md}");
    assert!(
        md.contains("\\[[[residual-stream|residual stream]]\\](javascript:x) \\*now\\* \\| ok"),
        "{md}"
    );
    // The unsafe source is never a link target; the note stays the user's own Markdown.
    assert!(!md.contains("](javascript:alert"), "{md}");
    assert!(
        md.contains("> [!note] [0:02](https://example.com/a%22onmouseover=%22x)"),
        "{md}"
    );
}

#[test]
fn a_term_inside_a_wanted_phrase_is_not_linked() {
    let lib = TestLibrary::new();
    let dir = lib.transcripts().join("paging");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("transcript.vtt"),
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWe serve with paged attention now.\n\n\
         00:00:05.000 --> 00:00:08.000\nPlain attention reads every key.\n",
    )
    .unwrap();
    std::fs::write(dir.join("episode.toml"), "title = \"Paging\"\n").unwrap();
    std::fs::write(
        dir.join("notes.md"),
        "- 0:02 What is [[paged attention]], exactly?\n",
    )
    .unwrap();
    std::fs::write(
        lib.root().join("glossary/attention.md"),
        "# attention\n\nWeights over tokens.\n",
    )
    .unwrap();
    let md = export(&lib, &["paging", "--format", "md"]);
    // "paged attention" is a term of its own (wanted, not defined yet): its "attention" is
    // not the glossary's, so the first link goes to the later, whole mention.
    assert!(md.contains("with paged attention now."), "{md}");
    assert!(md.contains("Plain [[attention]] reads"), "{md}");
    assert!(md.contains("## Wanted terms"), "{md}");
}
