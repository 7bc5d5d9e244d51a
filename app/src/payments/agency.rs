//! Agencies' own systems billing through the API: API keys (only a hash is stored), invoice
//! requests checked like any other input, and `Idempotency-Key` with Stripe's semantics — the
//! same key and body get the first response again; the same key with another body is refused.

use super::reference::BillRef;
use crate::accounts::otp::{hex, random_token};
use crate::accounts::service::store_err;
use crate::contact::PhoneNumber;
use crate::error::AppError;
use crate::money::{Currency, Money};
use crate::ssr::AppState;
use crate::store::StoreError;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Longest `Idempotency-Key` accepted (Stripe's limit).
pub const MAX_IDEMPOTENCY_KEY: usize = 255;
/// Largest amount one API invoice may ask for, in shillings.
pub const MAX_INVOICE_KES: i64 = 100_000_000;

/// An agency's API key (never the key itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    /// Database id.
    pub id: i64,
    /// The agency it acts for.
    pub agency_code: String,
    /// Public part, for logs.
    pub prefix: String,
    /// What it is for.
    pub label: String,
    /// Where paid-invoice webhooks go.
    pub webhook_url: Option<String>,
    /// HMAC-SHA256 secret for those webhooks.
    pub webhook_secret: String,
}

/// A new key to store.
#[derive(Debug, Clone)]
pub struct NewApiKey {
    /// The agency.
    pub agency_code: String,
    /// Public part.
    pub prefix: String,
    /// SHA-256 of the whole key, hex.
    pub key_hash: String,
    /// What it is for.
    pub label: String,
    /// Webhook URL.
    pub webhook_url: Option<String>,
    /// Webhook secret.
    pub webhook_secret: String,
    /// Unix seconds.
    pub now: i64,
}

/// A freshly made key: the secret parts are shown once and never stored in the clear (the
/// webhook secret is stored: signing needs it).
#[derive(Debug, Clone)]
pub struct IssuedKey {
    /// `mlg_<prefix>_<secret>`: what the agency's system sends as `Authorization: Bearer`.
    pub key: String,
    /// What to store.
    pub record: NewApiKey,
}

/// Makes a new key for `agency_code`.
pub fn issue_key(agency_code: &str, label: &str, webhook_url: Option<String>, now: i64) -> IssuedKey {
    let prefix = random_token()[..8].to_string();
    let key = format!("mlg_{prefix}_{}", random_token());
    let record = NewApiKey {
        agency_code: agency_code.to_string(),
        prefix,
        key_hash: hash_key(&key),
        label: label.to_string(),
        webhook_url,
        webhook_secret: format!("whsec_{}", random_token()),
        now,
    };
    IssuedKey { key, record }
}

/// The stored form of a key.
pub fn hash_key(key: &str) -> String {
    hex(&Sha256::digest(key.as_bytes()))
}

/// An invoice made through the API.
#[derive(Debug, Clone)]
pub struct NewAgencyInvoice {
    /// Bill reference.
    pub bill_ref: String,
    /// The key's agency.
    pub agency_code: String,
    /// A service of that agency, if named.
    pub service_code: Option<String>,
    /// What it is for.
    pub description: String,
    /// Government fee, cents.
    pub amount_minor: i64,
    /// Convenience fee, cents.
    pub convenience_minor: i64,
    /// Total, cents.
    pub total_minor: i64,
    /// Currency code.
    pub currency: String,
    /// The key that made it.
    pub api_key_id: i64,
    /// The request's `Idempotency-Key`, if any.
    pub idempotency_key: Option<String>,
    /// SHA-256 of the request body.
    pub request_hash: String,
    /// The response body given the first time.
    pub first_response: String,
    /// The agency's own reference.
    pub external_ref: Option<String>,
    /// Who is expected to pay.
    pub payer_phone: Option<String>,
    /// Unix seconds after which it can no longer be paid.
    pub expires_at: Option<i64>,
    /// Unix seconds.
    pub now: i64,
}

/// What an earlier request with the same idempotency key made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierRequest {
    /// SHA-256 of its body.
    pub request_hash: String,
    /// Its response body.
    pub first_response: String,
}

