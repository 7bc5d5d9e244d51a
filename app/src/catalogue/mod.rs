//! The national service catalogue: agencies, services, fees, search.

pub mod fees;
pub mod index;
pub mod islands;
pub mod model;
pub mod suggest;

#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ports;
#[cfg(feature = "ssr")]
pub mod search_text;
