//! Any bytes posted to the M-Pesa callback endpoints must parse or be refused, never panic,
//! and a parsed payment must carry a sane amount.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(r) = app::payments::daraja::parse_stk_callback(data)
        && let Some(paid) = r.paid
    {
        assert!(paid.amount_minor >= 0);
        assert!(!paid.mpesa_receipt.is_empty());
    }
    if let Ok(p) = app::payments::daraja::parse_c2b(data) {
        assert!(p.amount_minor >= 0);
        assert!(!p.trans_id.is_empty());
    }
});