/// Storage for API keys and agency invoices.
#[async_trait]
pub trait AgencyApiStore: Send + Sync {
    /// Stores a key; returns its id.
    async fn create_api_key(&self, key: &NewApiKey) -> Result<i64, StoreError>;
    /// A live (not revoked) key by its hash.
    async fn api_key_by_hash(&self, key_hash: &str) -> Result<Option<ApiKey>, StoreError>;
    /// Writes an agency invoice; `Conflict` if the key already used this idempotency key.
    async fn create_agency_invoice(&self, invoice: &NewAgencyInvoice) -> Result<(), StoreError>;
    /// The request an idempotency key was first used for.
    async fn earlier_request(
        &self,
        api_key_id: i64,
        idempotency_key: &str,
    ) -> Result<Option<EarlierRequest>, StoreError>;
}

/// The JSON body of `POST /v1/invoices`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceRequest {
    /// Amount in shillings, as a number or a string (`1050`, `"1050.50"`).
    pub amount_kes: serde_json::Value,
    /// What it is for, shown to the payer (1–100 characters).
    pub description: String,
    /// One of the agency's services (optional).
    pub service_code: Option<String>,
    /// The agency's own reference (up to 64 characters).
    pub external_ref: Option<String>,
    /// Who is expected to pay (a Kenyan mobile number).
    pub payer_phone: Option<String>,
    /// Days the bill stays payable (1–365; default 30).
    pub expires_in_days: Option<i64>,
}

/// An invoice as the API shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct InvoiceDto {
    /// Bill reference (the M-Pesa account number).
    pub bill_ref: String,
    /// Government fee in shillings.
    pub amount_kes: f64,
    /// Convenience fee in shillings.
    pub convenience_fee_kes: f64,
    /// Total in shillings.
    pub total_kes: f64,
    /// Received so far in shillings.
    pub paid_kes: f64,
    /// Government fee, cents.
    pub amount_minor: i64,
    /// Convenience fee, cents.
    pub convenience_minor: i64,
    /// Total, cents.
    pub total_minor: i64,
    /// Received so far, cents.
    pub paid_minor: i64,
    /// `KES`.
    pub currency: String,
    /// `unpaid`, `part_paid` or `paid`.
    pub status: String,
    /// What it is for.
    pub description: String,
    /// The service, if named.
    pub service_code: Option<String>,
    /// The agency's own reference.
    pub external_ref: Option<String>,
    /// Paybill to pay to, with `bill_ref` as the account number.
    pub paybill: String,
    /// Unix seconds after which it can no longer be paid.
    pub expires_at: Option<i64>,
}

/// Why an API request was refused: HTTP status, a stable code and a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiRefusal {
    /// HTTP status.
    pub status: u16,
    /// Stable machine-readable code.
    pub code: &'static str,
    /// What to fix.
    pub message: String,
}

fn refuse(status: u16, code: &'static str, message: impl Into<String>) -> ApiRefusal {
    ApiRefusal { status, code, message: message.into() }
}

impl From<AppError> for ApiRefusal {
    fn from(e: AppError) -> Self {
        refuse(e.status_code(), "unavailable", e.to_string())
    }
}

/// The key named by an `Authorization: Bearer` header, or a 401 refusal.
pub async fn authenticate(state: &AppState, authorization: Option<&str>) -> Result<ApiKey, ApiRefusal> {
    let unauthorised = || refuse(401, "unauthorized", "send your API key as Authorization: Bearer mlg_…");
    let key = authorization.and_then(|h| h.strip_prefix("Bearer ")).map(str::trim).ok_or_else(unauthorised)?;
    if !key.starts_with("mlg_") || key.len() > 200 {
        return Err(unauthorised());
    }
    match state.store.api_key_by_hash(&hash_key(key)).await.map_err(store_err)? {
        Some(k) => Ok(k),
        None => {
            tracing::warn!(target: "security", prefix = key.get(4..12).unwrap_or(""), "unknown or revoked API key");
            Err(unauthorised())
        }
    }
}

/// Reads an amount in shillings as cents: positive, at most two decimals, within the limit.
fn amount_of(v: &serde_json::Value) -> Result<i64, ApiRefusal> {
    let bad = || {
        refuse(
            422,
            "invalid_amount",
            format!("amount_kes must be a positive amount up to {MAX_INVOICE_KES} with at most two decimals"),
        )
    };
    let minor = super::daraja::amount_minor(Some(v), "amount_kes").map_err(|_| bad())?;
    if minor <= 0 || minor > MAX_INVOICE_KES * 100 {
        return Err(bad());
    }
    Ok(minor)
}

