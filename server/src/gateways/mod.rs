//! Adapters for the external providers behind the `app` ports: Africa's Talking SMS, Safaricom
//! Daraja (M-Pesa STK push and query), the identity registry (IPRS-like HTTP protocol, or the
//! in-process demo population) and email over SMTP (or the simulator's mailbox).
//!
//! Configuration (all optional; absent = the in-process simulators under `/sim/*`):
//!
//! | variable | meaning |
//! |---|---|
//! | `MLANGO_SMS_BASE_URL` | Africa's Talking API origin, e.g. `https://api.africastalking.com` |
//! | `MLANGO_SMS_USERNAME` | Africa's Talking application username |
//! | `MLANGO_SMS_API_KEY` | Africa's Talking API key |
//! | `MLANGO_SMS_SENDER_ID` | optional sender ID or short code (`from`) |
//! | `MLANGO_IDENTITY_URL` | identity registry origin speaking [`identity_http`]'s protocol |
//! | `MLANGO_IDENTITY_TOKEN` | bearer token for that registry |
//! | `MLANGO_MPESA_BASE_URL` | Daraja origin, e.g. `https://api.safaricom.co.ke` |
//! | `MLANGO_MPESA_CONSUMER_KEY` | the Daraja app's consumer key |
//! | `MLANGO_MPESA_CONSUMER_SECRET` | the Daraja app's consumer secret |
//! | `MLANGO_MPESA_SHORTCODE` | the paybill (`BusinessShortCode`) |
//! | `MLANGO_MPESA_PASSKEY` | the Lipa na M-Pesa Online passkey |
//! | `MLANGO_MPESA_TRANSACTION_TYPE` | optional, `CustomerPayBillOnline` (default) or `CustomerBuyGoodsOnline` |
//! | `MLANGO_SMTP_HOST` | SMTP server for email, e.g. `smtp.example.com`; absent = the mail simulator |
//! | `MLANGO_SMTP_PORT` | optional, default 587 (465 with `MLANGO_SMTP_TLS=tls`) |
//! | `MLANGO_SMTP_TLS` | optional, `starttls` (default, must succeed), `tls` (implicit TLS) or `none` (a relay on this machine only) |
//! | `MLANGO_SMTP_USERNAME` | optional AUTH user name (PLAIN or LOGIN); needs the password |
//! | `MLANGO_SMTP_PASSWORD` | optional AUTH password; needs the user name |
//! | `MLANGO_SMTP_FROM` | sender address, e.g. `no-reply@example.go.ke` (shown as "Mlango"); required with a host |

pub mod africas_talking;
pub mod daraja;
pub mod demo_registry;
mod http_client;
pub mod identity_http;
pub mod smtp;

pub use africas_talking::{AfricasTalkingConfig, AfricasTalkingSms};
pub use app::accounts::identity::{IdentityCheck, IdentityClaim, IdentityRegistry, RegisteredPerson};
pub use app::notifications::ports::{EmailGateway, GatewayError, ProviderReceipt, SmsGateway};
pub use app::payments::gateway::MpesaGateway;
pub use daraja::{DarajaConfig, DarajaGateway};
pub use demo_registry::{DemoRegistry, demo_person, demo_person_example};
pub use identity_http::{HttpIdentityConfig, HttpIdentityRegistry};
pub use smtp::SmtpEmail;

use crate::config::ConfigError;
use crate::sim::{
    SIM_AT_API_KEY, SIM_AT_USERNAME, SIM_MPESA_CONSUMER_KEY, SIM_MPESA_CONSUMER_SECRET, SIM_MPESA_PASSKEY,
    SIM_MPESA_SHORTCODE, SimMailGateway, Simulators,
};
use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

/// The providers the application talks to, chosen once at start-up.
#[derive(Clone)]
pub struct Gateways {
    /// Outgoing SMS.
    pub sms: Arc<dyn SmsGateway>,
    /// Outgoing email.
    pub email: Arc<dyn EmailGateway>,
    /// Identity checks at sign-up.
    pub identity: Arc<dyn IdentityRegistry>,
    /// M-Pesa STK push and query.
    pub mpesa: Arc<dyn MpesaGateway>,
}

