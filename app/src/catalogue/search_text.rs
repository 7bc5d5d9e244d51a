//! Search normalisation: the one function that turns both catalogue text and citizens'
//! queries into comparable tokens, so "Licences", "license" and "LICENCE" meet.

/// Longest query we read; anything after is ignored rather than refused.
pub const MAX_QUERY_CHARS: usize = 200;
/// Most tokens a query contributes.
pub const MAX_QUERY_TOKENS: usize = 12;
const MAX_TOKEN_CHARS: usize = 40;

/// Words that carry no meaning for finding a service, in English and Kiswahili.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how", "i", "in", "is", "it",
    "me", "my", "of", "on", "or", "the", "to", "what", "where", "with", "ya", "la", "cha", "za", "wa", "kwa", "na",
    "katika", "ni", "vya", "jinsi", "kupata", "ku", "pa",
];

/// Spellings that differ only by variety of English or by number.
fn canonical(token: &str) -> &str {
    match token {
        "license" | "licenses" | "licences" | "licencing" | "licensing" => "licence",
        "center" | "centers" | "centres" => "centre",
        "program" | "programs" | "programmes" => "programme",
        "organization" | "organisations" | "organizations" => "organisation",
        "id" | "ids" => "id",
        _ => token,
    }
}

/// Strips a plain English plural "s" so "permits" finds "permit"; leaves "business",
/// "status" and "analysis" alone.
fn singular(token: &str) -> &str {
    let t = token;
    if t.len() > 4 && t.ends_with('s') && !t.ends_with("ss") && !t.ends_with("us") && !t.ends_with("is") {
        &t[..t.len() - 1]
    } else {
        t
    }
}

/// Folds to ASCII lower case and splits into tokens, without dropping stop words.
/// Used for indexing, where every word should be findable as typed.
pub fn tokens(text: &str) -> Vec<String> {
    let folded = deunicode::deunicode(text).to_ascii_lowercase();
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| {
            let t = if t.len() > MAX_TOKEN_CHARS { &t[..MAX_TOKEN_CHARS] } else { t };
            canonical(singular(canonical(t))).to_string()
        })
        .collect()
}

/// Normalises a citizen's query: bounded length, folded, canonical spellings, stop words out.
/// If the query is only stop words, they are kept so "ID" or "Ya" still searches something.
pub fn query_tokens(query: &str) -> Vec<String> {
    let bounded: String = query.chars().take(MAX_QUERY_CHARS).collect();
    let all = tokens(&bounded);
    let mut meaningful: Vec<String> = all.iter().filter(|t| !STOP_WORDS.contains(&t.as_str())).cloned().collect();
    if meaningful.is_empty() {
        meaningful = all;
    }
    let mut seen = std::collections::HashSet::new();
    meaningful.retain(|t| seen.insert(t.clone()));
    meaningful.truncate(MAX_QUERY_TOKENS);
    meaningful
}

/// Whether the query ends mid-word (no trailing space), so its last token is a prefix.
pub fn ends_mid_word(query: &str) -> bool {
    query.chars().last().is_some_and(|c| c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_spellings_and_plurals() {
        assert_eq!(query_tokens("Driving LICENSES"), vec!["driving", "licence"]);
        assert_eq!(query_tokens("leseni ya udereva"), vec!["leseni", "udereva"]);
        assert_eq!(query_tokens("Business permits in Nairobi"), vec!["business", "permit", "nairobi"]);
        assert_eq!(query_tokens("Café Licence"), vec!["cafe", "licence"]);
        assert_eq!(query_tokens("status"), vec!["status"]);
    }

    #[test]
    fn keeps_stop_words_when_nothing_else() {
        assert_eq!(query_tokens("the"), vec!["the"]);
        assert!(query_tokens("   ").is_empty());
        assert!(query_tokens("!!!").is_empty());
    }

    #[test]
    fn bounds_huge_queries() {
        let q = "passport ".repeat(10_000) + &"x".repeat(10_000);
        let t = query_tokens(&q);
        assert!(t.len() <= MAX_QUERY_TOKENS);
        assert_eq!(t, vec!["passport"]);
    }

    #[test]
    fn prefix_detection() {
        assert!(ends_mid_word("pass"));
        assert!(!ends_mid_word("passport "));
        assert!(!ends_mid_word(""));
    }

    proptest! {
        /// Normalising twice changes nothing, and tokens are short lower-case ASCII words.
        #[test]
        fn idempotent_and_clean(q in "\\PC{0,300}") {
            let once = query_tokens(&q);
            prop_assert!(once.len() <= MAX_QUERY_TOKENS);
            for t in &once {
                prop_assert!(!t.is_empty() && t.len() <= MAX_TOKEN_CHARS);
                prop_assert!(t.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
            }
            let twice = query_tokens(&once.join(" "));
            prop_assert_eq!(once, twice);
        }

        /// Case and surrounding punctuation never change the tokens.
        #[test]
        fn case_insensitive(q in "[a-zA-Z ]{0,60}") {
            prop_assert_eq!(query_tokens(&q), query_tokens(&q.to_uppercase()));
            prop_assert_eq!(query_tokens(&q), query_tokens(&format!("  ({q})?! ")));
        }
    }
}
