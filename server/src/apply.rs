//! The apply form's post, answers and document files in one multipart request (so a citizen
//! fills in the form, chooses the files and presses one button, with or without JavaScript),
//! and the download of an uploaded file by its applicant or the agency's officers.
//!
//! The rules are the applications service's; this adapter only reads the request, within
//! limits, and answers a browser with redirects and an API client with JSON.

use app::accounts::model::Role;
use app::accounts::session::{Caller, ClientInfo, CurrentSession};
use app::applications::api::back_to_draft;
use app::applications::service;
use app::error::{AppError, Problem};
use app::ssr::AppState;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::BTreeMap;

/// Where the apply form posts.
pub const SAVE_PATH: &str = "/applications/save";
/// Largest apply request: a few documents at the largest size a form may ask for, plus answers.
pub const UPLOAD_BODY_LIMIT: usize = 24 * 1024 * 1024;
/// Largest single file read; a form's own limit is usually far lower and is checked after.
const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Most parts in one request (answers and files).
const MAX_PARTS: usize = 250;
/// Longest text part.
const MAX_TEXT_BYTES: usize = 20_000;

/// A file part of the request.
struct FilePart {
    code: String,
    file_name: String,
    bytes: Vec<u8>,
    /// More than [`MAX_FILE_BYTES`] were sent; only the first ones were kept.
    truncated: bool,
}

/// The request, read.
#[derive(Default)]
struct ApplyPost {
    service: String,
    variant: String,
    reference: String,
    /// The form's own draft id (see [`service::client_id`]).
    client_id: String,
    submit: bool,
    answers: BTreeMap<String, String>,
    files: Vec<FilePart>,
}

/// Why the request could not be read to its end; what had been read is kept for the redirect.
enum ReadFailure {
    /// Larger than the limit.
    TooLarge,
    /// Not a well-formed multipart body.
    Malformed,
}

async fn read(multipart: &mut Multipart, post: &mut ApplyPost) -> Result<(), ReadFailure> {
    let fail = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE { ReadFailure::TooLarge } else { ReadFailure::Malformed }
    };
    let mut parts = 0;
    while let Some(mut field) = multipart.next_field().await.map_err(fail)? {
        parts += 1;
        if parts > MAX_PARTS {
            return Err(ReadFailure::Malformed);
        }
        let name = field.name().unwrap_or_default().to_string();
        if let Some(code) = name.strip_prefix("documents[").and_then(|n| n.strip_suffix(']')) {
            let mut file = FilePart {
                code: code.to_string(),
                file_name: field.file_name().unwrap_or_default().to_string(),
                bytes: Vec::new(),
                truncated: false,
            };
            while let Some(chunk) = field.chunk().await.map_err(fail)? {
                if file.bytes.len() + chunk.len() > MAX_FILE_BYTES {
                    file.truncated = true;
                } else {
                    file.bytes.extend_from_slice(&chunk);
                }
            }
            // A file input left empty still sends a part, with no name and no bytes.
            if !(file.bytes.is_empty() && file.file_name.is_empty() && !file.truncated) {
                post.files.push(file);
            }
            continue;
        }
        let text = field.text().await.map_err(fail)?;
        if text.len() > MAX_TEXT_BYTES {
            return Err(ReadFailure::TooLarge);
        }
        match name.as_str() {
            "service" => post.service = text,
            "variant" => post.variant = text,
            "reference" => post.reference = text,
            "client_id" => post.client_id = text,
            "submit" => post.submit = !text.is_empty(),
            other => {
                if let Some(answer) = other.strip_prefix("answers[").and_then(|n| n.strip_suffix(']')) {
                    post.answers.insert(answer.to_string(), text);
                }
            }
        }
    }
    Ok(())
}

