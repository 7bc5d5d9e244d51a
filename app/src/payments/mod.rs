//! Payments: invoices with check-digit bill references, M-Pesa (STK push and paybill),
//! callbacks stored raw and deduplicated, receipts, and the state machine that makes every
//! payment count exactly once.

#[cfg(feature = "ssr")]
pub mod gateway;