/// Checks a request and prices it (convenience fee from the gazetted bands).
pub fn check_request(state: &AppState, key: &ApiKey, req: &InvoiceRequest) -> Result<NewAgencyInvoice, ApiRefusal> {
    let amount_minor = amount_of(&req.amount_kes)?;
    let description = req.description.trim();
    if description.is_empty() || description.chars().count() > 100 || description.chars().any(char::is_control) {
        return Err(refuse(422, "invalid_description", "description must be 1 to 100 characters of text"));
    }
    let service_code = match req.service_code.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(code) => {
            let live = state.catalogue.current();
            match live.catalogue.service(code) {
                Some(s) if s.agency.as_str() == key.agency_code => Some(s.code.to_string()),
                _ => {
                    return Err(refuse(
                        422,
                        "unknown_service",
                        format!("{code:?} is not one of your agency's services"),
                    ));
                }
            }
        }
    };
    let external_ref = req.external_ref.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    if external_ref.as_ref().is_some_and(|r| r.chars().count() > 64 || r.chars().any(char::is_control)) {
        return Err(refuse(422, "invalid_external_ref", "external_ref must be at most 64 characters of text"));
    }
    let payer_phone = match req.payer_phone.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(p) => Some(
            PhoneNumber::parse(p)
                .map_err(|_| {
                    refuse(422, "invalid_phone", "payer_phone must be a Kenyan mobile number like 0712345678")
                })?
                .as_str()
                .to_string(),
        ),
    };
    let days = req.expires_in_days.unwrap_or(super::INVOICE_LIFE_DAYS);
    if !(1..=365).contains(&days) {
        return Err(refuse(422, "invalid_expiry", "expires_in_days must be from 1 to 365"));
    }
    let now = state.clock.now();
    let quote = state.fees.quote(Money { minor: amount_minor, currency: Currency::Kes }, false);
    Ok(NewAgencyInvoice {
        bill_ref: BillRef::generate().to_string(),
        agency_code: key.agency_code.clone(),
        service_code,
        description: description.to_string(),
        amount_minor: quote.fee.minor,
        convenience_minor: quote.convenience.minor,
        total_minor: quote.total.minor,
        currency: "KES".into(),
        api_key_id: key.id,
        idempotency_key: None,
        request_hash: String::new(),
        first_response: String::new(),
        external_ref,
        payer_phone,
        expires_at: Some(now + days * 86_400),
        now,
    })
}

/// The API view of an invoice.
pub fn dto(i: &super::ports::PayableInvoice, paybill: &str) -> InvoiceDto {
    let kes = |m: i64| m as f64 / 100.0;
    InvoiceDto {
        bill_ref: i.bill_ref.clone(),
        amount_kes: kes(i.amount_minor),
        convenience_fee_kes: kes(i.convenience_minor),
        total_kes: kes(i.total_minor),
        paid_kes: kes(i.paid_minor),
        amount_minor: i.amount_minor,
        convenience_minor: i.convenience_minor,
        total_minor: i.total_minor,
        paid_minor: i.paid_minor,
        currency: i.currency.clone(),
        status: i.status.code().into(),
        description: i.description.clone(),
        service_code: i.service_code.clone(),
        external_ref: i.external_ref.clone(),
        paybill: paybill.to_string(),
        expires_at: i.expires_at,
    }
}