/// A real Africa's Talking account.
#[derive(Clone, PartialEq, Eq)]
pub struct SmsSettings {
    /// `MLANGO_SMS_BASE_URL`, without a trailing slash.
    pub base_url: String,
    /// `MLANGO_SMS_USERNAME`.
    pub username: String,
    /// `MLANGO_SMS_API_KEY`.
    pub api_key: String,
    /// `MLANGO_SMS_SENDER_ID`.
    pub sender_id: Option<String>,
}

// Settings end up in start-up logs and panic messages; the secrets must not.
impl fmt::Debug for SmsSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmsSettings")
            .field("base_url", &self.base_url)
            .field("username", &self.username)
            .field("api_key", &"<redacted>")
            .field("sender_id", &self.sender_id)
            .finish()
    }
}

/// A real identity registry.
#[derive(Clone, PartialEq, Eq)]
pub struct IdentitySettings {
    /// `MLANGO_IDENTITY_URL`, without a trailing slash.
    pub url: String,
    /// `MLANGO_IDENTITY_TOKEN`.
    pub token: String,
}

impl fmt::Debug for IdentitySettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdentitySettings").field("url", &self.url).field("token", &"<redacted>").finish()
    }
}

/// A real Daraja app and paybill.
#[derive(Clone, PartialEq, Eq)]
pub struct MpesaSettings {
    /// `MLANGO_MPESA_BASE_URL`, without a trailing slash.
    pub base_url: String,
    /// `MLANGO_MPESA_CONSUMER_KEY`.
    pub consumer_key: String,
    /// `MLANGO_MPESA_CONSUMER_SECRET`.
    pub consumer_secret: String,
    /// `MLANGO_MPESA_SHORTCODE`.
    pub shortcode: String,
    /// `MLANGO_MPESA_PASSKEY`.
    pub passkey: String,
    /// `MLANGO_MPESA_TRANSACTION_TYPE`; `None` is `CustomerPayBillOnline`.
    pub transaction_type: Option<String>,
}

impl fmt::Debug for MpesaSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MpesaSettings")
            .field("base_url", &self.base_url)
            .field("consumer_key", &"<redacted>")
            .field("consumer_secret", &"<redacted>")
            .field("shortcode", &self.shortcode)
            .field("passkey", &"<redacted>")
            .field("transaction_type", &self.transaction_type)
            .finish()
    }
}

/// How the connection to the SMTP server is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpTls {
    /// `starttls`: a plain connection upgraded with STARTTLS, refused if the server does not offer it.
    StartTls,
    /// `tls`: TLS from the first byte (implicit TLS, port 465).
    Tls,
    /// `none`: no encryption, for a relay on this machine only.
    None,
}

/// A real SMTP server.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    /// `MLANGO_SMTP_HOST`: a host name or IP address.
    pub host: String,
    /// `MLANGO_SMTP_PORT`.
    pub port: u16,
    /// `MLANGO_SMTP_TLS`.
    pub tls: SmtpTls,
    /// `MLANGO_SMTP_USERNAME`; AUTH is used only with a username and password.
    pub username: Option<String>,
    /// `MLANGO_SMTP_PASSWORD`.
    pub password: Option<String>,
    /// `MLANGO_SMTP_FROM`: the sender address.
    pub from: String,
    /// Longest wait for one whole message, from connecting to the server's final reply.
    pub timeout: Duration,
}

impl fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("from", &self.from)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// Which real providers are configured; `None` means the in-process simulator.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GatewaySettings {
    /// Africa's Talking, if configured.
    pub sms: Option<SmsSettings>,
    /// The identity registry, if configured.
    pub identity: Option<IdentitySettings>,
    /// Daraja, if configured.
    pub mpesa: Option<MpesaSettings>,
    /// The SMTP server, if configured.
    pub smtp: Option<SmtpSettings>,
}

