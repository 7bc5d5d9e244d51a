//! Platform admins' side of agencies: onboarding a new agency into the catalogue (with its first
//! admin), and its API keys — created (the key and webhook secret shown once) and revoked (the
//! key stops working on the next request).

use super::team::{StaffChange, StaffOutcome, account_by_id_number, check_add, mask_id};
use crate::accounts::model::Role;
use crate::accounts::service::{audit, store_err};
use crate::accounts::session::Caller;
use crate::catalogue::model::{Agency, AgencyCode, AgencyKind, Localized};
use crate::catalogue::ports::CatalogueBatch;
use crate::error::{AppError, Problem};
use crate::payments::agency::issue_key;
use crate::ssr::AppState;

/// Who onboards agencies and manages their API keys.
pub const AGENCY_ROLES: &[Role] = &[Role::PlatformAdmin];

/// Agencies on one page of the list.
pub const PAGE_SIZE: u32 = 50;

/// The cookie that carries a new key from the creating post to the page that shows it once.
pub const NEW_KEY_COOKIE: &str = "__Host-mlango_new_key";

/// What the onboarding form sends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgencyForm {
    /// Code.
    pub code: String,
    /// Kind code.
    pub kind: String,
    /// English name.
    pub name_en: String,
    /// Kiswahili name.
    pub name_sw: String,
    /// English description.
    pub description_en: String,
    /// Kiswahili description.
    pub description_sw: String,
    /// County number, for county governments.
    pub county_number: String,
    /// Website.
    pub website: String,
}

/// Plain text of `min..=max` characters: no control characters except line breaks where
/// `lines` allows them.
fn plain(s: &str, min: usize, max: usize, lines: bool) -> Option<String> {
    let s = s.trim();
    let n = s.chars().count();
    let ok = (min..=max).contains(&n) && s.chars().all(|c| !c.is_control() || (lines && (c == '\n' || c == '\r')));
    ok.then(|| s.to_string())
}

/// An `https://host…` address (or `http://` when `allow_http`), at most `max` characters.
fn web_address(s: &str, max: usize, allow_http: bool) -> Option<String> {
    let s = s.trim();
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://").filter(|_| allow_http))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let ok = s.len() <= max && !host.is_empty() && !host.contains('@') && s.chars().all(|c| c.is_ascii_graphic());
    ok.then(|| s.to_string())
}

/// Checks an onboarding form and makes the catalogue's agency of it.
pub fn check_agency(f: &AgencyForm) -> Result<Agency, Problem> {
    let code = AgencyCode::parse(&f.code).map_err(|_| Problem::AgencyCodeInvalid)?;
    let kind = AgencyKind::parse(&f.kind).ok_or(Problem::AgencyKindInvalid)?;
    let name = |s: &str| plain(s, 3, 160, false).ok_or(Problem::AgencyNameInvalid);
    let description = |s: &str| plain(s, 1, 600, true).ok_or(Problem::AgencyDescriptionInvalid);
    let county = f.county_number.trim();
    let county_number = match (kind, county) {
        (AgencyKind::County, n) => {
            Some(n.parse::<u8>().ok().filter(|n| (1..=47).contains(n)).ok_or(Problem::AgencyCountyInvalid)?)
        }
        (_, "") => None,
        _ => return Err(Problem::AgencyCountyInvalid),
    };
    let website = match f.website.trim() {
        "" => None,
        w => Some(web_address(w, 200, false).ok_or(Problem::AgencyWebsiteInvalid)?),
    };
    Ok(Agency {
        code,
        kind,
        name: Localized::new(name(&f.name_en)?, name(&f.name_sw)?),
        description: Localized::new(description(&f.description_en)?, description(&f.description_sw)?),
        county_number,
        website,
    })
}

