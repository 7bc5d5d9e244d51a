//! Accounts, identity, sign-in and sessions.

pub mod identity;
pub mod model;
