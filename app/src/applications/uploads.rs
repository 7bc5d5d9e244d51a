//! Documents a citizen uploads with an application (a passport photo, a copy of the ID): what
//! each form accepts, checked the same way in the browser (from the file's declared type and
//! size, before anything is sent) and on the server (from the bytes themselves, which is the
//! check that counts). Pure and compiled for both.

use super::form::FieldProblem;
use crate::catalogue::model::{DocumentRequirement, DocumentType, FormDefinition};
use serde::{Deserialize, Serialize};

/// Longest file name kept (longer names are cut; the name is only shown back, never used as a path).
pub const MAX_FILE_NAME_CHARS: usize = 100;

/// What an upload is, once accepted (its content is stored beside it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadMeta {
    /// The requirement's code in the form, e.g. `passport_photo`.
    pub code: String,
    /// The citizen's file name, cleaned.
    pub file_name: String,
    /// The type found in the bytes.
    pub kind: DocumentType,
    /// Size in bytes.
    pub size_bytes: i64,
    /// SHA-256 of the content, hex; part of the application's snapshot hash.
    pub sha256: String,
    /// Unix seconds.
    pub uploaded_at: i64,
}

/// The type a file's first bytes show, whatever its name or declared type says.
pub fn sniff(head: &[u8]) -> Option<DocumentType> {
    if head.starts_with(b"%PDF-") {
        Some(DocumentType::Pdf)
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(DocumentType::Jpeg)
    } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some(DocumentType::Png)
    } else {
        None
    }
}

/// The type a browser declares for a file (`File.type`), when it is one the portal knows.
pub fn declared_type(mime: &str) -> Option<DocumentType> {
    match mime.trim().to_ascii_lowercase().as_str() {
        "application/pdf" => Some(DocumentType::Pdf),
        "image/jpeg" | "image/jpg" | "image/pjpeg" => Some(DocumentType::Jpeg),
        "image/png" => Some(DocumentType::Png),
        _ => None,
    }
}

fn check_size(req: &DocumentRequirement, size: u64) -> Result<(), FieldProblem> {
    if size == 0 {
        Err(FieldProblem::FileEmpty)
    } else if size > u64::from(req.max_bytes) {
        Err(FieldProblem::FileTooLarge { max_bytes: req.max_bytes })
    } else {
        Ok(())
    }
}

fn check_type(req: &DocumentRequirement, kind: Option<DocumentType>) -> Result<DocumentType, FieldProblem> {
    kind.filter(|k| req.accepted.contains(k)).ok_or_else(|| FieldProblem::FileType { accepted: req.accepted.clone() })
}

/// The browser's check, before sending: the declared type and the size.
pub fn check_declared(req: &DocumentRequirement, mime: &str, size: u64) -> Result<(), FieldProblem> {
    check_size(req, size)?;
    check_type(req, declared_type(mime)).map(|_| ())
}

/// The server's check of the bytes received; returns the type they are.
pub fn check_content(req: &DocumentRequirement, bytes: &[u8]) -> Result<DocumentType, FieldProblem> {
    check_size(req, bytes.len() as u64)?;
    check_type(req, sniff(bytes))
}

/// The requirement `code` of a form.
pub fn requirement<'a>(form: &'a FormDefinition, code: &str) -> Option<&'a DocumentRequirement> {
    form.documents.iter().find(|d| d.code == code)
}

/// Required documents with no upload yet, as problems by code, in the form's order.
pub fn missing(form: &FormDefinition, uploaded: &[UploadMeta]) -> Vec<(String, FieldProblem)> {
    form.documents
        .iter()
        .filter(|d| d.required && !uploaded.iter().any(|u| u.code == d.code))
        .map(|d| (d.code.clone(), FieldProblem::NoFile))
        .collect()
}

/// A file name safe to show and to put in a download header: the last path part, printable
/// characters without quotes, at most [`MAX_FILE_NAME_CHARS`]; `document` when nothing is left.
pub fn clean_file_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | ';' | '<' | '>'))
        .take(MAX_FILE_NAME_CHARS)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_string();
    if cleaned.is_empty() { "document".into() } else { cleaned }
}

/// `2 MB`, `500 KB`: a size limit as citizens read it.
pub fn size_label(bytes: u32) -> String {
    const MB: u32 = 1024 * 1024;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else if bytes >= MB {
        format!("{:.1} MB", f64::from(bytes) / f64::from(MB))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// `JPEG or PNG`, `PDF, JPEG or PNG` (`or` given in the reader's language).
pub fn types_label(accepted: &[DocumentType], or: &str) -> String {
    let names: Vec<&str> = accepted.iter().map(|t| t.label()).collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} {or} {last}", rest.join(", ")),
    }
}

