//! Reading Daraja's callbacks (STK result, C2B validation and confirmation), pure and total:
//! any byte string either parses into a checked value or is refused with a reason — never a
//! panic (a fuzz target and property tests hold it to that). Field quirks follow the reference
//! (`ResultCode` a number here but a string elsewhere, `Item` a name/value list that may hold
//! a `Balance` with no value, amounts as `1.00` or `1500`, numbers or strings).

use serde_json::Value;

/// Largest callback body read; Daraja's are well under 2 KB.
pub const MAX_CALLBACK_BYTES: usize = 16 * 1024;

/// Why a callback body was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallbackError {
    /// Too big to be Daraja's.
    #[error("body larger than {MAX_CALLBACK_BYTES} bytes")]
    TooLarge,
    /// Not JSON.
    #[error("not JSON")]
    NotJson,
    /// A required field is missing or has the wrong type.
    #[error("missing or invalid field {0}")]
    Field(&'static str),
}

/// An STK push result as Daraja posted it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StkResult {
    /// `MerchantRequestID`.
    pub merchant_request_id: String,
    /// `CheckoutRequestID`.
    pub checkout_request_id: String,
    /// `ResultCode` (0 = paid).
    pub result_code: i64,
    /// `ResultDesc`.
    pub result_desc: String,
    /// What was paid (successful callbacks only).
    pub paid: Option<StkPaid>,
}

/// The metadata of a successful STK payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StkPaid {
    /// `Amount`, in cents.
    pub amount_minor: i64,
    /// `MpesaReceiptNumber`.
    pub mpesa_receipt: String,
    /// `TransactionDate` as `YYYYMMDDHHmmss` (EAT).
    pub transaction_date: String,
    /// `PhoneNumber` (2547…).
    pub phone: String,
}

/// A paybill (C2B) payment, at validation or confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct C2bPayment {
    /// `TransID`: the M-Pesa receipt number.
    pub trans_id: String,
    /// `TransTime` (`YYYYMMDDHHmmss`).
    pub trans_time: String,
    /// `TransAmount`, in cents.
    pub amount_minor: i64,
    /// `BusinessShortCode`.
    pub short_code: String,
    /// `BillRefNumber`: the account number the customer typed.
    pub bill_ref_number: String,
    /// `MSISDN` (may arrive hashed or masked; never used as an identifier).
    pub msisdn: String,
}

fn parse_json(body: &[u8]) -> Result<Value, CallbackError> {
    if body.len() > MAX_CALLBACK_BYTES {
        return Err(CallbackError::TooLarge);
    }
    serde_json::from_slice(body).map_err(|_| CallbackError::NotJson)
}

/// A short identifier field: non-empty printable ASCII, at most 64 characters.
fn ident(v: Option<&Value>, name: &'static str) -> Result<String, CallbackError> {
    let s = match v {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err(CallbackError::Field(name)),
    };
    if s.is_empty() || s.len() > 64 || !s.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(CallbackError::Field(name));
    }
    Ok(s)
}

fn text(v: Option<&Value>, max: usize) -> String {
    match v {
        Some(Value::String(s)) => s.chars().filter(|c| !c.is_control()).take(max).collect(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn integer(v: Option<&Value>, name: &'static str) -> Result<i64, CallbackError> {
    match v {
        Some(Value::Number(n)) => n.as_i64().ok_or(CallbackError::Field(name)),
        Some(Value::String(s)) => s.trim().parse().map_err(|_| CallbackError::Field(name)),
        _ => Err(CallbackError::Field(name)),
    }
}

/// An amount in shillings (`1`, `1.00`, `"1500.00"`) as cents; refuses negatives, more than two
/// decimals' worth of precision and anything above KSh 1 billion.
pub fn amount_minor(v: Option<&Value>, name: &'static str) -> Result<i64, CallbackError> {
    let s = match v {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.trim().to_string(),
        _ => return Err(CallbackError::Field(name)),
    };
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if whole.is_empty() || whole.len() > 10 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CallbackError::Field(name));
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CallbackError::Field(name));
    }
    let shillings: i64 = whole.parse().map_err(|_| CallbackError::Field(name))?;
    let cents: i64 =
        if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().map_err(|_| CallbackError::Field(name))? };
    if shillings > 1_000_000_000 {
        return Err(CallbackError::Field(name));
    }
    Ok(shillings * 100 + cents)
}

