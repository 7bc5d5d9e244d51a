//! Words of the payment pages, in English and Kiswahili.

use super::state::{AttemptState, result_reason};
use crate::i18n::Lang;

/// Payment texts in one language.
#[derive(Debug)]
pub struct PayTexts {
    /// Section heading.
    pub heading: &'static str,
    /// Amount already received.
    pub paid_so_far: &'static str,
    /// Amount still due.
    pub outstanding: &'static str,
    /// The bill is settled.
    pub paid: &'static str,
    /// Label of the phone field.
    pub phone_label: &'static str,
    /// Hint under the phone field.
    pub phone_hint: &'static str,
    /// The pay button.
    pub pay_button: &'static str,
    /// Paybill heading.
    pub paybill_heading: &'static str,
    /// Paybill: business number label.
    pub business_no: &'static str,
    /// Paybill: account number label.
    pub account_no: &'static str,
    /// Paybill: amount label.
    pub amount: &'static str,
    /// Receipts heading.
    pub receipts_heading: &'static str,
    /// Link text to verify a receipt.
    pub verify_receipt: &'static str,
    /// Link text to download a receipt.
    pub download_receipt: &'static str,
    /// Before the credit amount.
    pub credit_offer: &'static str,
    /// Label of the last day to pay.
    pub pay_by: &'static str,
    /// The bill expired.
    pub expired: &'static str,
    /// Use-credit button.
    pub use_credit: &'static str,
    /// Credit kept note.
    pub credit_note: &'static str,
    /// Under review note.
    pub review_note: &'static str,
    /// After "pay": unsure whether the prompt went out.
    pub unsure: &'static str,
    /// A sentence about an attempt's state and result.
    pub attempt: fn(AttemptState, Option<i64>) -> String,
}

fn attempt_en(state: AttemptState, code: Option<i64>) -> String {
    match state {
        AttemptState::Requesting | AttemptState::Pending => {
            "Check your phone: enter your M-Pesa PIN to pay. This page updates by itself.".into()
        }
        AttemptState::Unknown => "We could not confirm the request reached your phone. If you paid, it will show here within a few minutes. If no money left your account, you can try again after two minutes.".into(),
        AttemptState::Paid => "Paid. Thank you.".into(),
        AttemptState::NeedsReview => "We received a payment that needs checking. Our staff will contact you; do not pay again.".into(),
        AttemptState::Failed => match code.map(result_reason) {
            Some("cancelled") => "You cancelled the M-Pesa request. Nothing was charged. You can try again.".into(),
            Some("wrong_pin") => "The M-Pesa PIN was not right. Nothing was charged. Try again.".into(),
            Some("insufficient_funds") => "Your M-Pesa balance was not enough. Nothing was charged. Top up and try again, or pay by Paybill.".into(),
            Some("no_answer") => "The request on your phone was not answered in time. Nothing was charged. Try again.".into(),
            Some("limit") => "M-Pesa refused the amount (a transaction limit). Nothing was charged. Pay by Paybill or try later.".into(),
            _ => "The payment did not go through. Nothing was charged. You can try again.".into(),
        },
    }
}

fn attempt_sw(state: AttemptState, code: Option<i64>) -> String {
    match state {
        AttemptState::Requesting | AttemptState::Pending => {
            "Angalia simu yako: weka PIN yako ya M-Pesa ili kulipa. Ukurasa huu utajisasisha wenyewe.".into()
        }
        AttemptState::Unknown => "Hatukuweza kuthibitisha kama ombi lilifika kwenye simu yako. Ukilipa, itaonekana hapa baada ya dakika chache. Kama hukukatwa pesa, unaweza kujaribu tena baada ya dakika mbili.".into(),
        AttemptState::Paid => "Imelipwa. Asante.".into(),
        AttemptState::NeedsReview => "Tumepokea malipo yanayohitaji kukaguliwa. Wafanyakazi wetu watawasiliana nawe; usilipe tena.".into(),
        AttemptState::Failed => match code.map(result_reason) {
            Some("cancelled") => "Ulighairi ombi la M-Pesa. Hukukatwa pesa. Unaweza kujaribu tena.".into(),
            Some("wrong_pin") => "PIN ya M-Pesa si sahihi. Hukukatwa pesa. Jaribu tena.".into(),
            Some("insufficient_funds") => "Salio lako la M-Pesa halitoshi. Hukukatwa pesa. Ongeza salio ujaribu tena, au lipa kwa Paybill.".into(),
            Some("no_answer") => "Ombi kwenye simu yako halikujibiwa kwa wakati. Hukukatwa pesa. Jaribu tena.".into(),
            Some("limit") => "M-Pesa imekataa kiasi hiki (kikomo cha muamala). Hukukatwa pesa. Lipa kwa Paybill au jaribu baadaye.".into(),
            _ => "Malipo hayakufanikiwa. Hukukatwa pesa. Unaweza kujaribu tena.".into(),
        },
    }
}