/// The `accept` attribute of a file input for a requirement.
pub fn accept_attr(req: &DocumentRequirement) -> String {
    req.accepted
        .iter()
        .map(|t| match t {
            DocumentType::Pdf => "application/pdf,.pdf",
            DocumentType::Jpeg => "image/jpeg,.jpg,.jpeg",
            DocumentType::Png => "image/png,.png",
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::model::Localized;
    use proptest::prelude::*;

    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'];
    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D];

    fn photo() -> DocumentRequirement {
        DocumentRequirement {
            code: "passport_photo".into(),
            label: Localized::new("Photo", "Picha"),
            required: true,
            accepted: vec![DocumentType::Jpeg, DocumentType::Png],
            max_bytes: 2 * 1024 * 1024,
        }
    }

    #[test]
    fn the_bytes_decide_the_type() {
        assert_eq!(check_content(&photo(), JPEG), Ok(DocumentType::Jpeg));
        assert_eq!(check_content(&photo(), PNG), Ok(DocumentType::Png));
        let wrong = FieldProblem::FileType { accepted: vec![DocumentType::Jpeg, DocumentType::Png] };
        assert_eq!(check_content(&photo(), b"%PDF-1.7\n"), Err(wrong.clone()), "a PDF is not a photo");
        assert_eq!(check_content(&photo(), b"<html>not an image"), Err(wrong), "a renamed file is refused");
        assert_eq!(check_content(&photo(), b""), Err(FieldProblem::FileEmpty));
        let big = [JPEG, &vec![0u8; 2 * 1024 * 1024]].concat();
        assert_eq!(check_content(&photo(), &big), Err(FieldProblem::FileTooLarge { max_bytes: 2 * 1024 * 1024 }));
    }

    #[test]
    fn the_browser_checks_what_it_can_see() {
        assert_eq!(check_declared(&photo(), "image/jpeg", 150_000), Ok(()));
        assert_eq!(check_declared(&photo(), "IMAGE/PNG", 1), Ok(()));
        assert!(matches!(check_declared(&photo(), "application/pdf", 10), Err(FieldProblem::FileType { .. })));
        assert!(matches!(check_declared(&photo(), "", 10), Err(FieldProblem::FileType { .. })));
        assert_eq!(
            check_declared(&photo(), "image/jpeg", 3 * 1024 * 1024),
            Err(FieldProblem::FileTooLarge { max_bytes: 2 * 1024 * 1024 })
        );
        assert_eq!(check_declared(&photo(), "image/jpeg", 0), Err(FieldProblem::FileEmpty));
    }

    #[test]
    fn missing_required_documents_are_named() {
        let mut optional = photo();
        optional.code = "extra".into();
        optional.required = false;
        let form = FormDefinition { fields: vec![], documents: vec![photo(), optional] };
        assert_eq!(missing(&form, &[]), vec![("passport_photo".to_string(), FieldProblem::NoFile)]);
        let up = UploadMeta {
            code: "passport_photo".into(),
            file_name: "me.jpg".into(),
            kind: DocumentType::Jpeg,
            size_bytes: 10,
            sha256: "ab".into(),
            uploaded_at: 0,
        };
        assert!(missing(&form, &[up]).is_empty());
    }

    #[test]
    fn labels() {
        assert_eq!(size_label(2 * 1024 * 1024), "2 MB");
        assert_eq!(size_label(1536 * 1024), "1.5 MB");
        assert_eq!(size_label(500 * 1024), "500 KB");
        assert_eq!(types_label(&[DocumentType::Jpeg, DocumentType::Png], "or"), "JPEG or PNG");
        assert_eq!(types_label(&[DocumentType::Pdf, DocumentType::Jpeg, DocumentType::Png], "au"), "PDF, JPEG au PNG");
        assert_eq!(types_label(&[DocumentType::Pdf], "or"), "PDF");
        assert_eq!(accept_attr(&photo()), "image/jpeg,.jpg,.jpeg,image/png,.png");
    }

    #[test]
    fn file_names_are_cleaned() {
        assert_eq!(clean_file_name("C:\\Users\\wanjiku\\photo.jpg"), "photo.jpg");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("a\"b;c\r\n.png"), "abc.png");
        assert_eq!(clean_file_name(".hidden"), "hidden");
        assert_eq!(clean_file_name(""), "document");
        assert_eq!(clean_file_name("/"), "document");
    }

    proptest! {
        #[test]
        fn cleaned_names_are_always_safe(raw in ".{0,300}") {
            let name = clean_file_name(&raw);
            prop_assert!(!name.is_empty());
            prop_assert!(name.chars().count() <= MAX_FILE_NAME_CHARS);
            prop_assert!(!name.contains(['/', '\\', '"', ';', '<', '>']));
            prop_assert!(!name.chars().any(char::is_control));
            prop_assert!(!name.starts_with('.'));
        }

        #[test]
        fn content_check_never_panics_and_agrees_with_sniffing(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            match check_content(&photo(), &bytes) {
                Ok(kind) => prop_assert_eq!(sniff(&bytes), Some(kind)),
                Err(_) => prop_assert!(bytes.is_empty() || !matches!(sniff(&bytes), Some(DocumentType::Jpeg | DocumentType::Png))),
            }
        }
    }
}
