//! The `mlango` server: adapters (database, search, gateways), the HTTP surface, workers and
//! the command line. Domain rules and pages live in the `app` crate.

pub mod accounts;
pub mod api;
pub mod apply;
pub mod appointments;
pub mod backup;
pub mod catalogue;
pub mod charter;
pub mod cli;
pub mod config;
pub mod db;
pub mod documents;
pub mod gateways;
pub mod http;
pub mod outbox;
pub mod page_cache;
pub mod payments;
pub mod pwa;
pub mod security;
pub mod seed_scale;
pub mod sim;
pub mod sms_callbacks;
pub mod startup;
pub mod telemetry;
pub mod webhooks;
pub mod workers;