const EN: PayTexts = PayTexts {
    heading: "Payment",
    paid_so_far: "Paid so far",
    outstanding: "Still to pay",
    paid: "This bill is fully paid. Thank you.",
    phone_label: "M-Pesa phone number",
    phone_hint: "We send a request to this phone. Enter your M-Pesa PIN there to pay.",
    pay_button: "Pay with M-Pesa",
    paybill_heading: "Or pay from the M-Pesa menu (Lipa na M-Pesa, Pay Bill)",
    business_no: "Business number",
    account_no: "Account number",
    amount: "Amount",
    receipts_heading: "Receipts",
    verify_receipt: "Check this receipt",
    download_receipt: "Download the receipt (PDF)",
    credit_offer: "You have credit from an earlier payment:",
    pay_by: "Pay by",
    expired: "The time to pay this bill has passed. Apply again to get a new bill.",
    use_credit: "Use my credit for this bill",
    credit_note: "kept as your credit for another bill",
    review_note: "being checked by our staff",
    unsure: "We could not confirm the request reached your phone. Do not pay twice: wait a few minutes for it to show here.",
    attempt: attempt_en,
};

const SW: PayTexts = PayTexts {
    heading: "Malipo",
    paid_so_far: "Kilicholipwa",
    outstanding: "Kinachobaki",
    paid: "Ankara hii imelipwa kikamilifu. Asante.",
    phone_label: "Nambari ya simu ya M-Pesa",
    phone_hint: "Tutatuma ombi kwenye simu hii. Weka PIN yako ya M-Pesa huko ili kulipa.",
    pay_button: "Lipa kwa M-Pesa",
    paybill_heading: "Au lipa kupitia menyu ya M-Pesa (Lipa na M-Pesa, Pay Bill)",
    business_no: "Nambari ya biashara",
    account_no: "Nambari ya akaunti",
    amount: "Kiasi",
    receipts_heading: "Stakabadhi",
    verify_receipt: "Hakiki stakabadhi hii",
    download_receipt: "Pakua stakabadhi (PDF)",
    credit_offer: "Una salio kutoka kwa malipo ya awali:",
    pay_by: "Lipa kabla ya",
    expired: "Muda wa kulipa ankara hii umepita. Tuma ombi upya ili upate ankara mpya.",
    use_credit: "Tumia salio langu kwa ankara hii",
    credit_note: "kimewekwa kama salio lako kwa ankara nyingine",
    review_note: "inakaguliwa na wafanyakazi wetu",
    unsure: "Hatukuweza kuthibitisha kama ombi lilifika kwenye simu yako. Usilipe mara mbili: subiri dakika chache lionekane hapa.",
    attempt: attempt_sw,
};

/// Payment texts for a language.
pub fn pay_texts(lang: Lang) -> &'static PayTexts {
    match lang {
        Lang::En => &EN,
        Lang::Sw => &SW,
    }
}

