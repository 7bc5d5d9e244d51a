//! Citizen privacy: the download-my-data export and the records behind the privacy page.

use super::ports::{AccountKey, AuditEvent, Consent, DataAccess, SessionRecord};
use super::session::Caller;
use crate::error::AppError;
use crate::ssr::AppState;
use serde_json::json;

use super::service::store_err;

/// What the privacy page shows.
#[derive(Debug, Clone, Default)]
pub struct PrivacyRecords {
    /// Reads of the record by others.
    pub viewed_by: Vec<DataAccess>,
    /// Consent decisions.
    pub consents: Vec<Consent>,
    /// Account activity (sign-ins, resets, agent actions).
    pub activity: Vec<AuditEvent>,
}

/// Loads the caller's privacy records.
pub async fn records(state: &AppState, account_id: i64) -> Result<PrivacyRecords, AppError> {
    Ok(PrivacyRecords {
        viewed_by: state.store.accesses_of(account_id, 200).await.map_err(store_err)?,
        consents: state.store.consents_of(account_id).await.map_err(store_err)?,
        activity: state.store.events_of(account_id, 200).await.map_err(store_err)?,
    })
}

fn session_json(s: &SessionRecord) -> serde_json::Value {
    json!({
        "id": s.public_id, "created_at": s.created_at, "last_seen_at": s.last_seen_at,
        "expires_at": s.expires_at, "device": s.user_agent, "address": s.client_ip,
    })
}

/// The export: every personal datum held about the caller (never secrets: no password hash,
/// codes or session tokens).
pub async fn export(state: &AppState, caller: &Caller) -> Result<serde_json::Value, AppError> {
    let id = caller.account()?.id;
    let a = state.store.find_account(AccountKey::Id(id)).await.map_err(store_err)?.ok_or(AppError::Unauthorized)?;
    let sessions = state.store.sessions_of(id).await.map_err(store_err)?;
    let r = records(state, id).await?;
    Ok(json!({
        "exported_at": state.clock.now(),
        "profile": {
            "account_type": a.account_type, "role": a.role, "agency": a.agency,
            "document_kind": a.document_kind, "document_number": a.document_number,
            "first_name": a.first_name, "other_names": a.other_names, "year_of_birth": a.year_of_birth,
            "phone": a.phone, "email": a.email, "created_at": a.created_at,
        },
        "sessions": sessions.iter().map(session_json).collect::<Vec<_>>(),
        "consents": r.consents,
        "activity": r.activity,
        "viewed_by": r.viewed_by,
    }))
}
