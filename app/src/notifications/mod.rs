//! Messages to citizens and staff (SMS, email): the provider ports, the durable outbox every
//! notifying change writes to, and the texts.

#[cfg(feature = "ssr")]
pub mod inbound;
#[cfg(feature = "ssr")]
pub mod outbox;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ports;
#[cfg(feature = "ssr")]
pub mod service;
pub mod texts;
pub mod two_way;
