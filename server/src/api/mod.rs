//! Machine interfaces: the REST API v1 with its OpenAPI document, health probes and metrics.

pub mod health;
pub mod invoices;
pub mod metrics;
pub mod status;
pub mod suggest;
pub mod v1;
