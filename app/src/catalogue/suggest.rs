//! Search-as-you-type. The island asks `GET /api/catalogue/suggest?q=…&lang=…` and gets one
//! suggestion per line, `code TAB name TAB agency`: a format the browser splits without a JSON
//! parser or the server-function client, which keeps the wasm a phone downloads small.

/// Most suggestions returned at once.
pub const MAX_SUGGESTIONS: usize = 8;

/// One suggested service, already in the asker's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// Service code (link target `/services/{code}`).
    pub code: String,
    /// Service name.
    pub name: String,
    /// Agency name.
    pub agency: String,
}

impl Suggestion {
    /// One line of the wire format; tabs and line breaks inside fields become spaces.
    pub fn to_line(&self) -> String {
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        format!("{}\t{}\t{}\n", clean(&self.code), clean(&self.name), clean(&self.agency))
    }

    /// Parses the wire format, skipping malformed lines.
    pub fn parse_lines(body: &str) -> Vec<Suggestion> {
        body.lines()
            .filter_map(|line| {
                let mut parts = line.splitn(3, '\t');
                let (code, name, agency) = (parts.next()?, parts.next()?, parts.next()?);
                (!code.is_empty()).then(|| Suggestion { code: code.into(), name: name.into(), agency: agency.into() })
            })
            .take(MAX_SUGGESTIONS)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_format_round_trips_and_tolerates_junk() {
        let s = Suggestion { code: "a-b".into(), name: "Tab\there".into(), agency: "Line\nbreak".into() };
        let body = format!("{}garbage\n\t\t\n{}", s.to_line(), s.to_line());
        let parsed = Suggestion::parse_lines(&body);
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].name, "Tab here");
        assert_eq!(parsed[0].agency, "Line break");
        assert!(Suggestion::parse_lines("").is_empty());
    }
}