const SMS_BASE_URL: &str = "MLANGO_SMS_BASE_URL";
const SMS_USERNAME: &str = "MLANGO_SMS_USERNAME";
const SMS_API_KEY: &str = "MLANGO_SMS_API_KEY";
const SMS_SENDER_ID: &str = "MLANGO_SMS_SENDER_ID";
const IDENTITY_URL: &str = "MLANGO_IDENTITY_URL";
const IDENTITY_TOKEN: &str = "MLANGO_IDENTITY_TOKEN";
const MPESA_BASE_URL: &str = "MLANGO_MPESA_BASE_URL";
const MPESA_CONSUMER_KEY: &str = "MLANGO_MPESA_CONSUMER_KEY";
const MPESA_CONSUMER_SECRET: &str = "MLANGO_MPESA_CONSUMER_SECRET";
const MPESA_SHORTCODE: &str = "MLANGO_MPESA_SHORTCODE";
const MPESA_PASSKEY: &str = "MLANGO_MPESA_PASSKEY";
const MPESA_TRANSACTION_TYPE: &str = "MLANGO_MPESA_TRANSACTION_TYPE";
const SMTP_HOST: &str = "MLANGO_SMTP_HOST";
const SMTP_PORT: &str = "MLANGO_SMTP_PORT";
const SMTP_TLS: &str = "MLANGO_SMTP_TLS";
const SMTP_USERNAME: &str = "MLANGO_SMTP_USERNAME";
const SMTP_PASSWORD: &str = "MLANGO_SMTP_PASSWORD";
const SMTP_FROM: &str = "MLANGO_SMTP_FROM";
/// How long one email may take before the outbox retries it later.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(10);

impl GatewaySettings {
    /// Reads the `MLANGO_SMS_*`, `MLANGO_IDENTITY_*`, `MLANGO_MPESA_*` and `MLANGO_SMTP_*` variables.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup` (the environment in production, a map in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |name: &str| lookup(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let (base_url, username, api_key, sender_id) =
            (var(SMS_BASE_URL), var(SMS_USERNAME), var(SMS_API_KEY), var(SMS_SENDER_ID));
        let sms = match (base_url, username, api_key) {
            (None, None, None) if sender_id.is_none() => None,
            (Some(base_url), Some(username), Some(api_key)) => {
                Some(SmsSettings { base_url: http_url(SMS_BASE_URL, &base_url)?, username, api_key, sender_id })
            }
            (base_url, username, api_key) => {
                // Half-configured SMS would silently fall back to the simulator and no citizen
                // would get a code, so it is refused at start-up with every missing name listed.
                let missing: Vec<&'static str> =
                    [(SMS_BASE_URL, &base_url), (SMS_USERNAME, &username), (SMS_API_KEY, &api_key)]
                        .into_iter()
                        .filter(|(_, v)| v.is_none())
                        .map(|(n, _)| n)
                        .collect();
                return Err(ConfigError {
                    name: missing.first().copied().unwrap_or(SMS_BASE_URL),
                    reason: format!(
                        "Africa's Talking is partly configured: set {} too, or unset every MLANGO_SMS_* variable \
                         to use the built-in simulator",
                        missing.join(", ")
                    ),
                });
            }
        };
        let identity = match (var(IDENTITY_URL), var(IDENTITY_TOKEN)) {
            (None, None) => None,
            (Some(url), Some(token)) => Some(IdentitySettings { url: http_url(IDENTITY_URL, &url)?, token }),
            (Some(_), None) => {
                return Err(ConfigError {
                    name: IDENTITY_TOKEN,
                    reason: format!("required when {IDENTITY_URL} is set"),
                });
            }
            (None, Some(_)) => {
                return Err(ConfigError {
                    name: IDENTITY_URL,
                    reason: format!("required when {IDENTITY_TOKEN} is set"),
                });
            }
        };
        let mpesa = mpesa_settings(&var)?;
        let smtp = smtp_settings(&var)?;
        Ok(GatewaySettings { sms, identity, mpesa, smtp })
    }
}