/// Creates an invoice for `key` from the raw request body, honouring `Idempotency-Key`.
/// Returns the HTTP status and the JSON body to send.
pub async fn create_invoice(
    state: &AppState,
    key: &ApiKey,
    idempotency_key: Option<&str>,
    body: &[u8],
) -> Result<(u16, String), ApiRefusal> {
    let idem = match idempotency_key.map(str::trim) {
        Some(k) if k.is_empty() || k.len() > MAX_IDEMPOTENCY_KEY || !k.bytes().all(|b| b.is_ascii_graphic()) => {
            return Err(refuse(
                400,
                "invalid_idempotency_key",
                "Idempotency-Key must be 1 to 255 visible ASCII characters",
            ));
        }
        other => other.map(str::to_string),
    };
    let request_hash = hex(&Sha256::digest(body));
    if let Some(k) = &idem
        && let Some(earlier) = state.store.earlier_request(key.id, k).await.map_err(store_err)?
    {
        return replay(earlier, &request_hash);
    }
    let req: InvoiceRequest = serde_json::from_slice(body)
        .map_err(|e| refuse(400, "invalid_json", format!("the body is not a valid invoice request: {e}")))?;
    let mut invoice = check_request(state, key, &req)?;
    invoice.idempotency_key = idem.clone();
    invoice.request_hash = request_hash.clone();
    let mut view = InvoiceDto {
        bill_ref: invoice.bill_ref.clone(),
        amount_kes: invoice.amount_minor as f64 / 100.0,
        convenience_fee_kes: invoice.convenience_minor as f64 / 100.0,
        total_kes: invoice.total_minor as f64 / 100.0,
        paid_kes: 0.0,
        amount_minor: invoice.amount_minor,
        convenience_minor: invoice.convenience_minor,
        total_minor: invoice.total_minor,
        paid_minor: 0,
        currency: invoice.currency.clone(),
        status: "unpaid".into(),
        description: invoice.description.clone(),
        service_code: invoice.service_code.clone(),
        external_ref: invoice.external_ref.clone(),
        paybill: state.payments.paybill.clone(),
        expires_at: invoice.expires_at,
    };
    invoice.first_response = serde_json::to_string(&view).map_err(AppError::internal)?;
    let mut draws = 1;
    let created = loop {
        match state.store.create_agency_invoice(&invoice).await {
            Err(StoreError::ReferenceTaken(_)) if draws < super::reference::DRAWS => {
                invoice.bill_ref = BillRef::generate().to_string();
                view.bill_ref = invoice.bill_ref.clone();
                invoice.first_response = serde_json::to_string(&view).map_err(AppError::internal)?;
                draws += 1;
            }
            other => break other,
        }
    };
    match created {
        Ok(()) => {
            tracing::info!(bill = %invoice.bill_ref, agency = %key.agency_code, key = %key.prefix, "agency invoice created");
            Ok((201, invoice.first_response))
        }
        // The same key raced in from a concurrent retry: answer as the winner did.
        Err(StoreError::Conflict(_)) if idem.is_some() => {
            let k = idem.as_deref().unwrap_or_default();
            match state.store.earlier_request(key.id, k).await.map_err(store_err)? {
                Some(earlier) => replay(earlier, &request_hash),
                None => Err(refuse(409, "conflict", "try again")),
            }
        }
        Err(e) => Err(store_err(e).into()),
    }
}

fn replay(earlier: EarlierRequest, request_hash: &str) -> Result<(u16, String), ApiRefusal> {
    if earlier.request_hash != request_hash {
        return Err(refuse(
            422,
            "idempotency_key_reused",
            "this Idempotency-Key was already used with a different request body; use a new key for a new invoice",
        ));
    }
    Ok((201, earlier.first_response))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_long_random_and_stored_hashed() {
        let a = issue_key("kra", "test", None, 0);
        let b = issue_key("kra", "test", None, 0);
        assert_ne!(a.key, b.key);
        assert!(a.key.starts_with(&format!("mlg_{}_", a.record.prefix)));
        assert_eq!(a.record.key_hash, hash_key(&a.key));
        assert!(!a.record.key_hash.contains(&a.key[13..]));
        assert!(a.record.webhook_secret.starts_with("whsec_"));
    }

    #[test]
    fn amounts_are_checked() {
        let v = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
        assert_eq!(amount_of(&v("1050")), Ok(105_000));
        assert_eq!(amount_of(&v("\"1050.5\"")), Ok(105_050));
        assert!(amount_of(&v("0")).is_err());
        assert!(amount_of(&v("-5")).is_err());
        assert!(amount_of(&v("1.001")).is_err());
        assert!(amount_of(&v("100000001")).is_err());
        assert!(amount_of(&v("null")).is_err());
    }

    #[test]
    fn a_reused_key_with_another_body_is_refused() {
        let earlier = EarlierRequest { request_hash: "a".into(), first_response: "{}".into() };
        assert_eq!(replay(earlier.clone(), "a"), Ok((201, "{}".into())));
        assert_eq!(replay(earlier, "b").unwrap_err().status, 422);
    }
}
