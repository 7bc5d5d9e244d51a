//! REST API v1 (JSON), documented at `GET /v1/openapi.json`. Catalogue reads come from the
//! in-memory snapshot, so they stay fast and keep working while the database is down.

use crate::http::json_error;
use app::catalogue::index::Catalogue;
use app::catalogue::model::{Agency, AgencyCode, Service};
use app::money::{Currency, Money};
use app::ssr::AppState;
use axum::Json;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use std::sync::Arc;
use utoipa::{OpenApi, ToSchema};

/// Largest page the API returns.
pub const MAX_LIMIT: u32 = 100;
/// Default page size.
pub const DEFAULT_LIMIT: u32 = 20;
/// Deepest offset served; deeper pages are refused rather than computed.
pub const MAX_OFFSET: u32 = 10_000;
/// Longest query string read at all.
const MAX_QUERY_STRING: usize = 2048;

/// The v1 routes, mounted under `/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/agencies", get(list_agencies))
        .route("/services", get(list_services))
        .route("/services/{code}", get(get_service))
        .route("/documents/{number}", get(crate::documents::verify))
        .route("/receipts/{receipt_no}", get(crate::payments::verify_receipt))
        .route("/invoices", axum::routing::post(super::invoices::create))
        .route("/invoices/{bill_ref}", get(super::invoices::get))
        .route("/invoices/{bill_ref}/mpesa-stk", axum::routing::post(super::invoices::stk))
        .route("/webhooks/deliveries", get(super::invoices::deliveries))
        .route("/status", get(super::status::status))
        .fallback(|| async {
            json_error(StatusCode::NOT_FOUND, "not_found", "no such API endpoint; see /v1/openapi.json")
        })
}

/// An agency.
#[derive(Serialize, ToSchema)]
pub struct AgencyDto {
    /// Stable code.
    code: String,
    /// English name.
    name: String,
    /// Kiswahili name.
    name_sw: String,
    /// ministry | state_department | state_agency | constitutional | county
    kind: String,
    /// County number (1–47) for county governments.
    county_number: Option<u8>,
    /// Website.
    website: Option<String>,
    /// Number of services offered.
    services: u64,
}

/// All agencies.
#[derive(Serialize, ToSchema)]
pub struct AgencyList {
    /// Number of items.
    total: u64,
    /// Agencies.
    items: Vec<AgencyDto>,
}

/// One price of a service, with the gazetted convenience fee.
#[derive(Serialize, ToSchema)]
pub struct FeeVariantDto {
    /// Variant code, e.g. `32-pages`.
    code: String,
    /// English label.
    label: String,
    /// Kiswahili label.
    label_sw: String,
    /// KES or USD.
    currency: String,
    /// Government fee in minor units (cents).
    amount_minor: i64,
    /// Convenience fee in minor units.
    convenience_fee_minor: i64,
    /// What the citizen pays, in minor units.
    total_minor: i64,
}

/// A service as listed.
#[derive(Serialize, ToSchema)]
pub struct ServiceSummaryDto {
    /// Stable code.
    code: String,
    /// English name.
    name: String,
    /// Kiswahili name.
    name_sw: String,
    /// Agency code.
    agency: String,
    /// Category.
    category: String,
    /// KES or USD.
    currency: String,
    /// Lowest government fee in shillings (null when charged in another currency).
    fee_kes: Option<f64>,
    /// Lowest government fee in minor units of `currency`.
    fee_minor: i64,
    /// Charter timeline in working days.
    timeline_days: u16,
    /// Citizen page.
    url: String,
}

/// Services matching a query.
#[derive(Serialize, ToSchema)]
pub struct ServiceList {
    /// Number of matches in all.
    total: u64,
    /// This page.
    items: Vec<ServiceSummaryDto>,
}

/// A bilingual text.
#[derive(Serialize, ToSchema)]
pub struct TextDto {
    /// English.
    en: String,
    /// Kiswahili.
    sw: String,
}

impl TextDto {
    /// A text from its two languages.
    pub fn new(en: &str, sw: &str) -> Self {
        TextDto { en: en.to_string(), sw: sw.to_string() }
    }
}