/// Checks a new key's label and webhook URL (http:// is allowed for testing, as the CLI does).
pub fn check_key_request(label: &str, webhook_url: &str) -> Result<(String, Option<String>), Problem> {
    let label = plain(label, 1, 60, false).ok_or(Problem::ApiKeyLabelInvalid)?;
    let url = match webhook_url.trim() {
        "" => None,
        u => Some(web_address(u, 500, true).ok_or(Problem::WebhookUrlInvalid)?),
    };
    Ok((label, url))
}

/// A new key on its way to the page that shows it once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewKeyFlash {
    /// The key's id.
    pub id: i64,
    /// The whole key.
    pub key: String,
    /// The webhook signing secret.
    pub webhook_secret: String,
}

impl NewKeyFlash {
    /// The `Set-Cookie` value carrying it: `__Host-` (this origin only), HttpOnly (no script
    /// reads it), Strict (no other site's link brings it along) and at most five minutes old.
    pub fn cookie(&self) -> String {
        format!(
            "{NEW_KEY_COOKIE}={}.{}.{}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=300",
            self.id, self.key, self.webhook_secret
        )
    }

    /// Reads a cookie value; anything but what [`NewKeyFlash::cookie`] writes is ignored.
    pub fn parse(value: &str) -> Option<NewKeyFlash> {
        let mut parts = value.split('.');
        let (id, key, secret) = (parts.next()?, parts.next()?, parts.next()?);
        let token = |s: &str, prefix: &str| {
            s.starts_with(prefix) && s.len() <= 120 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        };
        if parts.next().is_some() || !token(key, "mlg_") || !token(secret, "whsec_") {
            return None;
        }
        Some(NewKeyFlash { id: id.parse().ok()?, key: key.to_string(), webhook_secret: secret.to_string() })
    }

    /// Whether it is the key `prefix` (the list's public part).
    pub fn is_key(&self, prefix: &str) -> bool {
        self.key.strip_prefix("mlg_").and_then(|k| k.strip_prefix(prefix)).is_some_and(|rest| rest.starts_with('_'))
    }
}

