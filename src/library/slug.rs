//! Slugs: lowercase ASCII `[a-z0-9-]`, never empty, never a path separator or `..`, whatever the
//! input (SPEC §2). Names from files and the network go through [`slugify`] before they touch
//! the disk.

/// Longest slug we make; long titles are cut at a word boundary.
const MAX_LEN: usize = 80;

/// A slug for `name`: ASCII letters and digits kept (lowercased), common accented Latin letters
/// folded to their base letter, everything else a single `-`.
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len().min(MAX_LEN));
    for c in name.chars() {
        let folded = fold_to_ascii(c);
        match folded {
            Some(ascii) if ascii.is_ascii_alphanumeric() => slug.push(ascii.to_ascii_lowercase()),
            _ => {
                if !slug.is_empty() && !slug.ends_with('-') {
                    slug.push('-');
                }
            }
        }
    }
    if slug.len() > MAX_LEN {
        let cut = slug[..MAX_LEN].rfind('-').filter(|&i| i > MAX_LEN / 2);
        slug.truncate(cut.unwrap_or(MAX_LEN));
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "episode".to_string()
    } else {
        slug.to_string()
    }
}

/// Whether `slug` is one [`slugify`] could have produced: safe as a single path component.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= MAX_LEN
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn fold_to_ascii(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ß' => 's',
        _ => return None,
    };
    Some(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_whatever_the_input() {
        let cases = [
            ("How Language Models Think", "how-language-models-think"),
            (
                "003-Pyramid-Web Framework-Chris-McDonough",
                "003-pyramid-web-framework-chris-mcdonough",
            ),
            ("../../etc/passwd", "etc-passwd"),
            ("..", "episode"),
            ("a/b\\c", "a-b-c"),
            ("Café Société", "cafe-societe"),
            ("日本語", "episode"),
            ("", "episode"),
            ("--x--", "x"),
            ("NUL\0byte", "nul-byte"),
        ];
        for (input, want) in cases {
            let slug = slugify(input);
            assert_eq!(slug, want, "{input:?}");
            assert!(is_valid_slug(&slug), "{slug}");
        }
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let slug = slugify(&"word ".repeat(40));
        assert!(slug.len() <= 80 && !slug.ends_with('-'), "{slug}");
        assert!(is_valid_slug(&slug));
    }

    #[test]
    fn validity() {
        for bad in ["", "..", "a/b", "A", "-a", "a-", "a b", "a.b"] {
            assert!(!is_valid_slug(bad), "{bad:?}");
        }
    }
}
