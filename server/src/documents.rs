//! Issued documents: the PDF (A4, base-14 fonts, a QR code to the public verification page),
//! the citizen's download, and public verification at `GET /v1/documents/{number}`.

use crate::http::json_error;
use app::accounts::session::CurrentSession;
use app::applications::documents::IssuedDocument;
use app::ssr::AppState;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
use qrcode::{Color, EcLevel, QrCode};
use serde::Serialize;

/// The public origin, for links printed on documents.
#[derive(Clone, Debug)]
pub struct PublicOrigin(pub String);

/// Text in the PDF's WinAnsi encoding: Latin-1 as is, anything else as `?` (names and
/// answers are shown in full on the verification page).
fn latin1(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c as u32 {
            0x20..=0x7e | 0xa0..=0xff => c as u32 as u8,
            _ => b'?',
        })
        .collect()
}

/// The verification address of a document.
pub fn verify_url(origin: &str, number: &str) -> String {
    format!("{}/v1/documents/{number}", origin.trim_end_matches('/'))
}

/// Renders a document as a one-page A4 PDF.
pub fn render_pdf(doc: &IssuedDocument, origin: &str) -> Vec<u8> {
    let issued = app::applications::calendar::Date::from_unix_eat(doc.issued_at).iso();
    let mut rows: Vec<(String, String)> = vec![
        ("Document number".into(), doc.number.clone()),
        ("Holder".into(), doc.holder_name.clone()),
        ("Class / option".into(), doc.details.variant_label.clone()),
        ("Issued on".into(), issued),
    ];
    rows.extend(doc.details.answers.iter().map(|(k, v)| (k.replace('_', " "), v.clone())));
    one_page(&OnePage {
        over_title: &doc.details.agency_name,
        title: &doc.details.service_name,
        rows: &rows,
        verify_text: "Verify this document by scanning the code or visiting:",
        verify_url: &verify_url(origin, &doc.number),
        footer: &format!("Fingerprint of the application: {}", doc.snapshot_hash),
    })
}

/// What a one-page Mlango PDF (document or receipt) shows.
pub(crate) struct OnePage<'a> {
    /// Small line above the title (the agency).
    pub over_title: &'a str,
    /// Large title.
    pub title: &'a str,
    /// Label and value rows (at most 24 are shown).
    pub rows: &'a [(String, String)],
    /// The sentence before the verification address.
    pub verify_text: &'a str,
    /// The public verification address, also as a QR code.
    pub verify_url: &'a str,
    /// Small print at the bottom.
    pub footer: &'a str,
}

/// One A4 page in the portal's style: base-14 fonts, a green band, rows, and a QR code to the
/// public verification page.
pub(crate) fn one_page(p: &OnePage<'_>) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let (catalog, tree, page, content_id, regular, bold) =
        (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4), Ref::new(5), Ref::new(6));
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page]).count(1);
    let mut pg = pdf.page(page);
    pg.media_box(Rect::new(0.0, 0.0, 595.0, 842.0));
    pg.parent(tree);
    pg.contents(content_id);
    pg.resources().fonts().pair(Name(b"F1"), regular).pair(Name(b"F2"), bold);
    pg.finish();
    pdf.type1_font(regular).base_font(Name(b"Helvetica")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold).base_font(Name(b"Helvetica-Bold")).encoding_predefined(Name(b"WinAnsiEncoding"));

    let mut c = Content::new();
    // A green band like the portal's header.
    c.set_fill_rgb(0.043, 0.431, 0.31);
    c.rect(0.0, 782.0, 595.0, 60.0);
    c.fill_nonzero();
    c.set_fill_gray(1.0);
    let line = |c: &mut Content, font: &[u8], size: f32, x: f32, y: f32, text: &str| {
        c.begin_text();
        c.set_font(Name(font), size);
        c.next_line(x, y);
        c.show(Str(&latin1(text)));
        c.end_text();
    };
    line(&mut c, b"F2", 20.0, 40.0, 805.0, "Republic of Kenya - Mlango");
    c.set_fill_gray(0.0);
    line(&mut c, b"F1", 11.0, 40.0, 750.0, p.over_title);
    line(&mut c, b"F2", 22.0, 40.0, 720.0, p.title);
    let mut y = 680.0;
    for (label, value) in p.rows.iter().take(24) {
        line(&mut c, b"F2", 11.0, 40.0, y, label);
        let value: String = value.chars().take(60).collect();
        line(&mut c, b"F1", 11.0, 200.0, y, &value);
        y -= 20.0;
    }
    if let Ok(code) = QrCode::with_error_correction_level(p.verify_url.as_bytes(), EcLevel::M) {
        let width = code.width();
        let module = 3.0_f32;
        let (x0, y0) = (595.0 - 40.0 - module * width as f32, 60.0);
        for (i, color) in code.to_colors().iter().enumerate() {
            if *color == Color::Dark {
                let (col, row) = ((i % width) as f32, (i / width) as f32);
                c.rect(x0 + col * module, y0 + (width as f32 - 1.0 - row) * module, module, module);
            }
        }
        c.fill_nonzero();
    }
    line(&mut c, b"F1", 9.0, 40.0, 90.0, p.verify_text);
    line(&mut c, b"F1", 9.0, 40.0, 76.0, p.verify_url);
    line(&mut c, b"F1", 7.0, 40.0, 62.0, p.footer);
    pdf.stream(content_id, &c.finish());
    pdf.finish()
}