/// The `Set-Cookie` value that removes the new-key cookie.
pub fn clearing_new_key_cookie() -> String {
    format!("{NEW_KEY_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// The platform admin acting.
fn platform_admin(caller: &Caller) -> Result<crate::accounts::ports::Account, AppError> {
    let me = caller.account()?;
    if !AGENCY_ROLES.contains(&me.role) {
        return Err(AppError::Forbidden);
    }
    Ok(me.clone())
}

/// An existing agency's code, normalised.
async fn existing_agency(state: &AppState, code: &str) -> Result<String, AppError> {
    let code = code.trim().to_ascii_lowercase();
    match state.store.agency_summary(&code).await.map_err(store_err)? {
        Some(a) => Ok(a.code),
        None => Err(Problem::AgencyUnknown.into()),
    }
}

/// Onboards an agency into the catalogue, with `admin_id_number`'s account (if given) as its
/// first admin; returns its code.
pub async fn onboard(
    state: &AppState,
    caller: &Caller,
    form: &AgencyForm,
    admin_id_number: &str,
) -> Result<String, AppError> {
    let me = platform_admin(caller)?;
    let agency = check_agency(form)?;
    let code = agency.code.to_string();
    if state.store.agency_summary(&code).await.map_err(store_err)?.is_some() {
        return Err(Problem::AgencyExists.into());
    }
    // Every check on the first admin comes before the agency is written, so a refused admin
    // leaves nothing half done.
    let admin = match admin_id_number.trim() {
        "" => None,
        n => {
            let person = account_by_id_number(state, n).await?;
            check_add(person.role, person.agency.as_deref(), &code)?;
            Some(person)
        }
    };
    // Through the catalogue's own import, which bumps the catalogue version: every server
    // reloads and the agency appears on the public pages. (Two admins onboarding one code in
    // the same instant would both pass the check above and the later import would update the
    // agency; a double submit of one form writes the same thing twice, which is harmless.)
    let batch = CatalogueBatch { agencies: vec![agency.clone()], services: vec![] };
    state.store.import_catalogue(&batch).await.map_err(store_err)?;
    let detail = format!("{code}: {} ({}) by {}", agency.name.en, agency.kind.as_str(), me.full_name());
    audit(state, "agency_onboarded", None, Some(me.id), &caller.client, detail).await;
    if let Some(person) = admin {
        let change =
            StaffChange { account_id: person.id, agency_code: code.clone(), from: person.role, to: Role::AgencyAdmin };
        match state.store.change_staff(&change).await.map_err(store_err)? {
            StaffOutcome::Done { sessions_ended } => {
                let detail = format!(
                    "{code}: {} ({}) now agency_admin (was {}), by {}; {sessions_ended} sessions ended",
                    person.full_name(),
                    mask_id(&person.document_number),
                    person.role.code(),
                    me.full_name()
                );
                audit(state, "staff_added", Some(person.id), Some(me.id), &caller.client, detail).await;
            }
            // The agency is made; the admin can be added again from its team page.
            StaffOutcome::Stale | StaffOutcome::LastAdmin => return Err(Problem::StaffChanged.into()),
        }
    }
    Ok(code)
}

/// Makes an API key for `agency`; the key and secret go back to the caller only.
pub async fn create_key(
    state: &AppState,
    caller: &Caller,
    agency: &str,
    label: &str,
    webhook_url: &str,
) -> Result<(String, NewKeyFlash), AppError> {
    let me = platform_admin(caller)?;
    let agency = existing_agency(state, agency).await?;
    let (label, url) = check_key_request(label, webhook_url)?;
    let issued = issue_key(&agency, &label, url, state.clock.now());
    let id = state.store.create_api_key(&issued.record).await.map_err(store_err)?;
    let detail = format!("{agency}: key mlg_{} ({label}) by {}", issued.record.prefix, me.full_name());
    audit(state, "api_key_created", None, Some(me.id), &caller.client, detail).await;
    Ok((agency, NewKeyFlash { id, key: issued.key, webhook_secret: issued.record.webhook_secret }))
}

/// Revokes one of `agency`'s keys; from then on the API refuses it.
pub async fn revoke_key(state: &AppState, caller: &Caller, agency: &str, key_id: i64) -> Result<String, AppError> {
    let me = platform_admin(caller)?;
    let agency = existing_agency(state, agency).await?;
    if !state.store.revoke_api_key(&agency, key_id, state.clock.now()).await.map_err(store_err)? {
        let keys = state.store.api_keys_of(&agency).await.map_err(store_err)?;
        return Err(match keys.iter().find(|k| k.id == key_id) {
            Some(_) => Problem::ApiKeyRevoked,
            None => Problem::ApiKeyUnknown,
        }
        .into());
    }
    let prefix = state
        .store
        .api_keys_of(&agency)
        .await
        .map_err(store_err)?
        .into_iter()
        .find(|k| k.id == key_id)
        .map(|k| k.prefix)
        .unwrap_or_default();
    let detail = format!("{agency}: key mlg_{prefix} revoked by {}", me.full_name());
    audit(state, "api_key_revoked", None, Some(me.id), &caller.client, detail).await;
    Ok(agency)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> AgencyForm {
        AgencyForm {
            code: " Kenya-Forest ".into(),
            kind: "state_agency".into(),
            name_en: "Kenya Forest Service".into(),
            name_sw: "Huduma ya Misitu ya Kenya".into(),
            description_en: "Permits for forest produce.".into(),
            description_sw: "Vibali vya mazao ya misitu.".into(),
            county_number: String::new(),
            website: "https://www.kenyaforestservice.org".into(),
        }
    }

    #[test]
    fn an_agency_needs_a_code_kind_and_both_languages() {
        let a = check_agency(&form()).unwrap();
        assert_eq!((a.code.as_str(), a.kind, a.county_number), ("kenya-forest", AgencyKind::StateAgency, None));
        assert_eq!(a.name.sw, "Huduma ya Misitu ya Kenya");
        let bad = |f: fn(&mut AgencyForm)| {
            let mut x = form();
            f(&mut x);
            check_agency(&x).unwrap_err()
        };
        assert_eq!(bad(|f| f.code = "k".into()), Problem::AgencyCodeInvalid);
        assert_eq!(bad(|f| f.code = "kenya forest".into()), Problem::AgencyCodeInvalid);
        assert_eq!(bad(|f| f.kind = "company".into()), Problem::AgencyKindInvalid);
        assert_eq!(bad(|f| f.name_sw = "  ".into()), Problem::AgencyNameInvalid);
        assert_eq!(bad(|f| f.name_en = "x".repeat(161)), Problem::AgencyNameInvalid);
        assert_eq!(bad(|f| f.name_en = "Kenya\u{0}Forest".into()), Problem::AgencyNameInvalid);
        assert_eq!(bad(|f| f.description_sw = String::new()), Problem::AgencyDescriptionInvalid);
        assert_eq!(bad(|f| f.description_en = "y".repeat(601)), Problem::AgencyDescriptionInvalid);
        assert_eq!(bad(|f| f.county_number = "12".into()), Problem::AgencyCountyInvalid);
        assert_eq!(bad(|f| f.website = "http://kfs.go.ke".into()), Problem::AgencyWebsiteInvalid);
        assert_eq!(bad(|f| f.website = "https://".into()), Problem::AgencyWebsiteInvalid);
        assert_eq!(bad(|f| f.website = "javascript:alert(1)".into()), Problem::AgencyWebsiteInvalid);
    }

    #[test]
    fn a_county_needs_its_number() {
        let county = |n: &str| {
            let mut f = form();
            f.kind = "county".into();
            f.county_number = n.into();
            check_agency(&f).map(|a| a.county_number)
        };
        assert_eq!(county("47"), Ok(Some(47)));
        for bad in ["", "0", "48", "x"] {
            assert_eq!(county(bad), Err(Problem::AgencyCountyInvalid), "{bad}");
        }
    }

    #[test]
    fn a_key_needs_a_label_and_a_web_address_for_webhooks() {
        assert_eq!(check_key_request(" eCitizen bridge ", ""), Ok(("eCitizen bridge".into(), None)));
        assert_eq!(
            check_key_request("Billing", "https://billing.kfs.go.ke/hooks/mlango?x=1"),
            Ok(("Billing".into(), Some("https://billing.kfs.go.ke/hooks/mlango?x=1".into())))
        );
        assert!(check_key_request("Test", "http://127.0.0.1:9000/hook").is_ok());
        assert_eq!(check_key_request("", ""), Err(Problem::ApiKeyLabelInvalid));
        assert_eq!(check_key_request(&"l".repeat(61), ""), Err(Problem::ApiKeyLabelInvalid));
        for bad in ["ftp://x", "https://", "https://a b", "https://user@evil.example/", "billing.kfs.go.ke"] {
            assert_eq!(check_key_request("Billing", bad), Err(Problem::WebhookUrlInvalid), "{bad}");
        }
    }

    #[test]
    fn the_new_key_cookie_reads_back_only_what_was_written() {
        let flash = NewKeyFlash { id: 7, key: "mlg_ab12cd34_ffee".into(), webhook_secret: "whsec_0011".into() };
        let cookie = flash.cookie();
        assert!(cookie.starts_with("__Host-mlango_new_key=7.mlg_ab12cd34_ffee.whsec_0011;"), "{cookie}");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Max-Age=300"));
        assert_eq!(NewKeyFlash::parse("7.mlg_ab12cd34_ffee.whsec_0011"), Some(flash.clone()));
        assert!(flash.is_key("ab12cd34") && !flash.is_key("ab12cd3") && !flash.is_key("ffee"));
        for bad in ["7.mlg_x.whsec_y.z", "x.mlg_a.whsec_b", "7.key.whsec_b", "7.mlg_<b>.whsec_c", "7.mlg_a"] {
            assert_eq!(NewKeyFlash::parse(bad), None, "{bad}");
        }
    }
}
