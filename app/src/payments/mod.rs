//! Payments: invoices with check-digit bill references, M-Pesa (STK push and paybill),
//! callbacks stored raw and deduplicated, receipts, and the state machine that makes every
//! payment count exactly once.

#[cfg(feature = "ssr")]
pub mod agency;
#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod daraja;
/// How long a bill stays payable, in days (then its application expires if nothing was paid).
pub const INVOICE_LIFE_DAYS: i64 = 30;

#[cfg(feature = "ssr")]
pub mod gateway;
pub mod islands;
#[cfg(feature = "ssr")]
pub mod outage;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ports;
pub mod reference;
#[cfg(feature = "ssr")]
pub mod refunds;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod settlement;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod statement;
#[cfg(feature = "ssr")]
pub mod texts;
#[cfg(feature = "ssr")]
pub mod tokens;
#[cfg(feature = "ssr")]
pub mod webhooks;
