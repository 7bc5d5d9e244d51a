//! Integration tests: one binary (links once), run against SQLite always and PostgreSQL when
//! available (always in CI). See helpers.rs for the backend switch.

mod accounts;
mod agencies;
mod agency_api;
mod applications;
mod appointments;
mod audit;
mod backup;
mod charter;
mod charter_import;
mod cluster;
mod degraded;
mod fees;
mod helpers;
mod hot_paths;
mod http_api;
mod offices;
mod offline_drafts;
mod outbox;
mod outbox_crash;
mod pages;
mod payments;
mod payments_chaos;
mod payments_crash;
mod payments_outage;
mod provider_tokens;
mod queue;
mod reconciliation;
mod scale_seed;
mod security;
mod services;
mod status;
mod store_story;
mod team;
mod two_way_sms;
mod uploads;