/// Settlement report texts in one language.
#[derive(Debug)]
pub struct SettlementTexts {
    /// Page heading.
    pub heading: &'static str,
    /// Intro sentence.
    pub intro: &'static str,
    /// From label.
    pub from: &'static str,
    /// To label.
    pub to: &'static str,
    /// Show button.
    pub show: &'static str,
    /// CSV link.
    pub download: &'static str,
    /// Column: date.
    pub date: &'static str,
    /// Column: service.
    pub service: &'static str,
    /// Column: payments.
    pub payments: &'static str,
    /// Column: government fees.
    pub fees: &'static str,
    /// Column: convenience fees.
    pub convenience: &'static str,
    /// Totals row.
    pub total: &'static str,
    /// Nothing in the period.
    pub empty: &'static str,
    /// Refunds heading.
    pub refunds: &'static str,
    /// How refunds work.
    pub refunds_intro: &'static str,
    /// Receipt number label.
    pub receipt: &'static str,
    /// Refund amount label.
    pub amount: &'static str,
    /// Reason label.
    pub reason: &'static str,
    /// Ask button.
    pub ask: &'static str,
    /// Column: asked by.
    pub asked_by: &'static str,
    /// Column: status.
    pub status: &'static str,
    /// Approve button.
    pub approve: &'static str,
    /// Reject button.
    pub reject: &'static str,
    /// Note label.
    pub note: &'static str,
    /// Own request waiting.
    pub waiting_for_other: &'static str,
    /// No refunds yet.
    pub no_refunds: &'static str,
    /// State names: requested, approved, rejected.
    pub states: [&'static str; 3],
}

const SETTLEMENT_EN: SettlementTexts = SettlementTexts {
    heading: "Settlement report",
    intro: "Money received for your agency's services, per day (East Africa Time) and service, from the ledger.",
    from: "From",
    to: "To",
    show: "Show",
    download: "Download as CSV",
    date: "Date",
    service: "Service",
    payments: "Payments",
    fees: "Government fees",
    convenience: "Convenience fees",
    total: "Total",
    empty: "No payments in this period.",
    refunds: "Refunds",
    refunds_intro: "A refund needs two people: one asks, another finance officer or admin of the agency approves or rejects it.",
    receipt: "Receipt number",
    amount: "Amount to refund (KSh)",
    reason: "Reason",
    ask: "Ask for the refund",
    asked_by: "Asked by",
    status: "Status",
    approve: "Approve",
    reject: "Reject",
    note: "Note (needed to reject)",
    waiting_for_other: "Waiting for another person",
    no_refunds: "No refunds asked for yet.",
    states: ["Waiting for approval", "Approved, due to the payer", "Rejected"],
};

const SETTLEMENT_SW: SettlementTexts = SettlementTexts {
    heading: "Ripoti ya makusanyo",
    intro: "Pesa zilizopokelewa kwa huduma za idara yako, kwa siku (saa za Afrika Mashariki) na huduma, kutoka kwenye leja.",
    from: "Kuanzia",
    to: "Hadi",
    show: "Onyesha",
    download: "Pakua kama CSV",
    date: "Tarehe",
    service: "Huduma",
    payments: "Malipo",
    fees: "Ada za serikali",
    convenience: "Ada za huduma",
    total: "Jumla",
    empty: "Hakuna malipo katika kipindi hiki.",
    refunds: "Marejesho",
    refunds_intro: "Marejesho yanahitaji watu wawili: mmoja anaomba, afisa mwingine wa fedha au msimamizi wa idara anaidhinisha au kukataa.",
    receipt: "Nambari ya stakabadhi",
    amount: "Kiasi cha kurejesha (KSh)",
    reason: "Sababu",
    ask: "Omba marejesho",
    asked_by: "Aliyeomba",
    status: "Hali",
    approve: "Idhinisha",
    reject: "Kataa",
    note: "Maelezo (yanahitajika kukataa)",
    waiting_for_other: "Inasubiri mtu mwingine",
    no_refunds: "Hakuna marejesho yaliyoombwa bado.",
    states: ["Inasubiri idhini", "Imeidhinishwa, inadaiwa na mlipaji", "Imekataliwa"],
};

/// Settlement texts for a language.
pub fn settlement_texts(lang: Lang) -> &'static SettlementTexts {
    match lang {
        Lang::En => &SETTLEMENT_EN,
        Lang::Sw => &SETTLEMENT_SW,
    }
}
