//! Appointments for a service's in-person steps (biometrics, collection, inspection): the
//! agency's offices, half-hour slots with a capacity, and booking, moving and cancelling.

pub mod schedule;
pub mod texts;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ports;
#[cfg(feature = "ssr")]
pub mod service;
