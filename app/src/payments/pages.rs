//! The payment section of an application page: what is due, "Pay with M-Pesa", the paybill
//! details for paying from the phone's own menu, the live status, and the receipts.

use super::islands::PaymentWatch;
use super::ports::{Attempt, PayableInvoice, Payment};
use super::reference::BillRef;
use super::state::InvoiceStatus;
use super::texts::pay_texts;
use crate::i18n::Lang;
use leptos::prelude::*;

fn money(minor: i64, currency: &str) -> String {
    crate::applications::pages::money(Some(minor), Some(currency))
}

/// Everything the payment section shows.
pub struct PaymentSection {
    /// The bill.
    pub invoice: PayableInvoice,
    /// Its attempts, newest first.
    pub attempts: Vec<Attempt>,
    /// Its payments, oldest first.
    pub payments: Vec<Payment>,
    /// The phone to prefill (the account's).
    pub phone: String,
    /// The paybill number.
    pub paybill: String,
    /// `sent` / `unsure` after pressing pay.
    pub paying: Option<String>,
    /// The citizen's unused credit, cents.
    pub credit_minor: i64,
    /// Unix seconds (for the bill's expiry).
    pub now: i64,
    /// Whether the citizen waits for M-Pesa to work again (it refused their payment).
    pub waiting: bool,
}

/// Renders the payment section.
pub fn payment_section(lang: Lang, a: &crate::applications::texts::AppTexts, s: PaymentSection) -> impl IntoView {
    let t = pay_texts(lang);
    let i = &s.invoice;
    let cur = i.currency.clone();
    let grouped = BillRef::parse(&i.bill_ref).map(|b| b.grouped()).unwrap_or_else(|_| i.bill_ref.clone());
    let latest = s.attempts.first().cloned();
    let open = latest.as_ref().is_some_and(|x| x.state.is_open());
    let watch = latest.as_ref().filter(|_| i.status != InvoiceStatus::Paid).map(|x| {
        let message = match s.paying.as_deref() {
            Some("unsure") => t.unsure.to_string(),
            _ => (t.attempt)(x.state, x.result_code),
        };
        view! {
            <PaymentWatch bill_ref=i.bill_ref.clone() message=message state=x.state.code().to_string() verify_text=t.verify_receipt.to_string() />
        }
    });
    let payable = i.payable_at(s.now);
    let can_pay = payable && !open;
    let outstanding = i.outstanding_minor();
    let pay_form = can_pay.then(|| view! {
        <form method="post" action="/api/payments/mpesa" class="stack">
            <input type="hidden" name="bill_ref" value=i.bill_ref.clone() />
            <div class="field">
                <label for="phone">{t.phone_label}</label>
                <p class="hint" id="phone-hint">{t.phone_hint}</p>
                <input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" aria-describedby="phone-hint" value=s.phone.clone() required=true />
            </div>
            <button type="submit" class="button">{t.pay_button}" – "{money(outstanding, &cur)}</button>
        </form>
    });
    let credit = (payable && s.credit_minor > 0).then(|| {
        view! {
            <form method="post" action="/api/payments/credit" class="stack">
                <input type="hidden" name="bill_ref" value=i.bill_ref.clone() />
                <p>{t.credit_offer}" "<strong>{money(s.credit_minor, "KES")}</strong></p>
                <button type="submit" class="button button-secondary">{t.use_credit}</button>
            </form>
        }
    });
    let paybill = payable.then(|| {
        view! {
            <h3>{t.paybill_heading}</h3>
            <dl class="summary-list">
                <div><dt>{t.business_no}</dt><dd><code>{s.paybill.clone()}</code></dd></div>
                <div><dt>{t.account_no}</dt><dd><code>{grouped.clone()}</code></dd></div>
                <div><dt>{t.amount}</dt><dd>{money(outstanding, &cur)}</dd></div>
            </dl>
        }
    });
    let receipts = (!s.payments.is_empty()).then(|| {
        let rows = s
            .payments
            .iter()
            .map(|p| {
                let extra = if p.needs_review {
                    Some(format!(" ({})", t.review_note))
                } else if p.credit_minor > 0 {
                    Some(format!(" ({} {})", money(p.credit_minor, &cur), t.credit_note))
                } else {
                    None
                };
                view! {
                    <li>
                        <code>{p.receipt_no.clone()}</code>" · "{money(p.amount_minor, &cur)}
                        {p.mpesa_receipt.clone().map(|r| view! { " · M-Pesa " <code>{r}</code> })}
                        {extra}" · "
                        <a href=format!("/receipts/{}/receipt.pdf", p.receipt_no)>{t.download_receipt}</a>" · "
                        <a href=format!("/v1/receipts/{}", p.receipt_no)>{t.verify_receipt}</a>
                    </li>
                }
            })
            .collect_view();
        view! { <h3>{t.receipts_heading}</h3><ul class="plain-list">{rows}</ul> }
    });
    view! {
        <section id="payment">
            <h2>{t.heading}</h2>
            <dl class="summary-list">
                <div><dt>{a.bill_ref}</dt><dd><code>{grouped}</code></dd></div>
                <div><dt>{a.fee}</dt><dd>{money(i.amount_minor, &cur)}</dd></div>
                <div><dt>{a.convenience}</dt><dd>{money(i.convenience_minor, &cur)}</dd></div>
                <div><dt>{a.total}</dt><dd><strong>{money(i.total_minor, &cur)}</strong></dd></div>
                {(i.paid_minor > 0).then(|| view! { <div><dt>{t.paid_so_far}</dt><dd>{money(i.paid_minor, &cur)}</dd></div> })}
                {i.expires_at.filter(|_| payable).map(|e| view! {
                    <div><dt>{t.pay_by}</dt><dd>{crate::applications::calendar::Date::from_unix_eat(e).iso()}</dd></div>
                })}
                {(i.status == InvoiceStatus::PartPaid).then(|| view! { <div><dt>{t.outstanding}</dt><dd><strong>{money(outstanding, &cur)}</strong></dd></div> })}
            </dl>
            {(i.status == InvoiceStatus::Paid).then(|| view! { <p class="notice">{t.paid}</p> })}
            {payable.then(|| view! { <p>{a.pay_note}</p> })}
            {(i.accepts_payment() && !payable).then(|| view! { <p class="notice">{t.expired}</p> })}
            {(s.waiting && can_pay).then(|| {
                let w = super::outage::wait_texts(lang);
                view! {
                    <div class="notice notice-warning" role="status" id="payment-waiting">
                        <h3>{w.heading}</h3>
                        <p>{w.body}</p>
                    </div>
                }
            })}
            {watch}
            {credit}
            {pay_form}
            {paybill}
            {receipts}
        </section>
    }
}