/// An error as plain text with its status (the message is the public one; causes are logged).
pub(crate) fn plain_error(e: app::error::AppError) -> Response {
    let status = StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, e.to_string()).into_response()
}

/// `GET /applications/{reference}/document.pdf`: the holder downloads their document.
pub async fn download(
    State(state): State<AppState>,
    Extension(origin): Extension<PublicOrigin>,
    session: Option<Extension<CurrentSession>>,
    Path(reference): Path<String>,
) -> Response {
    let Some(account) = session.as_ref().and_then(|s| s.signed_in().cloned()) else {
        return (StatusCode::UNAUTHORIZED, "Sign in to download your document.").into_response();
    };
    let app = match state.store.application(reference.trim()).await {
        Ok(Some(a)) if a.citizen_id == account.id => a,
        Ok(_) => return (StatusCode::NOT_FOUND, "No such document.").into_response(),
        Err(e) => return plain_error(app::error::AppError::unavailable(e)),
    };
    let doc = match state.store.document_of_application(app.id).await {
        Ok(Some(d)) => d,
        Ok(None) => {
            return (StatusCode::NOT_FOUND, "No document has been issued for this application yet.").into_response();
        }
        Err(e) => return plain_error(app::error::AppError::unavailable(e)),
    };
    let origin = origin.0.clone();
    let number = doc.number.clone();
    match tokio::task::spawn_blocking(move || render_pdf(&doc, &origin)).await {
        Ok(bytes) => {
            let mut resp = bytes.into_response();
            let headers = resp.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{number}.pdf\"")) {
                headers.insert(header::CONTENT_DISPOSITION, v);
            }
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            resp
        }
        Err(e) => plain_error(app::error::AppError::internal(e)),
    }
}

/// What anyone may learn about a document from its number: that it is genuine, what it is,
/// and whose, with the name shortened (enough to compare with the paper, not to look people up).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DocumentCheckDto {
    /// Document number.
    pub number: String,
    /// Always true (unknown numbers answer 404).
    pub valid: bool,
    /// Service (document type).
    pub service: String,
    /// Issuing agency.
    pub agency: String,
    /// Class or option.
    pub class: String,
    /// Holder: first name and initials.
    pub holder: String,
    /// Date of issue (EAT).
    pub issued_on: String,
    /// Fingerprint of the application it was issued from.
    pub fingerprint: String,
}

fn shorten_name(full: &str) -> String {
    let mut parts = full.split_whitespace();
    let first = parts.next().unwrap_or("").to_string();
    let initials: Vec<String> = parts.filter_map(|p| p.chars().next()).map(|c| format!("{c}.")).collect();
    if initials.is_empty() { first } else { format!("{first} {}", initials.join(" ")) }
}

/// `GET /v1/documents/{number}`: public verification of an issued document.
#[utoipa::path(get, path = "/v1/documents/{number}", responses((status = 200, body = DocumentCheckDto), (status = 404)))]
pub async fn verify(State(state): State<AppState>, Path(number): Path<String>) -> Response {
    let number = number.trim();
    if number.is_empty() || number.len() > 40 {
        return json_error(StatusCode::NOT_FOUND, "not_found", "No document has this number.");
    }
    match state.store.document(number).await {
        Ok(Some(d)) => axum::Json(DocumentCheckDto {
            number: d.number,
            valid: true,
            service: d.details.service_name,
            agency: d.details.agency_name,
            class: d.details.variant_label,
            holder: shorten_name(&d.holder_name),
            issued_on: app::applications::calendar::Date::from_unix_eat(d.issued_at).iso(),
            fingerprint: d.snapshot_hash,
        })
        .into_response(),
        Ok(None) => json_error(StatusCode::NOT_FOUND, "not_found", "No document has this number. It may be forged."),
        Err(e) => {
            let err = app::error::AppError::unavailable(e);
            json_error(StatusCode::SERVICE_UNAVAILABLE, "unavailable", err.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::applications::documents::DocumentDetails;

    #[test]
    fn renders_a_pdf_with_the_holder_and_a_qr_code() {
        let doc = IssuedDocument {
            number: "DOC-0123456789".into(),
            application_id: 1,
            citizen_id: 2,
            service_code: "ntsa-driving-licence".into(),
            variant_code: "B".into(),
            holder_name: "Wanjiku Kamau Njeri".into(),
            snapshot_hash: "ab".repeat(32),
            details: DocumentDetails {
                service_name: "Driving licence".into(),
                agency_name: "National Transport and Safety Authority".into(),
                variant_label: "Class B".into(),
                answers: [("full_name".to_string(), "Wanjiku Kamau".to_string())].into_iter().collect(),
            },
            issued_at: 1_795_000_000,
            issued_by: 3,
        };
        let pdf = render_pdf(&doc, "https://mlango.go.ke");
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("Wanjiku Kamau Njeri") && text.contains("Class B") && text.contains("DOC-0123456789"));
        assert!(text.contains("https://mlango.go.ke/v1/documents/DOC-0123456789"));
        assert_eq!(shorten_name("Wanjiku Kamau Njeri"), "Wanjiku K. N.");
        assert_eq!(latin1("Zoë ✓"), vec![b'Z', b'o', 0xeb, b' ', b'?']);
    }
}