fn smtp_settings(var: &dyn Fn(&str) -> Option<String>) -> Result<Option<SmtpSettings>, ConfigError> {
    let Some(host) = var(SMTP_HOST) else {
        // Without a host the other variables would be silently ignored and email would go to
        // the simulator, so they are refused instead.
        return match [SMTP_PORT, SMTP_TLS, SMTP_USERNAME, SMTP_PASSWORD, SMTP_FROM]
            .into_iter()
            .find(|n| var(n).is_some())
        {
            Some(set) => Err(ConfigError {
                name: SMTP_HOST,
                reason: format!(
                    "required when {set} is set; or unset every MLANGO_SMTP_* variable to use the built-in simulator"
                ),
            }),
            None => Ok(None),
        };
    };
    let ip = host.parse::<IpAddr>().ok();
    let host_ok = ip.is_some()
        || host
            .split('.')
            .all(|l| !l.is_empty() && l.len() <= 63 && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    if !host_ok || host.len() > 253 {
        return Err(ConfigError {
            name: SMTP_HOST,
            reason: format!(
                "{host:?} must be a host name or IP address, e.g. smtp.example.com (the port goes in {SMTP_PORT})"
            ),
        });
    }
    let tls = match var(SMTP_TLS).map(|t| t.to_ascii_lowercase()).as_deref() {
        None | Some("starttls") => SmtpTls::StartTls,
        Some("tls") => SmtpTls::Tls,
        Some("none") => SmtpTls::None,
        Some(other) => {
            return Err(ConfigError { name: SMTP_TLS, reason: format!("{other:?} must be starttls, tls or none") });
        }
    };
    let is_loopback = host.eq_ignore_ascii_case("localhost") || ip.is_some_and(|ip| ip.is_loopback());
    if tls == SmtpTls::None && !is_loopback {
        // Every email carries a one-time code or personal details; across a network they must
        // be encrypted.
        return Err(ConfigError {
            name: SMTP_TLS,
            reason: format!(
                "none is only for a relay on this machine (localhost, 127.0.0.1, ::1), not {host:?}; use starttls or tls"
            ),
        });
    }
    let port = match var(SMTP_PORT) {
        None if tls == SmtpTls::Tls => 465,
        None => 587,
        Some(p) => p.parse::<u16>().ok().filter(|&p| p != 0).ok_or_else(|| ConfigError {
            name: SMTP_PORT,
            reason: format!("{p:?} must be a port number from 1 to 65535"),
        })?,
    };
    let (username, password) = match (var(SMTP_USERNAME), var(SMTP_PASSWORD)) {
        (Some(u), Some(p)) => (Some(u), Some(p)),
        (None, None) => (None, None),
        (Some(_), None) => {
            return Err(ConfigError { name: SMTP_PASSWORD, reason: format!("required when {SMTP_USERNAME} is set") });
        }
        (None, Some(_)) => {
            return Err(ConfigError { name: SMTP_USERNAME, reason: format!("required when {SMTP_PASSWORD} is set") });
        }
    };
    let Some(from) = var(SMTP_FROM) else {
        return Err(ConfigError {
            name: SMTP_FROM,
            reason: format!("required when {SMTP_HOST} is set: the sender address, e.g. no-reply@example.go.ke"),
        });
    };
    // Checked with the mail library's own parser so that the adapter can always build a message.
    if let Err(e) = from.parse::<lettre::Address>() {
        return Err(ConfigError {
            name: SMTP_FROM,
            reason: format!("{from:?} must be a plain address like no-reply@example.go.ke ({e})"),
        });
    }
    Ok(Some(SmtpSettings { host, port, tls, username, password, from, timeout: SMTP_TIMEOUT }))
}

fn mpesa_settings(var: &dyn Fn(&str) -> Option<String>) -> Result<Option<MpesaSettings>, ConfigError> {
    let names = [MPESA_BASE_URL, MPESA_CONSUMER_KEY, MPESA_CONSUMER_SECRET, MPESA_SHORTCODE, MPESA_PASSKEY];
    let values = names.map(var);
    let transaction_type = var(MPESA_TRANSACTION_TYPE);
    if values.iter().all(Option::is_none) && transaction_type.is_none() {
        return Ok(None);
    }
    let missing: Vec<&'static str> = names.iter().zip(&values).filter(|(_, v)| v.is_none()).map(|(n, _)| *n).collect();
    let [Some(base_url), Some(consumer_key), Some(consumer_secret), Some(shortcode), Some(passkey)] = values else {
        // Half-configured M-Pesa would silently fall back to the simulator and take "payments"
        // that never reach the agency, so it is refused at start-up with every missing name.
        return Err(ConfigError {
            name: missing.first().copied().unwrap_or(MPESA_BASE_URL),
            reason: format!(
                "M-Pesa (Daraja) is partly configured: set {} too, or unset every MLANGO_MPESA_* variable \
                 to use the built-in simulator",
                missing.join(", ")
            ),
        });
    };
    if !shortcode.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ConfigError { name: MPESA_SHORTCODE, reason: format!("{shortcode:?} must be digits only") });
    }
    if let Some(t) = &transaction_type
        && t != "CustomerPayBillOnline"
        && t != "CustomerBuyGoodsOnline"
    {
        return Err(ConfigError {
            name: MPESA_TRANSACTION_TYPE,
            reason: format!("{t:?} must be CustomerPayBillOnline or CustomerBuyGoodsOnline"),
        });
    }
    Ok(Some(MpesaSettings {
        base_url: http_url(MPESA_BASE_URL, &base_url)?,
        consumer_key,
        consumer_secret,
        shortcode,
        passkey,
        transaction_type,
    }))
}

