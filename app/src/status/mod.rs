//! The public status page and incidents: each component's health now (the database pinged, the
//! payment and SMS providers judged from their recent calls), and the incidents platform
//! administrators post, which citizens with a bill to pay hear about by SMS.

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod health;
pub mod model;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ports;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;
pub mod texts;

#[cfg(feature = "ssr")]
pub use service::{record_payments, record_sms};
