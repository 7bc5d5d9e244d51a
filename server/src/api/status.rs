//! `GET /v1/status`: the status page as JSON, for agencies' systems and monitoring. Like the
//! page, it answers 200 with what it knows when the database is down.

use app::ssr::AppState;
use app::status::model::Incident;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// One component's health now.
#[derive(Serialize, ToSchema)]
pub struct ComponentDto {
    /// portal | payments | sms | database
    component: String,
    /// operational | degraded | down: what this server measures, made worse by open incidents.
    status: String,
}

/// An incident, in English and Kiswahili.
#[derive(Serialize, ToSchema)]
pub struct IncidentDto {
    /// Incident number.
    id: i64,
    /// portal | payments | sms | database
    component: String,
    /// minor | major
    severity: String,
    /// Title.
    title: super::v1::TextDto,
    /// What is happening and what to do.
    message: super::v1::TextDto,
    /// When it was posted (unix seconds).
    opened_at: i64,
    /// When it was resolved (unix seconds); null while open.
    resolved_at: Option<i64>,
}

/// The status of the service.
#[derive(Serialize, ToSchema)]
pub struct StatusDto {
    /// The worst component: operational | degraded | down.
    status: String,
    /// When this was put together (unix seconds).
    checked_at: i64,
    /// Every component.
    components: Vec<ComponentDto>,
    /// Whether the incidents could be loaded (false while the database is down).
    incidents_available: bool,
    /// Open incidents (newest first), then those resolved in the last 14 days.
    incidents: Vec<IncidentDto>,
}

fn incident_dto(i: &Incident) -> IncidentDto {
    IncidentDto {
        id: i.id,
        component: i.component.code().into(),
        severity: i.severity.code().into(),
        title: super::v1::TextDto::new(&i.title_en, &i.title_sw),
        message: super::v1::TextDto::new(&i.message_en, &i.message_sw),
        opened_at: i.opened_at,
        resolved_at: i.resolved_at,
    }
}

/// `GET /v1/status`: each component's health and the incidents.
#[utoipa::path(get, path = "/v1/status", responses((status = 200, body = StatusDto)))]
pub async fn status(State(state): State<AppState>) -> Response {
    let r = app::status::service::report(&state).await;
    let incidents = r.open().into_iter().chain(r.resolved()).map(incident_dto).collect();
    let dto = StatusDto {
        status: r.overall().code().into(),
        checked_at: r.checked_at,
        components: r
            .components
            .iter()
            .map(|c| ComponentDto { component: c.component.code().into(), status: c.shown.code().into() })
            .collect(),
        incidents_available: r.incidents.is_some(),
        incidents,
    };
    let mut resp = Json(dto).into_response();
    // Always fresh: this is read precisely when things change.
    resp.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    resp
}