/// Reads an STK push callback body.
pub fn parse_stk_callback(body: &[u8]) -> Result<StkResult, CallbackError> {
    let v = parse_json(body)?;
    let cb = v.get("Body").and_then(|b| b.get("stkCallback")).ok_or(CallbackError::Field("Body.stkCallback"))?;
    let result_code = integer(cb.get("ResultCode"), "ResultCode")?;
    let mut out = StkResult {
        merchant_request_id: ident(cb.get("MerchantRequestID"), "MerchantRequestID")?,
        checkout_request_id: ident(cb.get("CheckoutRequestID"), "CheckoutRequestID")?,
        result_code,
        result_desc: text(cb.get("ResultDesc"), 200),
        paid: None,
    };
    if result_code == 0 {
        let items = cb
            .get("CallbackMetadata")
            .and_then(|m| m.get("Item"))
            .and_then(Value::as_array)
            .ok_or(CallbackError::Field("CallbackMetadata.Item"))?;
        // By name, not position; entries without a value (Balance) are skipped.
        let item = |name: &str| {
            items.iter().find(|i| i.get("Name").and_then(Value::as_str) == Some(name)).and_then(|i| i.get("Value"))
        };
        out.paid = Some(StkPaid {
            amount_minor: amount_minor(item("Amount"), "Amount")?,
            mpesa_receipt: ident(item("MpesaReceiptNumber"), "MpesaReceiptNumber")?,
            transaction_date: ident(item("TransactionDate"), "TransactionDate")?,
            phone: ident(item("PhoneNumber"), "PhoneNumber")?,
        });
    }
    Ok(out)
}

/// Reads a C2B validation or confirmation body.
pub fn parse_c2b(body: &[u8]) -> Result<C2bPayment, CallbackError> {
    let v = parse_json(body)?;
    Ok(C2bPayment {
        trans_id: ident(v.get("TransID"), "TransID")?,
        trans_time: text(v.get("TransTime"), 20),
        amount_minor: amount_minor(v.get("TransAmount"), "TransAmount")?,
        short_code: ident(v.get("BusinessShortCode"), "BusinessShortCode")?,
        bill_ref_number: text(v.get("BillRefNumber"), 40),
        msisdn: text(v.get("MSISDN"), 80),
    })
}

/// C2B validation result codes (Daraja's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum C2bVerdict {
    /// `0`: accept.
    Accept,
    /// `C2B00012`: invalid account number (unknown, closed or mistyped bill).
    InvalidAccount,
    /// `C2B00013`: invalid amount.
    InvalidAmount,
    /// `C2B00015`: invalid short code.
    InvalidShortCode,
    /// `C2B00016`: other error (e.g. could not check).
    Other,
}

impl C2bVerdict {
    /// The validation reply body.
    pub fn reply(self) -> Value {
        let code = match self {
            C2bVerdict::Accept => return serde_json::json!({"ResultCode": "0", "ResultDesc": "Accepted"}),
            C2bVerdict::InvalidAccount => "C2B00012",
            C2bVerdict::InvalidAmount => "C2B00013",
            C2bVerdict::InvalidShortCode => "C2B00015",
            C2bVerdict::Other => "C2B00016",
        };
        serde_json::json!({"ResultCode": code, "ResultDesc": "Rejected"})
    }
}