/// An error for an API client: its status and the same JSON the server functions send.
fn json_error(e: &AppError) -> Response {
    let status = StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
    let body = serde_json::to_string(e).unwrap_or_else(|_| "\"error\"".into());
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// `POST /applications/save` (multipart): saves the draft's answers, keeps each chosen file
/// that passes its requirement's checks, and with `submit` submits. A browser is sent to the
/// application, or back to its form with every problem; an API client gets the application's
/// path as JSON, or the error.
pub async fn save(
    State(state): State<AppState>,
    session: Option<Extension<CurrentSession>>,
    client: Option<Extension<ClientInfo>>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let html = crate::security::wants_html(&headers);
    let caller = Caller { session: session.map(|s| s.0), client: client.map(|c| c.0).unwrap_or_default() };
    let role = caller.account().map(|a| a.role);
    match role {
        Ok(Role::Citizen) => {}
        Ok(_) => return json_error(&AppError::Forbidden),
        Err(_) if html => return Redirect::to("/login?next=/applications").into_response(),
        Err(e) => return json_error(&e),
    }
    let mut multipart = match multipart {
        Ok(m) => m,
        Err(_) => return json_error(&AppError::BadRequest("Send the form as multipart/form-data.".into())),
    };
    let mut post = ApplyPost::default();
    let read = read(&mut multipart, &mut post).await;
    let outcome = match read {
        Err(failure) if post.service.is_empty() => {
            return match failure {
                ReadFailure::TooLarge => json_error(&AppError::Problem(Problem::FilesTooLarge)),
                ReadFailure::Malformed => json_error(&AppError::BadRequest("The form could not be read.".into())),
            };
        }
        // The files come last in the form, so the answers were all read: they are kept as
        // the draft (the files are not, nor is anything submitted) and the form says why.
        Err(ReadFailure::TooLarge) => {
            post.files.clear();
            post.submit = false;
            match apply(&state, &caller, &mut post).await {
                Ok(_) => Err(AppError::Problem(Problem::FilesTooLarge)),
                Err(e) => Err(e),
            }
        }
        Err(ReadFailure::Malformed) => Err(AppError::BadRequest("The form could not be read.".into())),
        Ok(()) => apply(&state, &caller, &mut post).await,
    };
    match outcome {
        Ok(reference) => {
            let to = format!("/applications/{reference}");
            if html { Redirect::to(&to).into_response() } else { axum::Json(to).into_response() }
        }
        Err(e) if html => Redirect::to(&back_to_draft(&post.service, &post.reference, &e)).into_response(),
        Err(e) => json_error(&e),
    }
}

/// Saves, attaches and (when asked) submits; `post.reference` is set once the draft exists.
async fn apply(state: &AppState, caller: &Caller, post: &mut ApplyPost) -> Result<String, AppError> {
    let reference = service::save_draft(
        state,
        caller,
        Some(post.reference.as_str()),
        Some(post.client_id.as_str()),
        &post.service,
        &post.variant,
        std::mem::take(&mut post.answers),
    )
    .await?;
    post.reference = reference.clone();
    let mut problems = Vec::new();
    for file in &post.files {
        let result = if file.truncated {
            // Larger than any form allows: refused on its size, whatever the bytes kept say.
            Err(AppError::InvalidAnswers(vec![(
                file.code.clone(),
                app::applications::form::FieldProblem::FileTooLarge {
                    max_bytes: limit_of(state, &post.service, &file.code),
                },
            )]))
        } else {
            service::attach(state, caller, &reference, &file.code, &file.file_name, &file.bytes).await
        };
        match result {
            Ok(()) => {}
            Err(AppError::InvalidAnswers(list)) => problems.extend(list),
            Err(other) => return Err(other),
        }
    }
    if !problems.is_empty() {
        if post.submit {
            // Not submitted, but everything else submitting would have refused is said now too
            // (a document whose file was just refused is named once, by that refusal).
            let rest = service::submission_problems(state, caller, &reference).await?;
            let mut all: Vec<_> =
                rest.into_iter().filter(|(code, _)| !problems.iter().any(|(c, _)| c == code)).collect();
            all.extend(problems);
            return Err(AppError::InvalidAnswers(all));
        }
        return Err(AppError::InvalidAnswers(problems));
    }
    if post.submit {
        service::submit(state, caller, &reference).await?;
    }
    Ok(reference)
}

/// The size limit of a service's document `code` (the read limit when unknown).
fn limit_of(state: &AppState, service_code: &str, code: &str) -> u32 {
    let live = state.catalogue.current();
    live.catalogue
        .service(service_code.trim())
        .and_then(|s| app::applications::uploads::requirement(&s.form, code).map(|r| r.max_bytes))
        .unwrap_or(MAX_FILE_BYTES as u32)
}

/// `GET /applications/{reference}/uploads/{code}`: an uploaded file, as an attachment, for
/// its applicant or an officer of the agency (the officer's reading is logged for the citizen).
pub async fn download(
    State(state): State<AppState>,
    session: Option<Extension<CurrentSession>>,
    client: Option<Extension<ClientInfo>>,
    Path((reference, code)): Path<(String, String)>,
) -> Response {
    let caller = Caller { session: session.map(|s| s.0), client: client.map(|c| c.0).unwrap_or_default() };
    if caller.account().is_err() {
        return (StatusCode::UNAUTHORIZED, "Sign in to see this document.").into_response();
    }
    match service::uploaded_file(&state, &caller, &reference, &code).await {
        Ok((meta, bytes)) => {
            let mut resp = bytes.into_response();
            let h = resp.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(meta.kind.mime()));
            // The name is cleaned when stored (no quotes, no path); non-ASCII names fall back.
            let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", meta.file_name))
                .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
            h.insert(header::CONTENT_DISPOSITION, disposition);
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'"));
            resp
        }
        Err(AppError::NotFound) => (StatusCode::NOT_FOUND, "No such document.").into_response(),
        Err(e) => crate::documents::plain_error(e),
    }
}
