//! Messages to citizens and staff (SMS, email). This slice is the provider ports; the
//! durable outbox on top of them comes with the notifications work.

#[cfg(feature = "ssr")]
pub mod ports;
