//! The one error type every server function and page returns. It carries only what a user
//! may see; internal causes are logged with a correlation reference (see [`AppError::internal`]).

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Errors shown to users and API clients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist (or the caller may not know it exists).
    #[error("not found")]
    NotFound,
    /// The request was understood but its input is wrong; the message says how to fix it.
    #[error("{0}")]
    BadRequest(String),
    /// A dependency (database, provider) is down; try again later.
    #[error("temporarily unavailable (reference {reference})")]
    Unavailable {
        /// Correlation id in the server logs.
        reference: String,
    },
    /// A bug or unexpected failure; details are in the server log under `reference`.
    #[error("internal error (reference {reference})")]
    Internal {
        /// Correlation id in the server logs.
        reference: String,
    },
    /// The server-function transport failed (network, decoding).
    #[error("the request could not be completed: {0}")]
    Transport(String),
}

impl AppError {
    /// HTTP status for this error.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::BadRequest(_) => 400,
            AppError::Unavailable { .. } => 503,
            AppError::Internal { .. } | AppError::Transport(_) => 500,
        }
    }

    /// Logs an internal cause under a fresh correlation id and returns the public error.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        let reference = new_reference();
        tracing::error!(%reference, error = %cause, "internal error");
        AppError::Internal { reference }
    }

    /// Logs a dependency failure under a fresh correlation id and returns the public error.
    #[cfg(feature = "ssr")]
    pub fn unavailable(cause: impl std::fmt::Display) -> Self {
        let reference = new_reference();
        tracing::warn!(%reference, error = %cause, "dependency unavailable");
        AppError::Unavailable { reference }
    }
}

/// A short correlation id a citizen can read out to support staff.
#[cfg(feature = "ssr")]
pub fn new_reference() -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    id[..10].to_ascii_uppercase()
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Argument decoding failures are the caller's fault and safe to describe.
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::MissingArg(m) | ServerFnErrorErr::Deserialization(m) => {
                AppError::BadRequest(format!("the request is malformed: {m}"))
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}
