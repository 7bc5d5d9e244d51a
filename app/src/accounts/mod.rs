//! Accounts, identity, sign-in and sessions.

pub mod identity;
pub mod model;
pub mod otp;
pub mod password;
pub mod throttle;

#[cfg(feature = "ssr")]
pub mod ports;
pub mod texts;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod privacy;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session;