/// A service in full.
#[derive(Serialize, ToSchema)]
pub struct ServiceDetailDto {
    #[serde(flatten)]
    summary: ServiceSummaryDto,
    /// English summary.
    description: String,
    /// Kiswahili summary.
    description_sw: String,
    /// Agency name in English.
    agency_name: String,
    /// Agency name in Kiswahili.
    agency_name_sw: String,
    /// What the applicant needs.
    requirements: Vec<TextDto>,
    /// Steps done in person.
    in_person_steps: Vec<TextDto>,
    /// Whether the convenience fee is waived.
    convenience_fee_waived: bool,
    /// Every price option.
    variants: Vec<FeeVariantDto>,
    /// The application form: typed fields and required documents.
    #[schema(value_type = Object)]
    form: serde_json::Value,
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Mlango API", version = "1", description = "Government service catalogue, invoices and receipts."),
    paths(
        list_agencies,
        list_services,
        get_service,
        crate::documents::verify,
        super::invoices::create,
        super::invoices::get,
        super::invoices::stk,
        super::invoices::deliveries,
        super::status::status
    ),
    components(schemas(
        crate::documents::DocumentCheckDto,
        AgencyDto,
        AgencyList,
        ServiceSummaryDto,
        ServiceList,
        ServiceDetailDto,
        FeeVariantDto,
        TextDto,
        ErrorDto,
        super::status::StatusDto,
        super::status::ComponentDto,
        super::status::IncidentDto
    ))
)]
struct ApiDoc;

/// An error.
#[derive(Serialize, ToSchema)]
pub struct ErrorDto {
    /// Machine-readable code.
    error: String,
    /// What went wrong and how to fix it.
    message: String,
}

/// `GET /v1/openapi.json`.
pub async fn openapi() -> Response {
    Json(ApiDoc::openapi()).into_response()
}

fn agency_dto(c: &Catalogue, a: &Agency) -> AgencyDto {
    AgencyDto {
        code: a.code.to_string(),
        name: a.name.en.clone(),
        name_sw: a.name.sw.clone(),
        kind: a.kind.as_str().into(),
        county_number: a.county_number,
        website: a.website.clone(),
        services: c.service_count(&a.code) as u64,
    }
}

fn summary_dto(s: &Service) -> ServiceSummaryDto {
    let from = s.fees.from_amount();
    ServiceSummaryDto {
        code: s.code.to_string(),
        name: s.name.en.clone(),
        name_sw: s.name.sw.clone(),
        agency: s.agency.to_string(),
        category: s.category.as_str().into(),
        currency: s.fees.currency.code().into(),
        fee_kes: (from.currency == Currency::Kes).then(|| from.major_f64()),
        fee_minor: from.minor,
        timeline_days: s.timeline_days,
        url: format!("/services/{}", s.code),
    }
}

/// `GET /v1/agencies`: every agency.
#[utoipa::path(get, path = "/v1/agencies", responses((status = 200, body = AgencyList)))]
pub async fn list_agencies(State(state): State<AppState>) -> Response {
    let live = state.catalogue.current();
    let c = &live.catalogue;
    let items: Vec<AgencyDto> = c.agencies().iter().map(|a| agency_dto(c, a)).collect();
    Json(AgencyList { total: items.len() as u64, items }).into_response()
}

/// Validated parameters of `GET /v1/services`.
struct ServiceQuery {
    q: Option<String>,
    agency: Option<AgencyCode>,
    limit: u32,
    offset: u32,
}

/// Reads and checks the query string; the error is the ready 4xx response.
fn parse_service_query(raw: Option<&str>, catalogue: &Catalogue) -> Result<ServiceQuery, Box<Response>> {
    let bad = |msg: String| Box::new(json_error(StatusCode::BAD_REQUEST, "invalid_parameter", msg));
    let raw = raw.unwrap_or("");
    if raw.len() > MAX_QUERY_STRING {
        return Err(bad(format!("the query string is longer than {MAX_QUERY_STRING} characters")));
    }
    let mut query = ServiceQuery { q: None, agency: None, limit: DEFAULT_LIMIT, offset: 0 };
    for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
        match key.as_ref() {
            "q" => {
                if value.chars().count() > app::catalogue::search_text::MAX_QUERY_CHARS {
                    return Err(bad(format!(
                        "q must be at most {} characters",
                        app::catalogue::search_text::MAX_QUERY_CHARS
                    )));
                }
                query.q = Some(value.trim().to_string()).filter(|v| !v.is_empty());
            }
            "agency" if value.trim().is_empty() => query.agency = None,
            "agency" => {
                let code =
                    AgencyCode::parse(&value).map_err(|e| bad(format!("agency {value:?} is not a valid code: {e}")))?;
                if catalogue.agency(code.as_str()).is_none() {
                    return Err(Box::new(json_error(
                        StatusCode::NOT_FOUND,
                        "unknown_agency",
                        format!("there is no agency with code {code:?}; see /v1/agencies"),
                    )));
                }
                query.agency = Some(code);
            }
            "limit" => {
                query.limit =
                    value.trim().parse::<u32>().ok().filter(|l| (1..=MAX_LIMIT).contains(l)).ok_or_else(|| {
                        bad(format!("limit must be a whole number from 1 to {MAX_LIMIT}, not {value:?}"))
                    })?;
            }
            "offset" => {
                query.offset = value.trim().parse::<u32>().ok().filter(|o| *o <= MAX_OFFSET).ok_or_else(|| {
                    bad(format!("offset must be a whole number from 0 to {MAX_OFFSET}, not {value:?}"))
                })?;
            }
            // Unknown parameters are ignored so clients can add tracking or cache busters.
            _ => {}
        }
    }
    Ok(query)
}