fn http_url(name: &'static str, value: &str) -> Result<String, ConfigError> {
    if !(value.starts_with("http://") || value.starts_with("https://")) {
        return Err(ConfigError { name, reason: format!("{value:?} must start with http:// or https://") });
    }
    Ok(value.trim_end_matches('/').to_string())
}

/// Builds the gateways. `loopback_base` is an origin at which this process serves `/sim/*`
/// (e.g. `http://127.0.0.1:3000`): without a real SMS account or Daraja app the real Africa's
/// Talking and Daraja adapters talk to the simulators over HTTP, so the demo exercises the same
/// wire protocols as production.
pub fn build(settings: &GatewaySettings, sims: &Simulators, loopback_base: &str) -> Gateways {
    let sms_config = match &settings.sms {
        Some(s) => AfricasTalkingConfig::new(&s.base_url, &s.username, &s.api_key, s.sender_id.clone()),
        None => AfricasTalkingConfig::new(
            &format!("{}/sim/sms", loopback_base.trim_end_matches('/')),
            SIM_AT_USERNAME,
            SIM_AT_API_KEY,
            None,
        ),
    };
    let identity: Arc<dyn IdentityRegistry> = match &settings.identity {
        Some(s) => Arc::new(HttpIdentityRegistry::new(HttpIdentityConfig::new(&s.url, &s.token))),
        None => Arc::new(DemoRegistry),
    };
    let mpesa_config = match &settings.mpesa {
        Some(s) => {
            let mut config =
                DarajaConfig::new(&s.base_url, &s.consumer_key, &s.consumer_secret, &s.shortcode, &s.passkey);
            if let Some(t) = &s.transaction_type {
                config.transaction_type = t.clone();
            }
            config
        }
        None => DarajaConfig::new(
            &format!("{}/sim/mpesa", loopback_base.trim_end_matches('/')),
            SIM_MPESA_CONSUMER_KEY,
            SIM_MPESA_CONSUMER_SECRET,
            SIM_MPESA_SHORTCODE,
            SIM_MPESA_PASSKEY,
        ),
    };
    let email: Arc<dyn EmailGateway> = match &settings.smtp {
        Some(s) => Arc::new(SmtpEmail::new(s)),
        None => Arc::new(SimMailGateway::new(sims.mail.clone())),
    };
    Gateways {
        sms: Arc::new(AfricasTalkingSms::new(sms_config)),
        email,
        identity,
        mpesa: Arc::new(DarajaGateway::new(mpesa_config)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(vars: &[(&str, &str)]) -> Result<GatewaySettings, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        GatewaySettings::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn gateways_default_to_the_simulators() {
        assert_eq!(settings(&[]).unwrap(), GatewaySettings::default());
        assert_eq!(settings(&[(SMS_USERNAME, "  ")]).unwrap(), GatewaySettings::default());
    }

    #[test]
    fn gateways_read_a_full_sms_configuration() {
        let s = settings(&[
            (SMS_BASE_URL, "https://api.africastalking.com/"),
            (SMS_USERNAME, "mlango"),
            (SMS_API_KEY, "secret-key"),
            (SMS_SENDER_ID, "MLANGO"),
        ])
        .unwrap();
        let sms = s.sms.unwrap();
        assert_eq!(sms.base_url, "https://api.africastalking.com");
        assert_eq!(sms.sender_id.as_deref(), Some("MLANGO"));
        assert!(!format!("{sms:?}").contains("secret-key"));
    }

    #[test]
    fn gateways_refuse_partial_sms_configuration_naming_what_is_missing() {
        let e = settings(&[(SMS_USERNAME, "mlango")]).unwrap_err();
        assert_eq!(e.name, SMS_BASE_URL);
        assert!(e.reason.contains(SMS_API_KEY), "{}", e.reason);
        let e = settings(&[(SMS_SENDER_ID, "MLANGO")]).unwrap_err();
        assert!(e.reason.contains(SMS_USERNAME), "{}", e.reason);
        let e =
            settings(&[(SMS_BASE_URL, "api.africastalking.com"), (SMS_USERNAME, "u"), (SMS_API_KEY, "k")]).unwrap_err();
        assert_eq!(e.name, SMS_BASE_URL);
    }

    #[test]
    fn gateways_identity_needs_url_and_token_together() {
        assert_eq!(settings(&[(IDENTITY_URL, "https://iprs.example")]).unwrap_err().name, IDENTITY_TOKEN);
        assert_eq!(settings(&[(IDENTITY_TOKEN, "t")]).unwrap_err().name, IDENTITY_URL);
        let s = settings(&[(IDENTITY_URL, "https://iprs.example/"), (IDENTITY_TOKEN, "tok")]).unwrap();
        let id = s.identity.unwrap();
        assert_eq!(id.url, "https://iprs.example");
        assert!(!format!("{id:?}").contains("tok\""));
    }

    const MPESA_FULL: [(&str, &str); 5] = [
        (MPESA_BASE_URL, "https://api.safaricom.co.ke/"),
        (MPESA_CONSUMER_KEY, "consumer-key"),
        (MPESA_CONSUMER_SECRET, "consumer-secret"),
        (MPESA_SHORTCODE, "4012345"),
        (MPESA_PASSKEY, "pass-key"),
    ];

    #[test]
    fn gateways_read_a_full_mpesa_configuration() {
        let mpesa = settings(&MPESA_FULL).unwrap().mpesa.unwrap();
        assert_eq!(mpesa.base_url, "https://api.safaricom.co.ke");
        assert_eq!(mpesa.shortcode, "4012345");
        assert_eq!(mpesa.transaction_type, None);
        let shown = format!("{mpesa:?}");
        for secret in ["consumer-key", "consumer-secret", "pass-key"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        let mut vars = MPESA_FULL.to_vec();
        vars.push((MPESA_TRANSACTION_TYPE, "CustomerBuyGoodsOnline"));
        assert_eq!(settings(&vars).unwrap().mpesa.unwrap().transaction_type.as_deref(), Some("CustomerBuyGoodsOnline"));
    }

    #[test]
    fn gateways_refuse_partial_mpesa_configuration_naming_what_is_missing() {
        let e = settings(&MPESA_FULL[..3]).unwrap_err();
        assert_eq!(e.name, MPESA_SHORTCODE);
        assert!(e.reason.contains(MPESA_PASSKEY) && e.reason.contains(MPESA_SHORTCODE), "{}", e.reason);
        assert!(!e.reason.contains(MPESA_BASE_URL), "{}", e.reason);
        let e = settings(&[(MPESA_TRANSACTION_TYPE, "CustomerPayBillOnline")]).unwrap_err();
        assert_eq!(e.name, MPESA_BASE_URL);
        for name in [MPESA_CONSUMER_KEY, MPESA_CONSUMER_SECRET, MPESA_SHORTCODE, MPESA_PASSKEY] {
            assert!(e.reason.contains(name), "{}", e.reason);
        }
        let mut vars = MPESA_FULL.to_vec();
        vars[0] = (MPESA_BASE_URL, "api.safaricom.co.ke");
        assert_eq!(settings(&vars).unwrap_err().name, MPESA_BASE_URL);
        vars[0] = MPESA_FULL[0];
        vars[3] = (MPESA_SHORTCODE, "40-12345");
        assert_eq!(settings(&vars).unwrap_err().name, MPESA_SHORTCODE);
        vars[3] = MPESA_FULL[3];
        vars.push((MPESA_TRANSACTION_TYPE, "PayBill"));
        assert_eq!(settings(&vars).unwrap_err().name, MPESA_TRANSACTION_TYPE);
    }

    const SMTP_FULL: [(&str, &str); 4] = [
        (SMTP_HOST, "smtp.example.go.ke"),
        (SMTP_USERNAME, "mlango@example.go.ke"),
        (SMTP_PASSWORD, "smtp-password"),
        (SMTP_FROM, "no-reply@example.go.ke"),
    ];

    #[test]
    fn gateways_read_a_full_smtp_configuration() {
        let smtp = settings(&SMTP_FULL).unwrap().smtp.unwrap();
        assert_eq!(
            smtp,
            SmtpSettings {
                host: "smtp.example.go.ke".into(),
                port: 587,
                tls: SmtpTls::StartTls,
                username: Some("mlango@example.go.ke".into()),
                password: Some("smtp-password".into()),
                from: "no-reply@example.go.ke".into(),
                timeout: SMTP_TIMEOUT,
            }
        );
        let shown = format!("{smtp:?}");
        assert!(!shown.contains("smtp-password") && shown.contains("<redacted>"), "{shown}");

        let mut vars = SMTP_FULL.to_vec();
        vars.push((SMTP_TLS, "TLS"));
        let smtp = settings(&vars).unwrap().smtp.unwrap();
        assert_eq!((smtp.tls, smtp.port), (SmtpTls::Tls, 465));
        vars.push((SMTP_PORT, "2465"));
        assert_eq!(settings(&vars).unwrap().smtp.unwrap().port, 2465);

        let relay =
            settings(&[(SMTP_HOST, "127.0.0.1"), (SMTP_TLS, "none"), (SMTP_PORT, "25"), (SMTP_FROM, "a@example.com")])
                .unwrap()
                .smtp
                .unwrap();
        assert_eq!((relay.tls, relay.port, relay.username, relay.password), (SmtpTls::None, 25, None, None));
        assert!(settings(&[(SMTP_HOST, "localhost"), (SMTP_TLS, "none"), (SMTP_FROM, "a@example.com")]).is_ok());
        assert!(settings(&[(SMTP_HOST, "::1"), (SMTP_TLS, "none"), (SMTP_FROM, "a@example.com")]).is_ok());
    }

    #[test]
    fn gateways_refuse_bad_smtp_settings_naming_the_variable() {
        let with = |extra: &[(&'static str, &'static str)]| {
            let mut vars: Vec<(&str, &str)> = SMTP_FULL.to_vec();
            vars.retain(|(n, _)| !extra.iter().any(|(e, _)| e == n));
            vars.extend_from_slice(extra);
            settings(&vars).unwrap_err()
        };
        for port in ["smtp", "0", "70000", "-1", "587.0"] {
            let e = with(&[(SMTP_PORT, port)]);
            assert_eq!(e.name, SMTP_PORT, "{port}");
            assert!(e.reason.contains(port), "{}", e.reason);
        }
        let e = with(&[(SMTP_TLS, "ssl")]);
        assert_eq!(e.name, SMTP_TLS);
        assert!(e.reason.contains("starttls, tls or none"), "{}", e.reason);
        // Plain text across a network would carry codes and the password in clear.
        assert_eq!(with(&[(SMTP_TLS, "none")]).name, SMTP_TLS);
        for host in ["smtp://smtp.example.go.ke", "smtp.example.go.ke:587", "smtp example", "smtp..example"] {
            assert_eq!(with(&[(SMTP_HOST, host)]).name, SMTP_HOST, "{host}");
        }
        assert_eq!(with(&[(SMTP_FROM, "Mlango no-reply")]).name, SMTP_FROM);
        assert_eq!(with(&[(SMTP_FROM, "")]).name, SMTP_FROM);
        assert_eq!(with(&[(SMTP_PASSWORD, "")]).name, SMTP_PASSWORD);
        assert_eq!(with(&[(SMTP_USERNAME, " ")]).name, SMTP_USERNAME);
        // Without a host the rest would be ignored and email would go to the simulator.
        let e = with(&[(SMTP_HOST, "")]);
        assert_eq!(e.name, SMTP_HOST);
        assert!(e.reason.contains(SMTP_USERNAME), "{}", e.reason);
        assert_eq!(settings(&[(SMTP_TLS, "tls")]).unwrap_err().name, SMTP_HOST);
    }

    #[tokio::test]
    async fn gateways_configured_smtp_replaces_the_mail_simulator() {
        let port = {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            listener.local_addr().unwrap().port()
        };
        let smtp = SmtpSettings {
            host: "127.0.0.1".into(),
            port,
            tls: SmtpTls::None,
            username: None,
            password: None,
            from: "no-reply@example.go.ke".into(),
            timeout: Duration::from_secs(2),
        };
        let sims = Simulators::new();
        let gw =
            build(&GatewaySettings { smtp: Some(smtp), ..GatewaySettings::default() }, &sims, "http://127.0.0.1:9");
        let to = app::contact::EmailAddress::parse("wanjiku@example.com").unwrap();
        let err = gw.email.send_email(&to, "Hello", "Body").await.unwrap_err();
        assert!(matches!(err, GatewayError::Unavailable(_)), "{err:?}");
        assert!(sims.mail.messages(None).is_empty());
    }

    #[tokio::test]
    async fn gateways_demo_build_sends_sms_through_the_simulator_over_http() {
        let (sims, base) = crate::sim::spawn_for_tests().await;
        let gw = build(&GatewaySettings::default(), &sims, &base);
        let to = app::contact::PhoneNumber::parse("0712000111").unwrap();
        let receipt = gw.sms.send_sms(&to, "Your code is 123456").await.unwrap();
        assert_eq!(receipt.provider, "africastalking");
        let inbox = sims.sms.messages(Some(&to));
        assert_eq!(inbox.len(), 1);
        assert_eq!(inbox[0].id, receipt.message_id);

        let email = app::contact::EmailAddress::parse("wanjiku@example.com").unwrap();
        gw.email.send_email(&email, "Hello", "Body").await.unwrap();
        assert_eq!(sims.mail.messages(Some(&email)).len(), 1);

        let (number, person) = demo_person_example(app::accounts::identity::DocumentKind::NationalId);
        let claim = IdentityClaim {
            kind: app::accounts::identity::DocumentKind::NationalId,
            number,
            first_name: person.first_name.clone(),
            year_of_birth: person.year_of_birth,
        };
        assert_eq!(gw.identity.verify(&claim).await.unwrap(), IdentityCheck::Match(person));

        let push = app::payments::gateway::StkPush {
            phone: to.clone(),
            amount_kes: 100,
            account_reference: "4829175536".into(),
            description: "Fee".into(),
            callback_url: format!("{base}/callbacks/mpesa/stk/demo"),
        };
        let accepted = gw.mpesa.stk_push(&push).await.unwrap();
        assert_eq!(sims.mpesa.pending_for(&to)[0].checkout_request_id, accepted.checkout_request_id);
    }
}