/// The acknowledgement Daraja expects for confirmations and STK callbacks.
pub fn accepted() -> Value {
    serde_json::json!({"ResultCode": 0, "ResultDesc": "Accepted"})
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SUCCESS: &str = r#"{"Body":{"stkCallback":{"MerchantRequestID":"29115-34620561-1","CheckoutRequestID":"ws_CO_191220191020363925","ResultCode":0,"ResultDesc":"The service request is processed successfully.","CallbackMetadata":{"Item":[{"Name":"Amount","Value":1.00},{"Name":"MpesaReceiptNumber","Value":"NLJ7RT61SV"},{"Name":"Balance"},{"Name":"TransactionDate","Value":20191219102115},{"Name":"PhoneNumber","Value":254708374149}]}}}}"#;
    const FAILURE: &str = r#"{"Body":{"stkCallback":{"MerchantRequestID":"f1e2-4b95-a71d-b30d3cdbb7a7942864","CheckoutRequestID":"ws_CO_21072024125243250722943992","ResultCode":1032,"ResultDesc":"Request cancelled by user"}}}"#;
    const C2B: &str = r#"{"TransactionType":"CustomerPayBillOnline","TransID":"LHG31ZWMTU","TransTime":"20131007143537","TransAmount":1000.00,"BusinessShortCode":"174379","BillRefNumber":"Invoice12345","InvoiceNumber":"INV-001","OrgAccountBalance":49297.00,"ThirdPartyTransID":"","MSISDN":"254728811655","FirstName":"John","MiddleName":"Doe","LastName":"Smith"}"#;

    #[test]
    fn reads_the_reference_callbacks() {
        let s = parse_stk_callback(SUCCESS.as_bytes()).unwrap();
        assert_eq!(s.result_code, 0);
        let paid = s.paid.unwrap();
        assert_eq!(paid.amount_minor, 100);
        assert_eq!(paid.mpesa_receipt, "NLJ7RT61SV");
        assert_eq!(paid.transaction_date, "20191219102115");
        assert_eq!(paid.phone, "254708374149");
        let f = parse_stk_callback(FAILURE.as_bytes()).unwrap();
        assert_eq!((f.result_code, f.paid), (1032, None));
        assert_eq!(f.checkout_request_id, "ws_CO_21072024125243250722943992");
        let c = parse_c2b(C2B.as_bytes()).unwrap();
        assert_eq!(c.amount_minor, 100_000);
        assert_eq!(c.trans_id, "LHG31ZWMTU");
        assert_eq!(c.bill_ref_number, "Invoice12345");
    }

    #[test]
    fn refuses_what_is_not_a_callback() {
        assert_eq!(parse_stk_callback(b"").unwrap_err(), CallbackError::NotJson);
        assert_eq!(parse_stk_callback(b"{}").unwrap_err(), CallbackError::Field("Body.stkCallback"));
        let truncated = &SUCCESS.as_bytes()[..SUCCESS.len() / 2];
        assert_eq!(parse_stk_callback(truncated).unwrap_err(), CallbackError::NotJson);
        let no_meta = SUCCESS.replace("CallbackMetadata", "Other");
        assert!(parse_stk_callback(no_meta.as_bytes()).is_err());
        let negative = SUCCESS.replace("1.00", "-5");
        assert_eq!(parse_stk_callback(negative.as_bytes()).unwrap_err(), CallbackError::Field("Amount"));
        let huge = vec![b' '; MAX_CALLBACK_BYTES + 1];
        assert_eq!(parse_stk_callback(&huge).unwrap_err(), CallbackError::TooLarge);
        assert!(parse_c2b(C2B.replace("1000.00", "\"1e5\"").as_bytes()).is_err());
    }

    #[test]
    fn amounts_are_read_exactly() {
        let a = |s: &str| amount_minor(Some(&serde_json::from_str::<Value>(s).unwrap()), "a");
        assert_eq!(a("1500"), Ok(150_000));
        assert_eq!(a("1.00"), Ok(100));
        assert_eq!(a("\"1050.5\""), Ok(105_050));
        assert_eq!(a("\"0.07\""), Ok(7));
        assert!(a("1.005").is_err());
        assert!(a("\"abc\"").is_err());
        assert!(a("null").is_err());
    }

    #[test]
    fn replies_match_the_protocol() {
        assert_eq!(C2bVerdict::Accept.reply()["ResultCode"], "0");
        assert_eq!(C2bVerdict::InvalidAccount.reply()["ResultCode"], "C2B00012");
        assert_eq!(accepted()["ResultCode"], 0);
    }

    proptest! {
        #[test]
        fn parsers_never_panic(body in prop::collection::vec(any::<u8>(), 0..400)) {
            let _ = parse_stk_callback(&body);
            let _ = parse_c2b(&body);
        }

        #[test]
        fn mangled_callbacks_never_panic(cut in 0usize..400, byte in any::<u8>(), at in 0usize..400) {
            let mut b = SUCCESS.as_bytes().to_vec();
            let at = at % b.len();
            b[at] = byte;
            b.truncate(cut.min(b.len()));
            let _ = parse_stk_callback(&b);
        }
    }
}