/// `GET /v1/services`: search or list services.
#[utoipa::path(
    get,
    path = "/v1/services",
    params(
        ("q" = Option<String>, Query, description = "Free text, typo-tolerant, English or Kiswahili (≤ 200 characters)"),
        ("agency" = Option<String>, Query, description = "Only this agency's services"),
        ("limit" = Option<u32>, Query, description = "Page size, 1–100 (default 20)"),
        ("offset" = Option<u32>, Query, description = "Items to skip, 0–10000 (default 0)"),
    ),
    responses(
        (status = 200, body = ServiceList),
        (status = 400, body = ErrorDto, description = "A parameter is malformed or out of range"),
        (status = 404, body = ErrorDto, description = "Unknown agency"),
    )
)]
pub async fn list_services(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let live = state.catalogue.current();
    let c = &live.catalogue;
    let query = match parse_service_query(raw.as_deref(), c) {
        Ok(q) => q,
        Err(resp) => return *resp,
    };
    let (offset, limit) = (query.offset as usize, query.limit as usize);
    let (total, services): (usize, Vec<&Arc<Service>>) = match (&query.q, &query.agency) {
        (Some(q), agency) => {
            let hits = live.search.search(q, agency.as_ref(), offset, limit);
            (hits.total, hits.ids.iter().filter_map(|&id| c.service_at(id)).collect())
        }
        (None, Some(agency)) => c.services_of(agency, offset, limit),
        (None, None) => (c.services().len(), c.popular(offset + limit).into_iter().skip(offset).collect()),
    };
    let items = services.into_iter().map(|s| summary_dto(s)).collect();
    Json(ServiceList { total: total as u64, items }).into_response()
}

/// `GET /v1/services/{code}`: one service with its prices, requirements and form.
#[utoipa::path(
    get,
    path = "/v1/services/{code}",
    params(("code" = String, Path, description = "Service code")),
    responses((status = 200, body = ServiceDetailDto), (status = 404, body = ErrorDto))
)]
pub async fn get_service(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    let live = state.catalogue.current();
    let c = &live.catalogue;
    let Some(s) = c.service(&code) else {
        let shown: String = code.chars().take(80).collect();
        return json_error(
            StatusCode::NOT_FOUND,
            "unknown_service",
            format!("there is no service with code {shown:?}"),
        );
    };
    let agency = c.agency(s.agency.as_str());
    let variants = s
        .fees
        .variants
        .iter()
        .map(|v| {
            let q = state
                .fees
                .quote(Money { minor: v.amount_minor, currency: s.fees.currency }, s.fees.convenience_fee_waived);
            FeeVariantDto {
                code: v.code.clone(),
                label: v.label.en.clone(),
                label_sw: v.label.sw.clone(),
                currency: s.fees.currency.code().into(),
                amount_minor: q.fee.minor,
                convenience_fee_minor: q.convenience.minor,
                total_minor: q.total.minor,
            }
        })
        .collect();
    let text = |l: &app::catalogue::model::Localized| TextDto { en: l.en.clone(), sw: l.sw.clone() };
    let detail = ServiceDetailDto {
        summary: summary_dto(s),
        description: s.summary.en.clone(),
        description_sw: s.summary.sw.clone(),
        agency_name: agency.map(|a| a.name.en.clone()).unwrap_or_default(),
        agency_name_sw: agency.map(|a| a.name.sw.clone()).unwrap_or_default(),
        requirements: s.requirements.iter().map(text).collect(),
        in_person_steps: s.in_person_steps.iter().map(text).collect(),
        convenience_fee_waived: s.fees.convenience_fee_waived,
        variants,
        form: serde_json::to_value(&*s.form).unwrap_or(serde_json::Value::Null),
    };
    Json(detail).into_response()
}
